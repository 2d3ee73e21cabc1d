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


def test_font_configuration_is_reused_per_thread_and_process(monkeypatch):
    """Reused across renders (a fresh one reopens every font), never shared by two threads or by
    a forked worker and its parent."""
    import os
    import threading

    from reports import pdf

    first = pdf._font_config()
    assert pdf._font_config() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf._font_config()))
    thread.start()
    thread.join()
    assert other[0] is not first
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a worker forked after preload
    assert pdf._font_config() is not first


def test_pdf_streams_stay_compressed():
    """pydyf is given zlib level 6 instead of 9: still Flate-compressed, readable, small."""
    import io

    from pypdf import PdfReader

    text = "Compressed stream check. " * 400
    pdf = render_pdf(
        f"<!doctype html><html lang='en'><title>t</title><p>{text}</p></html>", title="z"
    )
    assert b"/FlateDecode" in pdf
    assert len(pdf) < 40_000
    page_text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert page_text.startswith("Compressed stream check. Compressed stream check.")
