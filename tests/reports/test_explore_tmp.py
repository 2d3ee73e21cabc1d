import time
from reports.services import build_report_context, render_handout_pdf, render_summary_pdf
from tests.reports.conftest import render_pages, pdf_pages_text, GLUTEAL_TENDINOPATHY, RADICULOPATHY, CAUDA_EQUINA, HAMSTRING_AVULSION, ink_per_page


def test_explore(make_scenario):
    for name, f in [("gt", GLUTEAL_TENDINOPATHY), ("rad", RADICULOPATHY), ("ce", CAUDA_EQUINA), ("av", HAMSTRING_AVULSION)]:
        enc = make_scenario(f)
        ctx = build_report_context(enc)
        for doc, fn in [("handout", render_handout_pdf), ("summary", render_summary_pdf)]:
            t = time.perf_counter()
            pdf = fn(context=ctx)
            print(name, doc, round(time.perf_counter() - t, 3), len(pdf))
            render_pages(pdf, f"explore-{name}-{doc}", dpi=70)
            print(ink_per_page(pdf))
            if name == "gt":
                print(pdf_pages_text(pdf)[0][:1500])
