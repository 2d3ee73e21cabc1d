"""Progress across visits on the documents and pages (issue #14): the course's charts and
statements, the handout's "Your progress" and current phase, and the not-improving prompt."""

import datetime

import pytest
from django.urls import reverse

from clinic.management.commands.seed_demo import red_flag_screen_all_negative, seed_course
from clinic.models import AuditEvent, Encounter
from exam.services import (
    encounter_record_answer,
    encounter_record_outcome,
    encounter_start_follow_up,
)
from reports.services import (
    build_report_context,
    course_progress,
    render_handout_pdf,
    render_report_html,
)
from tests.factories import accept_and_sign, make_encounter, make_patient
from tests.reports.conftest import GLUTEAL_TENDINOPATHY, normalise, pdf_pages_text, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(clinic_a, clinician_a):
    patient = make_patient(clinic=clinic_a, given_name="Improvy", family_name="Coursetest")
    seed_course(patient, clinician_a)
    return list(patient.encounters.order_by("visit_number"))


def test_an_improving_course_reads_7_4_2_and_proposes_nothing_alarming(course):
    assert [e.phase for e in course] == [1, 2, 3]
    progress = course_progress(course[-1])
    pain = progress["panels"][0]
    assert pain.measure.code == "nprs_average"
    assert (pain.change.first, pain.change.latest, pain.change.visits) == (7, 2, 3)
    assert progress["trend"] == "improving"
    assert progress["rethink"] is None  # improving at 8 weeks: no rethink
    assert progress["proposal"].decision == "advance"
    assert progress["patient_lines"][0] == (
        "Your average pain over the last week: gone down from 7 to 2 out of 10. That is a real "
        "improvement."
    )


def test_the_handout_prints_your_progress_and_the_current_phase(course):
    last = course[-1]
    context = build_report_context(last)
    html = render_report_html("handout", context)
    assert "Your progress" in html and "You are improving." in html
    assert "Your exercises now: Stage 3: one-leg strength (of 4 stages)" in html
    assert 'class="trend-chart"' in html
    # Only later stages are listed as "later": not the stages already done.
    later = html.split("Later, step by step", 1)[1]
    assert "Stage 4" in later and "Stage 2" not in later
    text = normalise(" ".join(pdf_pages_text(render_handout_pdf(context=context))))
    assert "Your progress" in text and "gone down from 7 to 2 out of 10" in text


def test_an_initial_visit_handout_has_no_progress_section(course):
    html = render_report_html("handout", build_report_context(course[0]))
    assert "Your progress" not in html and "Your exercises now" not in html


def test_summary_pdf_of_the_last_visit_shows_charts_and_statements(course):
    context = build_report_context(course[-1])
    html = render_report_html("summary", context)
    assert html.count('class="trend-chart"') >= 4
    assert "Average pain fell by 5 points (7 to 2), more than the 2-point change" in html
    assert "Proposal: advance" in html


def test_patient_page_shows_the_charts_and_is_audited(client_a, course):
    patient = course[0].patient
    before = AuditEvent.objects.filter(patient=patient).count()
    response = client_a.get(reverse("clinic:patient_detail", args=[patient.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Outcome measures across visits" in body
    assert body.count('class="trend-chart"') >= 4
    assert AuditEvent.objects.filter(patient=patient).count() > before


def test_other_clinic_cannot_see_the_course(client_b, course):
    response = client_b.get(reverse("clinic:patient_detail", args=[course[0].patient.pk]))
    assert response.status_code == 404


def test_not_improving_by_8_weeks_prompts_a_rethink_on_the_follow_up(
    client_a, patient_a, clinician_a
):
    nine_weeks_ago = datetime.date.today() - datetime.timedelta(weeks=9)
    initial = make_encounter(
        patient=patient_a, clinician=clinician_a, side="left", date=nine_weeks_ago
    )
    record(initial, clinician_a, GLUTEAL_TENDINOPATHY)
    encounter_record_outcome(
        encounter=initial, item_code="nprs_average", side=None, value=6, by=clinician_a
    )
    initial = accept_and_sign(initial, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    encounter_record_outcome(
        encounter=follow_up, item_code="nprs_average", side=None, value=6, by=clinician_a
    )
    incomplete = course_progress(follow_up)["rethink"]
    assert incomplete.tests == () and "Red-flag screen not complete today" in (
        incomplete.red_flag_summary
    )
    record(follow_up, clinician_a, red_flag_screen_all_negative())  # the screen re-run today
    progress = course_progress(follow_up)
    assert progress["trend"] == "stable"
    rethink = progress["rethink"]
    assert rethink is not None and "9 weeks after the first visit" in rethink.reason
    assert "no red flag" in rethink.red_flag_summary and rethink.screen_complete
    response = client_a.get(reverse("exam:step", args=[follow_up.pk, "follow-up"]))
    body = response.content.decode()
    assert "Not improving as expected: rethink" in body
    # From today's ranking: here the history already points strongly at one hypothesis, so the
    # engine ranks no remaining test as informative, and the prompt says so.
    assert rethink.tests == ()
    assert "The engine finds no remaining test that would change or refine the ranking" in body
    assert "red-flag" in body.lower()
    # Getting better removes the prompt.
    encounter_record_outcome(
        encounter=follow_up,
        item_code="nprs_average",
        side=None,
        value=3,
        expected_version=follow_up.outcome_values.get(item="nprs_average").version,
        by=clinician_a,
    )
    assert course_progress(follow_up)["rethink"] is None


def test_getting_worse_prompts_a_rethink_at_once(patient_a, clinician_a):
    initial = make_encounter(patient=patient_a, clinician=clinician_a, side="left")
    record(initial, clinician_a, GLUTEAL_TENDINOPATHY)
    encounter_record_outcome(
        encounter=initial, item_code="nprs_average", side=None, value=3, by=clinician_a
    )
    initial = accept_and_sign(initial, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    encounter_record_outcome(
        encounter=follow_up, item_code="nprs_average", side=None, value=7, by=clinician_a
    )
    encounter_record_answer(
        encounter=follow_up, item_code="rf_fever", side=None, value="yes", by=clinician_a
    )
    progress = course_progress(Encounter.objects.get(pk=follow_up.pk))
    assert progress["trend"] == "worsening"
    assert "getting worse" in progress["rethink"].reason
    assert progress["rethink"].red_flags_positive
