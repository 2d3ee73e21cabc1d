import logging

import pytest

from reports.pdf import render_pdf
from scripts.bench_reports import time_reports


@pytest.mark.django_db
def test_time_reports_measures_each_document(gt_encounter):
    results = time_reports(gt_encounter, repeat=3)
    print(results)
    assert set(results) == {"context", "handout", "summary"}
    for timing in results.values():
        assert 0 < timing["median_ms"] <= timing["max_ms"]


def test_fonts_are_subset_by_harfbuzz_not_fonttools(caplog):
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools: ~250 ms more per PDF.

    `make system-deps` installs it; this fails (with WeasyPrint's own warning) where it is missing.
    """
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(
            "<!doctype html><html lang='en'><title>t</title><p><b>Bold</b> and plain.</p></html>",
            title="font check",
        )
    fallbacks = [r.getMessage() for r in caplog.records if "fontTools" in r.getMessage()]
    assert not fallbacks, fallbacks[0]
