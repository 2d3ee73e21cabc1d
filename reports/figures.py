"""Exercise drawings for the patient handout: one small SVG stick-figure style for every exercise.

Each exercise has a start and an end pose (joint angles in exam/protocol/exercise_guide.py).
The figure is built by adding up segment directions from the hip, set on the floor by its
lowest point, and drawn with thick black strokes (the far limbs in mid grey), so it stays
legible printed in black and white. Presentation attributes only: no CSS, no script, no text
taken from the patient record.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from django.utils.html import escape

from exam.protocol.exercise_guide import ExerciseGuide, Pose

# Segment lengths in drawing units (a 1.75 m adult is about 180 units tall).
TRUNK, NECK, HEAD_R = 52.0, 8.0, 9.0
THIGH, SHIN, FOOT = 44.0, 42.0, 13.0
UPPER_ARM, FOREARM = 27.0, 25.0

PANEL_W, PANEL_H = 170.0, 130.0
FLOOR_Y = PANEL_H - 8
MARGIN = 6.0
NEAR, FAR, PROP = "#111", "#8c8c8c", "#555"
STROKE = 5.0


def _dir(angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return math.sin(rad), -math.cos(rad)


def _add(point: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    dx, dy = _dir(angle)
    return point[0] + dx * length, point[1] + dy * length


@dataclass
class _Figure:
    joints: dict[str, tuple[float, float]]
    head: tuple[float, float]
    near: list[tuple[str, str]]
    far: list[tuple[str, str]]


def _skeleton(pose: Pose) -> _Figure:
    j: dict[str, tuple[float, float]] = {"hip": (0.0, 0.0)}
    j["shoulder"] = _add(j["hip"], pose.trunk, TRUNK)
    head_angle = pose.trunk if pose.head is None else pose.head
    head = _add(j["shoulder"], head_angle, NECK + HEAD_R)
    legs = (
        ("", pose.thigh, pose.shin, pose.foot),
        (
            "2",
            pose.thigh if pose.thigh2 is None else pose.thigh2,
            pose.shin if pose.shin2 is None else pose.shin2,
            pose.foot2,
        ),
    )
    for suffix, thigh, shin, foot in legs:
        j["knee" + suffix] = _add(j["hip"], thigh, THIGH)
        j["ankle" + suffix] = _add(j["knee" + suffix], shin, SHIN)
        if foot is None:
            same_leg = suffix and pose.thigh2 is None and pose.shin2 is None
            foot = pose.foot if same_leg and pose.foot is not None else shin - 90
        j["toe" + suffix] = _add(j["ankle" + suffix], foot, FOOT)
    arms = (
        ("", pose.arm, pose.forearm),
        ("2", pose.arm if pose.arm2 is None else pose.arm2, pose.forearm2),
    )
    for suffix, arm, forearm in arms:
        if forearm is None:
            same_arm = suffix and pose.arm2 is None
            forearm = pose.forearm if same_arm and pose.forearm is not None else arm
        j["elbow" + suffix] = _add(j["shoulder"], arm, UPPER_ARM)
        j["wrist" + suffix] = _add(j["elbow" + suffix], forearm, FOREARM)
    limbs = {
        "": [("hip", "knee"), ("knee", "ankle"), ("ankle", "toe")],
        "arm": [("shoulder", "elbow"), ("elbow", "wrist")],
    }
    near = limbs[""] + limbs["arm"]
    far = [(a + ("2" if a != "hip" and a != "shoulder" else ""), b + "2") for a, b in near]
    return _Figure(joints=j, head=head, near=near, far=far)


def _extent(fig: _Figure) -> tuple[float, float, float, float]:
    xs = [p[0] for p in fig.joints.values()] + [fig.head[0] - HEAD_R, fig.head[0] + HEAD_R]
    ys = [p[1] for p in fig.joints.values()] + [fig.head[1] - HEAD_R, fig.head[1] + HEAD_R]
    return min(xs), min(ys), max(xs), max(ys)


def _line(a, b, colour: str, width: float = STROKE, dash: str = "") -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
        f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"{extra}/>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str = "#e4e4e4") -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 1):.1f}" height="{max(h, 1):.1f}" '
        f'fill="{fill}" stroke="{PROP}" stroke-width="1.5"/>'
    )


def _arrow(joint, angle: float, length: float = 24.0) -> str:
    """Movement from the joint; a push down into the floor or bed ends at the joint instead."""
    if 135 <= angle % 360 <= 225:
        s = _add(joint, angle + 180, length + 9)
        e = _add(joint, angle + 180, 9)
    else:  # starts a little off the joint so it does not hide the body
        s = _add(joint, angle, 7)
        e = _add(s, angle, length)
    left, right = _add(e, angle + 150, 8), _add(e, angle - 150, 8)
    return (
        _line(s, e, "#000", 2.5)
        + f'<polygon points="{e[0]:.1f},{e[1]:.1f} {left[0]:.1f},{left[1]:.1f} '
        f'{right[0]:.1f},{right[1]:.1f}" fill="#000"/>'
    )


def _props(pose: Pose, j: dict[str, tuple[float, float]]) -> tuple[list[str], list[str]]:
    """(drawn behind the figure, drawn in front of it)."""
    behind, front = [], []
    ankle, hip, shoulder = j["ankle"], j["hip"], j["shoulder"]
    for prop in pose.props:
        if prop == "chair":
            seat_y, x0 = FLOOR_Y - SHIN - 4, ankle[0] - THIGH - 26
            if abs(hip[1] - seat_y) < 12:  # sitting: the seat is under the hips
                x0 = hip[0] - 24
            behind += [
                _rect(x0, seat_y, 34, 5),
                _line((x0 + 2, seat_y), (x0 + 2, FLOOR_Y), PROP, 2.5),
                _line((x0 + 32, seat_y + 5), (x0 + 32, FLOOR_Y), PROP, 2.5),
                _line((x0 + 2, seat_y), (x0 - 4, seat_y - 40), PROP, 3),
            ]
        elif prop == "step":
            top = max(ankle[1], j["toe"][1]) + 2.5
            behind.append(_rect(ankle[0] - 14, top, FOOT + 30, FLOOR_Y - top))
        elif prop == "bench":
            top = FLOOR_Y - 32
            behind.append(_rect(shoulder[0] - 34, top, 44, 32))
        elif prop == "bike":
            cy, r = FLOOR_Y - 17, 17
            crank = (hip[0] + 8, hip[1] + THIGH + SHIN - 18)
            for cx in (hip[0] - 38, hip[0] + 58):
                behind.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="none" '
                    f'stroke="{PROP}" stroke-width="2.5"/>'
                )
            behind += [
                _line((hip[0] - 38, cy), crank, PROP, 2.5),
                _line(crank, (hip[0] + 58, cy), PROP, 2.5),
                _line((hip[0], hip[1] + 4), crank, PROP, 2.5),
                _line((hip[0] + 58, cy), j["wrist"], PROP, 2.5),
                _rect(hip[0] - 10, hip[1] + 3, 18, 4, fill="#555"),
            ]
        elif prop in ("band_knees", "band_ankles"):
            a, b = (j["knee"], j["knee2"]) if prop == "band_knees" else (j["ankle"], j["ankle2"])
            cx, cy = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            rx, ry = abs(a[0] - b[0]) / 2 + 5, abs(a[1] - b[1]) / 2 + 5
            front.append(
                f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" '
                f'fill="none" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        elif prop == "weight":
            at = hip if pose.trunk < -40 else j["wrist"]
            front.append(_rect(at[0] - 9, at[1] - (14 if at is hip else 2), 18, 9, fill="#333"))
    for prop, joint in pose.anchored:
        at = j[joint]
        if prop == "wall":
            x = at[0] + 7
            behind.append(_rect(x, FLOOR_Y - 112, 6, 112, fill="#cfcfcf"))
        elif prop == "tether":
            post = (at[0] + 22, FLOOR_Y)
            behind += [
                _line(at, (post[0], FLOOR_Y - 26), "#000", 2, "4 2"),
                _rect(post[0] - 3, FLOOR_Y - 30, 6, 30, fill="#cfcfcf"),
            ]
    return behind, front


def _panel(pose: Pose, x_offset: float, scale: float, label: str) -> str:
    fig = _skeleton(pose)
    x0, _, x1, y1 = _extent(fig)
    # On the floor by the lowest point (plus half a stroke), centred in the panel.
    dx = x_offset + PANEL_W / 2 - (x0 + x1) / 2 * scale
    dy = FLOOR_Y - STROKE / 2 - pose.lift - y1 * scale
    placed = {k: (dx + x * scale, dy + y * scale) for k, (x, y) in fig.joints.items()}
    head = (dx + fig.head[0] * scale, dy + fig.head[1] * scale)
    behind, front = _props(pose, placed)
    far_colour = NEAR if pose.view == "front" else FAR
    parts = [
        _line((x_offset + 4, FLOOR_Y), (x_offset + PANEL_W - 4, FLOOR_Y), PROP, 2),
        *behind,
        *(_line(placed[a], placed[b], far_colour) for a, b in fig.far),
        _line(placed["hip"], placed["shoulder"], NEAR, STROKE + 1),
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{HEAD_R * scale:.1f}" fill="#fff" '
        f'stroke="{NEAR}" stroke-width="3.5"/>',
        *(_line(placed[a], placed[b], NEAR) for a, b in fig.near),
        *front,
        *(_arrow(placed[joint], angle) for joint, angle in pose.arrows),
        f'<text x="{x_offset + 8:.1f}" y="16" font-family="DejaVu Sans" font-size="13" '
        f'font-weight="bold" fill="#000">{label}</text>',
    ]
    return "".join(parts)


def _scale(guide: ExerciseGuide) -> float:
    """One scale for both panels, so start and end look alike; smaller only if needed."""
    scale = 1.0
    for pose in (guide.start, guide.end):
        x0, y0, x1, y1 = _extent(_skeleton(pose))
        scale = min(
            scale,
            (PANEL_W - 2 * MARGIN) / (x1 - x0),
            (FLOOR_Y - 22 - pose.lift) / (y1 - y0),
        )
    return scale


@functools.lru_cache(maxsize=64)
def exercise_svg(guide: ExerciseGuide, title: str) -> str:
    """Start and end side by side with an arrow between, as one inline SVG element."""
    scale = _scale(guide)
    width = 2 * PANEL_W + 30
    middle = PANEL_W + 15
    arrow = (
        _line((middle - 9, PANEL_H / 2), (middle + 5, PANEL_H / 2), "#000", 3)
        + f'<polygon points="{middle + 11},{PANEL_H / 2} {middle + 3},{PANEL_H / 2 - 6} '
        f'{middle + 3},{PANEL_H / 2 + 6}" fill="#000"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {PANEL_H:.0f}" '
        f'class="exercise-figure" role="img" aria-label="{escape(title)}: start and end position">'
        + _panel(guide.start, 0, scale, "Start")
        + arrow
        + _panel(guide.end, PANEL_W + 30, scale, "End")
        + "</svg>"
    )
