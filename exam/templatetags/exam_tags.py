import math

from django import template

from exam.engine import STRENGTH_FLAG_PCT, probability_band
from exam.protocol.types import MRC_0_5, PAIN_0_10

register = template.Library()

NOT_TESTED_REASON_LABELS = (
    ("pain", "Pain"),
    ("contraindicated", "Contraindicated"),
    ("time", "Time"),
    ("other", "Other"),
)


@register.filter
def scale(item) -> range:
    """The button row for a 0–10 pain score or a 0–5 MRC grade."""
    if item.answer_type == PAIN_0_10:
        return range(11)
    if item.answer_type == MRC_0_5:
        return range(6)
    return range(0)


@register.simple_tag
def not_tested_reasons():
    return NOT_TESTED_REASON_LABELS


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def band(value) -> str:
    """A probability as a rounded band ("about 60 %"): the LRs are rough weights."""
    try:
        return probability_band(float(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def nbsp(value) -> str:
    """Spaces as no-break spaces: keeps "(LR 2.3, estimate [14])" or "about 30 %" on one line
    without a <span> (in the PDF every inline element is a box of its own)."""
    return str(value).replace(" ", "\u00a0")


@register.filter
def choice_label(item, value) -> str:
    return item.choice_label(value)


@register.filter
def deficit_text(row) -> str:
    """A strength row's side-to-side difference in words; app.js says the same while typing."""
    if row is None or row.basis is None:
        return "enter both sides"
    if row.basis == "mrc":
        if row.weaker_side is None:
            return f"no difference (MRC {row.left_mrc}/5 both sides)"
        return f"{row.weaker_side} weaker (MRC {row.left_mrc}/5 left, {row.right_mrc}/5 right)"
    if row.weaker_side is None:
        return "no difference"
    whole = math.floor(abs(row.deficit_pct) + 0.5)  # half up, as Math.round in app.js
    text = f"{whole}% deficit, {row.weaker_side} weaker"
    return text + (f" — flagged (over {STRENGTH_FLAG_PCT:.0f}%)" if row.flagged else "")


@register.filter
def answered_slots(rows) -> int:
    """How many answers a folded group already holds (each side counts), shown on its fold."""
    return sum(1 for row in rows for slot in row.slots if slot.answer is not None)
