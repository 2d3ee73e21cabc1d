"""Shapes for the tappable body chart (posterior view plus a small front view).

The patient is seen from behind, so the patient's left is on the viewer's left. Regions are
keyed by protocol item code; an item without a shape still appears in the labelled toggle list.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    kind: str  # "ellipse" or "rect"
    cx: float
    cy: float
    rx: float
    ry: float


def _mirror(shape: Shape, axis: float) -> Shape:
    return Shape(shape.kind, 2 * axis - shape.cx, shape.cy, shape.rx, shape.ry)


BACK_AXIS = 150
# Left-side shapes on the back view; the right side is mirrored.
BACK_LEFT = {
    "area_low_back": Shape("rect", 137, 140, 12, 18),
    "area_sij": Shape("ellipse", 138, 172, 8, 8),
    "area_upper_buttock": Shape("ellipse", 118, 184, 18, 11),
    "area_deep_buttock": Shape("ellipse", 124, 204, 13, 9),
    "area_lateral_hip": Shape("ellipse", 95, 206, 8, 16),
    "area_lower_buttock": Shape("ellipse", 118, 226, 18, 10),
    "area_sit_bone": Shape("ellipse", 136, 243, 8, 7),
    "area_posterior_thigh": Shape("rect", 123, 295, 17, 40),
    "area_below_knee": Shape("rect", 124, 400, 14, 45),
    "area_foot": Shape("ellipse", 124, 478, 16, 9),
}
FRONT_AXIS = 380
# Front view seen facing the patient: the patient's left is on the viewer's right.
FRONT_RIGHT = {
    "area_groin": Shape("ellipse", 362, 214, 12, 8),
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
