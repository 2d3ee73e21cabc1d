"""Free-text notes and region pain quality (protocol 2027.01) on the clinician summary and screen."""

import pytest
from django.urls import reverse

from reports.services import build_report_context, render_summary_pdf
from tests.reports.conftest import normalise, pdf_pages_text, record

pytestmark = pytest.mark.django_db

NOTES = [
    ("note_palpation", None, "Tender over the ischial tuberosity, worse on the second press"),
    ("note_general", None, "Synthetic patient keen to race again; reviewed the load diary"),
]
CHART = [
    ("area_sit_bone", "left", True),
    ("area_sit_bone_quality", "left", "burning"),
]


def test_notes_and_region_quality_are_printed_on_the_clinician_summary(encounter_a, clinician_a):
    record(encounter_a, clinician_a, NOTES + CHART)
    context = build_report_context(encounter_a)
    text = normalise(" ".join(pdf_pages_text(render_summary_pdf(context=context))))
    assert "Examination notes" in text
    assert "Palpation Tender over the ischial tuberosity, worse on the second press" in text
    assert "General note Synthetic patient keen to race again" in text
    assert "sit bone) (burning)" in text.lower() or "sit bone (burning)" in text.lower()
    # a note is not an examination finding row
    assert [
        r for s in context["findings"] for r in s["rows"] if r["label"].startswith("Notes")
    ] == []


def test_no_notes_no_section(encounter_a, clinician_a):
    record(encounter_a, clinician_a, CHART)
    text = normalise(" ".join(pdf_pages_text(render_summary_pdf(encounter_a))))
    assert "Examination notes" not in text


def test_notes_are_shown_on_the_summary_page(client_a, encounter_a, clinician_a):
    record(encounter_a, clinician_a, NOTES)
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
    assert page.status_code == 200
    assert "Examination notes" in page.text
    assert "worse on the second press" in page.text
    assert "never used by the ranking" in page.text


def test_notes_and_region_quality_do_not_count_as_missing_answers(encounter_a):
    from exam.protocol import get_protocol
    from exam.views import progress_for

    protocol = get_protocol(encounter_a.protocol_version)
    done, total = progress_for(protocol, {}, "left")["palpation"]
    assert total == len([i for i in protocol.items_for_step("palpation") if i.group != "Notes"])
    done, total = progress_for(protocol, {}, "left")["history"]
    assert total == len([i for i in protocol.items_for_step("history") if not i.optional])
    assert protocol.items_by_code["area_sit_bone_quality"].optional
    assert protocol.items_by_code["note_general"].optional
