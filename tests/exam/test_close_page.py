"""The close page (issue #12): the decision first, next-appointment quick picks (no JS needed)."""

import datetime

import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from exam.forms import appointment_text

pytestmark = pytest.mark.django_db


def decide(client, encounter, **data):
    return client.post(
        reverse("exam:decide", args=[encounter.pk]),
        {"decision": "accepted", "version": encounter.version, **data},
    )


def test_appointment_text_counts_from_the_visit_date():
    assert appointment_text(datetime.date(2026, 12, 1), 2) == "In 2 weeks: Tue 15 Dec 2026"
    assert appointment_text(datetime.date(2026, 12, 28), 1) == "In 1 week: Mon 4 Jan 2027"


def test_a_quick_pick_records_the_date_from_the_visit(client_a, encounter_a):
    response = decide(client_a, encounter_a, next_in_weeks="2", next_appointment="")
    assert response.status_code == 302
    encounter_a.refresh_from_db()
    visit = encounter_a.date + datetime.timedelta(weeks=2)
    assert encounter_a.next_appointment == f"In 2 weeks: {visit:%a} {visit.day} {visit:%b %Y}"
    assert encounter_a.decision == "accepted"
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
    assert encounter_a.next_appointment in page.text


def test_the_pick_shown_in_the_box_by_js_is_the_same_text(client_a, encounter_a):
    text = appointment_text(encounter_a.date, 4)
    assert (
        decide(client_a, encounter_a, next_in_weeks="4", next_appointment=text).status_code == 302
    )
    encounter_a.refresh_from_db()
    assert encounter_a.next_appointment == text


def test_typing_still_works(client_a, encounter_a):
    response = decide(client_a, encounter_a, next_in_weeks="", next_appointment="Thu 10:30, Sam")
    assert response.status_code == 302
    encounter_a.refresh_from_db()
    assert encounter_a.next_appointment == "Thu 10:30, Sam"


@pytest.mark.parametrize("weeks", ["5", "0", "-2", "two", "52"])
def test_a_bad_interval_is_refused_with_a_message_and_nothing_stored(client_a, encounter_a, weeks):
    before = AuditEvent.objects.count()
    response = decide(client_a, encounter_a, next_in_weeks=weeks, next_appointment="")
    assert response.status_code == 400
    assert "Choose a next appointment in 1, 2, 3, 4 or 6 weeks, or type it in the box." in (
        response.text
    )
    encounter_a.refresh_from_db()
    assert (encounter_a.decision, encounter_a.next_appointment) == ("", "")
    assert AuditEvent.objects.count() == before


def test_a_pick_and_a_different_typed_appointment_are_refused(client_a, encounter_a):
    response = decide(client_a, encounter_a, next_in_weeks="3", next_appointment="Friday")
    assert response.status_code == 400
    assert "keep one" in response.text
    encounter_a.refresh_from_db()
    assert (encounter_a.decision, encounter_a.next_appointment) == ("", "")


def test_without_js_a_new_pick_replaces_the_stored_text_still_in_the_box(client_a, encounter_a):
    assert decide(client_a, encounter_a, next_in_weeks="1", next_appointment="").status_code == 302
    encounter_a.refresh_from_db()
    stored = encounter_a.next_appointment
    # the page shows the stored text in the box; the clinician picks 6 weeks and accepts again
    response = decide(client_a, encounter_a, next_in_weeks="6", next_appointment=stored)
    assert response.status_code == 302
    encounter_a.refresh_from_db()
    assert encounter_a.next_appointment == appointment_text(encounter_a.date, 6)


def test_the_decision_comes_before_the_evidence_details(client_a, encounter_a):
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"])).text
    positions = [
        page.index(marker)
        for marker in (
            'id="working"',
            'id="decision"',
            'name="next_in_weeks"',
            "Accept:",
            'id="sign"',
            'id="why"',
            "Treatment path:",
        )
    ]
    assert positions == sorted(positions)
