"""Shapes for the tappable body chart (back view plus a front view for the groin), v2.

The patient is seen from behind, so the patient's left is on the viewer's left. Regions are
keyed by protocol item code; an item without a shape still appears in the labelled list.

Touch size: every shape is at least MIN_SIZE units in both directions and the tablet draws the
chart (CHART_VIEWBOX) at least TABLET_SCALE px per unit, so each region is a >= 44 x 44 px target.
Shapes do not overlap. The printed summary draws the same shapes over the same silhouette.
"""

from dataclasses import dataclass

MIN_SIZE = 22  # units; x TABLET_SCALE >= 44 px
TABLET_SCALE = 2.1
# The part of the drawing that holds the regions (x, y, width, height), for the tablet and print.
CHART_VIEWBOX = (58, 104, 292, 262)


@dataclass(frozen=True)
class Shape:
    kind: str  # "ellipse" or "rect"
    cx: float
    cy: float
    rx: float
    ry: float
    text: tuple[str, ...] = ()  # short visible label, one string per line


def _mirror(shape: Shape, axis: float) -> Shape:
    return Shape(shape.kind, 2 * axis - shape.cx, shape.cy, shape.rx, shape.ry, shape.text)


BACK_AXIS = 150
# Left-side shapes on the back view; the right side is mirrored.
BACK_LEFT = {
    "area_low_back": Shape("rect", 136, 134, 13, 14, ("Low", "back")),
    "area_sij": Shape("ellipse", 136, 162, 13, 11, ("SIJ",)),
    "area_upper_buttock": Shape("ellipse", 107, 164, 14, 11, ("Upper",)),
    "area_buttock": Shape("rect", 136, 187, 13, 11, ("Whole", "buttock")),
    "area_deep_buttock": Shape("ellipse", 107, 189, 14, 11, ("Deep",)),
    "area_lateral_hip": Shape("ellipse", 79, 202, 12, 17, ("Side", "of hip")),
    "area_lower_buttock": Shape("ellipse", 107, 214, 14, 11, ("Lower",)),
    "area_sit_bone": Shape("ellipse", 136, 213, 13, 12, ("Sit", "bone")),
    "area_posterior_thigh": Shape("rect", 125, 262, 16, 20, ("Back of", "thigh")),
    "area_below_knee": Shape("rect", 125, 310, 14, 18, ("Below", "knee")),
    "area_foot": Shape("ellipse", 125, 350, 16, 12, ("Foot",)),
}
FRONT_AXIS = 300
# Front view seen facing the patient: the patient's left is on the viewer's right.
FRONT_RIGHT = {
    "area_groin": Shape("ellipse", 282, 218, 13, 12, ("Groin",)),
}


def region_shapes() -> dict[tuple[str, str], Shape]:
    shapes: dict[tuple[str, str], Shape] = {}
    for code, shape in BACK_LEFT.items():
        shapes[(code, "left")] = shape
        shapes[(code, "right")] = _mirror(shape, BACK_AXIS)
    for code, shape in FRONT_RIGHT.items():
        shapes[(code, "right")] = shape
        shapes[(code, "left")] = _mirror(shape, FRONT_AXIS)
    return shapes


REGION_SHAPES = region_shapes()


def region_label(side: str, label: str) -> str:
    """A region's name on the chart and in lists, e.g. "Left sit bone" (keeps "SIJ" capitals)."""
    if label[:2].isupper():
        return f"{side.title()} {label}"
    return f"{side.title()} {label[:1].lower()}{label[1:]}"


def chart_region(shape: Shape, *, side: str, label: str, marked: bool) -> dict:
    """One region's drawing and name: the one formatter for the tablet and the printed chart."""
    return {
        "kind": shape.kind,
        "cx": shape.cx,
        "cy": shape.cy,
        "rx": shape.rx,
        "ry": shape.ry,
        "x": shape.cx - shape.rx,
        "y": shape.cy - shape.ry,
        "w": 2 * shape.rx,
        "h": 2 * shape.ry,
        "marked": marked,
        "label": region_label(side, label),
    }
