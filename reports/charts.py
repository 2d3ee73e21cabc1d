"""Trend charts of outcome measures across visits, as small inline SVGs (no JavaScript).

One chart per measure: the visits along the bottom, the measure's own range up the side, the
values joined by a thick black line with open markers and the value written above each. The
threshold from exam/protocol/outcomes.py is drawn from the first visit's value: a grey band for
"no clear change yet" and a dashed line where the change becomes important (MIC) or exceeds
the measurement error, labelled with which it is. Black, white and greys only, so it reads
printed in black and white; presentation attributes only (CSP: no style attributes, no script),
and every text from the caller is escaped. WeasyPrint renders it inline like the exercise
figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from exam.progress import (
    Change,
    measure_change,
    overall_trend,
    patient_statement,
    progress_statement,
    short_source,
)
from exam.protocol.outcomes import (
    CHARTED_MEASURES,
    GROC,
    HIGHER_IS_BETTER,
    PSFS_MEAN,
    OutcomeMeasure,
    psfs_mean,
)

WIDTH, HEIGHT = 340.0, 206.0
LEFT, RIGHT, TOP, BOTTOM = 40.0, 16.0, 30.0, 58.0
FONT = 'font-family="DejaVu Sans, sans-serif"'
INK, GRID, BAND = "#000", "#b3b3b3", "#e3e3e3"


@dataclass(frozen=True)
class Visit:
    """One point on the x axis: a short label ("Visit 2"), a second line (a date) and a value."""

    label: str
    sublabel: str
    value: float | None


def _num(value: float) -> str:
    return f"{value:g}"


def _axis_range(measure: OutcomeMeasure, values: Sequence[float]) -> tuple[float, float]:
    low = measure.item.min_value if measure.item.min_value is not None else min(values)
    high = measure.item.max_value if measure.item.max_value is not None else max(values)
    if measure.unit == "%":  # 0-200 % would squash the useful part: show 0 to the data (>=120)
        high = max(120.0, *(v + 10 for v in values))
        high = min(high, measure.item.max_value or high)
    return float(low), float(high)


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 5)
    first = low if low % step == 0 else low + (step - low % step)
    ticks, tick = [], first
    while tick <= high + 1e-9:
        ticks.append(round(tick, 6))
        tick += step
    return ticks


def _text(x: float, y: float, body: str, *, size: int = 11, anchor: str = "middle", bold=False):
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" text-anchor="{anchor}" '
        f'fill="{INK}"{weight}>{escape(body)}</text>'
    )


def threshold_legend(measure: OutcomeMeasure) -> list[str]:
    """What the grey band and the dashed line mean, with the source (one or two lines)."""
    if measure is GROC:
        return ["Dashed: 0 = about the same as at the first visit"]
    threshold = measure.threshold
    if threshold is None:
        return ["No published threshold and no measurement error found:", "change not judged"]
    unit = measure.unit
    amount = f"{_num(threshold)}{unit}" if unit in ("%", "s") else f"{_num(threshold)} {unit}"
    source = short_source(measure.threshold_citation)
    if measure.threshold_kind == "mic":
        return [
            f"Grey: within {amount} of the first visit (no clear change)",
            f"Dashed: important change, {amount} ({source})",
        ]
    return [
        f"Grey: within the measurement error, {amount} ({source})",
        "Dashed: beyond measurement error (no published threshold)",
    ]


def trend_chart_svg(measure: OutcomeMeasure, visits: Sequence[Visit]) -> SafeString:
    """The chart as one inline <svg>; an empty string when no visit has a value."""
    values = [v.value for v in visits if v.value is not None]
    if not values:
        return mark_safe("")
    low, high = _axis_range(measure, values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(visits)

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else 24 + i * (plot_w - 48) / (n - 1))

    def y_at(value: float) -> float:
        value = min(max(value, low), high)
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    better = "higher" if measure.better == HIGHER_IS_BETTER else "lower"
    title = f"{measure.short_label} across visits ({better} is better)"
    desc = "; ".join(
        f"{v.label} {v.sublabel}: {_num(v.value) if v.value is not None else 'not recorded'}"
        for v in visits
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
        f'class="trend-chart" role="img" aria-label="{escape(title)}: {escape(desc)}">',
        f"<title>{escape(title)}</title>",
        _text(
            LEFT, 14, f"{measure.short_label} ({measure.unit})", size=12, anchor="start", bold=True
        ),
        _text(WIDTH - RIGHT, 14, f"{better} is better", size=10, anchor="end"),
    ]
    # Threshold: band of "no clear change" from the first value, dashed line where it ends.
    first = next(v.value for v in visits if v.value is not None)
    if measure is GROC:
        parts.append(
            f'<line x1="{LEFT:.1f}" y1="{y_at(0):.1f}" x2="{WIDTH - RIGHT:.1f}" y2="{y_at(0):.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    elif measure.threshold is not None:
        step = measure.threshold if measure.better == HIGHER_IS_BETTER else -measure.threshold
        band_top, band_bottom = sorted((y_at(first + step), y_at(first - step)))
        parts.append(
            f'<rect x="{LEFT:.1f}" y="{band_top:.1f}" width="{plot_w:.1f}" '
            f'height="{band_bottom - band_top:.1f}" fill="{BAND}"/>'
        )
        target = first + step
        if low <= target <= high:
            parts.append(
                f'<line x1="{LEFT:.1f}" y1="{y_at(target):.1f}" x2="{WIDTH - RIGHT:.1f}" '
                f'y2="{y_at(target):.1f}" stroke="{INK}" stroke-width="1.5" '
                'stroke-dasharray="6 4"/>'
            )
    # Axes and grid.
    for tick in _ticks(low, high):
        y = y_at(tick)
        parts.append(
            f'<line x1="{LEFT:.1f}" y1="{y:.1f}" x2="{WIDTH - RIGHT:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.75"/>'
        )
        parts.append(_text(LEFT - 5, y + 4, _num(tick), size=10, anchor="end"))
    parts.append(
        f'<polyline points="{LEFT:.1f},{TOP:.1f} {LEFT:.1f},{TOP + plot_h:.1f} '
        f'{WIDTH - RIGHT:.1f},{TOP + plot_h:.1f}" fill="none" stroke="{INK}" stroke-width="1"/>'
    )
    for i, v in enumerate(visits):
        parts.append(_text(x_at(i), TOP + plot_h + 14, v.label, size=10))
        if v.sublabel:
            parts.append(_text(x_at(i), TOP + plot_h + 26, v.sublabel, size=9))
    # The values: line through recorded visits, open markers, value above each.
    points = [(x_at(i), y_at(v.value)) for i, v in enumerate(visits) if v.value is not None]
    if len(points) > 1:
        parts.append(
            '<polyline points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            + f'" fill="none" stroke="{INK}" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for (x, y), v in zip(points, [v for v in visits if v.value is not None], strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{INK}" '
            'stroke-width="2"/>'
        )
        label_y = y - 9 if y - 9 > TOP + 4 else y + 18
        parts.append(_text(x, label_y, _num(v.value), size=11, bold=True))  # type: ignore[arg-type]
    legend = threshold_legend(measure)
    for i, line in enumerate(legend):
        parts.append(
            _text(6, HEIGHT - 4 - 11 * (len(legend) - 1 - i), line, size=9, anchor="start")
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here, every caller text escaped


# --- All measures of a course of visits ---------------------------------------------------------


@dataclass(frozen=True)
class CourseVisit:
    """One visit of the course: axis labels and its outcome values (code -> value)."""

    label: str
    sublabel: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ProgressPanel:
    measure: OutcomeMeasure
    chart: SafeString
    change: Change | None
    statement: str  # for the clinician, with threshold and source
    patient_statement: str  # plain words for the handout
    latest: float | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def progress_panels(course: Sequence[CourseVisit]) -> list[ProgressPanel]:
    """One panel per charted measure with at least one value in the course, in catalogue order."""
    panels = []
    for measure in CHARTED_MEASURES:
        if measure is PSFS_MEAN:
            values = [psfs_mean(v.values) for v in course]
        else:
            values = [_number(v.values.get(measure.code)) for v in course]
        if all(v is None for v in values):
            continue
        change = measure_change(measure, values)
        latest = next(v for v in reversed(values) if v is not None)
        if change is not None:
            statement, plain = progress_statement(change), patient_statement(change)
        else:
            unit = "" if measure.unit in ("%", "s") else " "
            statement = (
                f"{measure.short_label}: {latest:g}{unit}{measure.unit} so far; the change is "
                "shown from the next visit on."
            )
            plain = ""
        points = [Visit(v.label, v.sublabel, x) for v, x in zip(course, values, strict=True)]
        panels.append(
            ProgressPanel(
                measure=measure,
                chart=trend_chart_svg(measure, points),
                change=change,
                statement=statement,
                patient_statement=plain,
                latest=latest,
            )
        )
    return panels


def course_trend(panels: Sequence[ProgressPanel]) -> str:
    return overall_trend([p.change for p in panels if p.change is not None])
