"""Warm-process timings for the reports (benchmark tooling; not part of the product).

The harness can also time `render_handout_pdf(encounter, paper="a4")` and
`render_summary_pdf(encounter, paper="a4")` directly; both build the context themselves.
"""

import statistics
import time

from clinic.models import Encounter
from reports.pdf import warm_up
from reports.services import build_report_context, render_handout_pdf, render_summary_pdf


def _ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def time_reports(
    encounter: Encounter, *, repeat: int = 5, paper: str = "a4"
) -> dict[str, dict[str, float]]:
    """Median and max milliseconds for the context and each document, after one warm-up."""
    warm_up()
    context = build_report_context(encounter)
    steps = {
        "context": lambda: build_report_context(encounter),
        "handout": lambda: render_handout_pdf(context=context, paper=paper),
        "summary": lambda: render_summary_pdf(context=context, paper=paper),
    }
    results = {}
    for name, fn in steps.items():
        runs = [_ms(fn) for _ in range(repeat)]
        results[name] = {"median_ms": statistics.median(runs), "max_ms": max(runs)}
    return results
