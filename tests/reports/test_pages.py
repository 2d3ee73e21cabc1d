"""Page images and page rules for five representative encounters (one per family, one red flag,
one overridden and signed) and for full examinations like the benchmark's: every page has real
content, nothing runs off the paper, the clinician summary's main part fits on two A4 pages, and
PNGs are saved for people to look at.

The PNGs land in test-artifacts/pdf/ (gitignored); open them to check the layout by eye.
"""

import pytest

from clinic.management.commands.seed_demo import seed_course
from exam.services import addendum_add
from reports.services import build_report_context, render_handout_pdf, render_summary_pdf
from scripts.loadtest import answer_plan
from tests.factories import make_patient
from tests.reports.conftest import (
    CAUDA_EQUINA,
    GLUTEAL_TENDINOPATHY,
    HIP_OA,
    HIP_OA_PATIENT,
    RADICULOPATHY,
    RED_FLAGS_ALL_NO,
    body_ink,
    decide,
    edge_ink,
    grey_pages,
    normalise,
    pdf_pages_text,
    render_pages,
    sign,
)

pytestmark = pytest.mark.django_db

DPI = 30
EDGE_MM = 7  # margins are 16 mm; ink this close to the paper edge means something overflowed
RUNNING_LINES = 4  # page header (name, draft mark) and footer (document, page X of Y)
MIN_BODY_LINES = 10  # fewer than this on a page is a stray line or a lone sign-off
APPENDIX = "Appendix A: ranking and evidence trail"
DRAFT_MARK = "DRAFT — not signed"  # the watermark, extracted before the page's own text
MAIN_PART_MAX_PAGES = 2


def check_pages(pdf: bytes, name: str):
    pages = grey_pages(pdf, dpi=DPI)
    texts = pdf_pages_text(pdf)
    assert len(pages) == len(texts)
    band = round(EDGE_MM / 25.4 * DPI)
    top, bottom = round(20 / 25.4 * DPI), round(18 / 25.4 * DPI)  # the header/footer margins
    for number, ((width, height, pixels), text) in enumerate(
        zip(pages, texts, strict=True), start=1
    ):
        inked = body_ink(width, height, pixels, top=top, bottom=bottom)
        lines = [line for line in text.splitlines() if line.strip()]
        print(f"{name} page {number}: {inked:.2%} ink, {len(lines)} lines")
        assert inked > 0.003, f"{name}: page {number} has only a header and footer"
        assert len(lines) - RUNNING_LINES >= MIN_BODY_LINES, (
            f"{name}: page {number} is nearly empty ({len(lines) - RUNNING_LINES} lines)"
        )
        assert edge_ink(width, height, pixels, band=band) == 0, (
            f"{name}: page {number} has ink within {EDGE_MM} mm of the paper edge"
        )
    pngs = render_pages(pdf, name)
    assert len(pngs) == len(pages)
    assert all(p.stat().st_size > 2000 for p in pngs)
    return texts


def main_part_pages(texts: list[str]) -> int:
    """Pages the main part takes: up to the page where the appendix starts, that page included
    when main-part text stands above the appendix heading (the appendix starts on a new page
    only when the main part leaves too little room)."""
    for number, text in enumerate(texts, start=1):
        flat = normalise(text)
        if APPENDIX in flat:
            above = flat.split(APPENDIX, 1)[0].replace(DRAFT_MARK, "").strip()
            return number if above else number - 1
    raise AssertionError("the summary has no appendix")


@pytest.fixture
def five_encounters(make_scenario, clinician_a):
    """name -> encounter: load, nerve, referred family; a red flag; a signed override."""
    gt = make_scenario(GLUTEAL_TENDINOPATHY + RED_FLAGS_ALL_NO)
    gt = decide(
        gt, clinician_a, hypothesis="gluteal_tendinopathy", next_appointment="Tue 3 March, 10:30"
    )
    override = make_scenario(GLUTEAL_TENDINOPATHY)
    decide(
        override,
        clinician_a,
        hypothesis="proximal_hamstring_tendinopathy",
        decision="overridden",
        reason="Sit-bone pain on sitting dominated the history.",
        next_appointment="Tuesday 3 March, 10:30",
    )
    override = sign(override, clinician_a)
    for text in (
        "Patient phoned on day 3: pain eased.\nKeep the same plan.",
        "Imaging report received: no tear.",
    ):
        addendum_add(encounter=override, text=text, by=clinician_a)
    return {
        "load-gt": gt,
        "nerve-radiculopathy": make_scenario(RADICULOPATHY),
        "referred-hip-oa": make_scenario(HIP_OA, **HIP_OA_PATIENT),
        "red-flag-cauda-equina": make_scenario(CAUDA_EQUINA),
        "signed-override": override,
    }


def test_five_representative_encounters(five_encounters):
    for name, encounter in five_encounters.items():
        context = build_report_context(encounter)
        check_pages(render_handout_pdf(context=context), f"{name}-handout")
        summary = check_pages(render_summary_pdf(context=context), f"{name}-summary")
        main = main_part_pages(summary)
        print(f"{name}: summary main part {main} pages of {len(summary)}")
        if name != "red-flag-cauda-equina":  # an ordinary case: the letter and details
            assert main <= MAIN_PART_MAX_PAGES, f"{name}: main part runs to {main} pages"
        assert "Summary for colleagues" in normalise(summary[0])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_gluteal_pages_on_both_papers(gt_encounter, paper):
    context = build_report_context(gt_encounter)
    check_pages(render_handout_pdf(context=context, paper=paper), f"gt-handout-{paper}")
    summary = check_pages(render_summary_pdf(context=context, paper=paper), f"gt-summary-{paper}")
    assert main_part_pages(summary) <= MAIN_PART_MAX_PAGES


def test_long_unbroken_text_wraps_inside_the_margins(make_scenario, clinician_a):
    encounter = make_scenario(GLUTEAL_TENDINOPATHY)
    encounter = decide(
        encounter,
        clinician_a,
        hypothesis="gluteal_tendinopathy",
        next_appointment="Thursday-" + "x" * 100,
    )
    context = build_report_context(encounter)
    check_pages(render_handout_pdf(context=context), "long-text-handout")
    check_pages(render_summary_pdf(context=context), "long-text-summary")


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_full_examinations_like_the_benchmark(make_scenario, seed):
    """~80 answers over every step (seed 7 is the benchmark's draft encounter, `make bench`): the
    main part still fits on two pages and no page is nearly empty (it once left page 3 holding
    only the pain-mechanism list)."""
    encounter = make_scenario(
        [(a.code, a.side or None, a.expected) for a in answer_plan(seed=seed)]
    )
    context = build_report_context(encounter)
    summary = check_pages(render_summary_pdf(context=context), f"full-exam-{seed}-summary")
    check_pages(render_handout_pdf(context=context), f"full-exam-{seed}-handout")
    main = main_part_pages(summary)
    print(f"full exam {seed}: summary main part {main} pages of {len(summary)}")
    if not context["red_flags"]:
        assert main <= MAIN_PART_MAX_PAGES, f"full exam {seed}: main part runs to {main} pages"


def test_follow_up_summaries_keep_the_main_part_to_two_pages(clinic_a, clinician_a):
    """Visits 2 and 3 of the demo course (outcome charts, measures last visit and today, phase
    review): the charts and the table go to Appendix D, the letter keeps the trend."""
    patient = make_patient(clinic=clinic_a, given_name="Improvy", family_name="Pagetest")
    seed_course(patient, clinician_a)
    for encounter in patient.encounters.filter(visit_number__gt=1).order_by("visit_number"):
        name = f"follow-up-{encounter.visit_number}"
        context = build_report_context(encounter)
        summary = check_pages(render_summary_pdf(context=context), f"{name}-summary")
        main = main_part_pages(summary)
        print(f"{name}: summary main part {main} pages of {len(summary)}")
        assert main <= MAIN_PART_MAX_PAGES, f"{name}: main part runs to {main} pages"
        text = normalise(" ".join(summary))
        assert "Outcome measures: Improving" in normalise(" ".join(summary[:main]))
        assert "Appendix D: progress across visits" in text
        assert "Average pain fell by" in text  # the chart's statement, in the appendix
        check_pages(render_handout_pdf(context=context), f"{name}-handout")
