"""Page images: every page has content, nothing runs off the paper, PNGs saved for people.

The PNGs land in test-artifacts/pdf/ (gitignored); open them to check the layout by eye.
"""

import pytest

from exam.services import addendum_add
from reports.services import build_report_context, render_handout_pdf, render_summary_pdf
from tests.reports.conftest import (
    CAUDA_EQUINA,
    body_ink,
    decide,
    edge_ink,
    grey_pages,
    pdf_pages_text,
    render_pages,
    sign,
)

pytestmark = pytest.mark.django_db

DPI = 30
EDGE_MM = 7  # margins are 16 mm; ink this close to the paper edge means something overflowed


def check_pages(pdf: bytes, name: str):
    pages = grey_pages(pdf, dpi=DPI)
    assert len(pages) == len(pdf_pages_text(pdf))
    band = round(EDGE_MM / 25.4 * DPI)
    top, bottom = round(20 / 25.4 * DPI), round(18 / 25.4 * DPI)  # the header/footer margins
    for number, (width, height, pixels) in enumerate(pages, start=1):
        inked = body_ink(width, height, pixels, top=top, bottom=bottom)
        print(f"{name} page {number}: {inked:.2%} ink")
        assert inked > 0.003, f"{name}: page {number} has only a header and footer"
        assert edge_ink(width, height, pixels, band=band) == 0, (
            f"{name}: page {number} has ink within {EDGE_MM} mm of the paper edge"
        )
    pngs = render_pages(pdf, name)
    assert len(pngs) == len(pages)
    assert all(p.stat().st_size > 2000 for p in pngs)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_gluteal_pages(gt_encounter, paper):
    context = build_report_context(gt_encounter)
    check_pages(render_handout_pdf(context=context, paper=paper), f"gt-handout-{paper}")
    check_pages(render_summary_pdf(context=context, paper=paper), f"gt-summary-{paper}")


def test_red_flag_pages(make_scenario):
    context = build_report_context(make_scenario(CAUDA_EQUINA))
    check_pages(render_handout_pdf(context=context), "cauda-equina-handout")
    check_pages(render_summary_pdf(context=context), "cauda-equina-summary")


def test_signed_override_with_addenda_pages(gt_encounter, clinician_a):
    decide(
        gt_encounter,
        clinician_a,
        hypothesis="proximal_hamstring_tendinopathy",
        decision="overridden",
        reason="Sit-bone pain on sitting dominated the history.",
        next_appointment="Tuesday 3 March, 10:30",
    )
    sign(gt_encounter, clinician_a)
    gt_encounter.refresh_from_db()
    for text in (
        "Patient phoned on day 3: pain eased.\nKeep the same plan.",
        "Imaging report received: no tear.",
    ):
        addendum_add(encounter=gt_encounter, text=text, by=clinician_a)
    context = build_report_context(gt_encounter)
    check_pages(render_handout_pdf(context=context), "signed-override-handout")
    check_pages(render_summary_pdf(context=context), "signed-override-summary")
