"""Follow-up visits (issue #14): starting one from a signed visit, what carries forward, the
re-tests, the phase review, real time since the first visit, signing, the patient timeline."""

import datetime

import pytest
from django.urls import reverse

from clinic.models import AuditEvent, Encounter
from exam.models import Answer
from exam.protocol import ProtocolError
from exam.services import (
    DecisionRefused,
    FollowUpRefused,
    answers_by_slot,
    encounter_record_answer,
    encounter_record_phase,
    encounter_start_follow_up,
)
from tests.factories import accept_and_sign, make_encounter, make_patient, make_user
from tests.reports.conftest import GLUTEAL_TENDINOPATHY, record

pytestmark = pytest.mark.django_db


def signed_initial(patient, user, *, date=None, findings=GLUTEAL_TENDINOPATHY):
    encounter = make_encounter(patient=patient, clinician=user, **({"date": date} if date else {}))
    record(encounter, user, findings + [("duration", None, "6_weeks_to_3_months")])
    return accept_and_sign(encounter, user)


def snapshot_of(patient):
    return (
        list(Encounter.objects.filter(patient=patient).values_list("pk", "version", "status")),
        Answer.objects.filter(encounter__patient=patient).count(),
    )


# --- Service ------------------------------------------------------------------------------------


def test_follow_up_links_to_the_signed_visit_and_carries_history_forward(patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, created = encounter_start_follow_up(previous=initial, by=clinician_a)
    assert created
    assert follow_up.follows == initial
    assert follow_up.visit_number == 2
    assert follow_up.phase == initial.phase == 1
    assert follow_up.side == initial.side
    assert not follow_up.is_signed
    today = answers_by_slot(follow_up)
    # History answers are copied in as editable answers ...
    assert today[("pain_now", "")].value == 4
    assert today[("agg_side_lying", "")].value == "yes"
    assert Answer.objects.filter(encounter=follow_up, item="pain_now").exists()
    # ... the examination findings are not: they are re-tested today.
    assert ("palp_greater_trochanter", "left") not in today
    encounter_record_answer(
        encounter=follow_up, item_code="pain_now", side=None, value=2, by=clinician_a
    )
    assert answers_by_slot(initial)[("pain_now", "")].value == 4  # the signed visit unchanged
    assert AuditEvent.objects.filter(
        encounter=follow_up, action="created", target__contains="of encounter"
    ).exists()


def test_a_second_tap_resumes_the_same_follow_up(patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    first, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    again, created = encounter_start_follow_up(previous=initial, by=clinician_a)
    assert (again.pk, created) == (first.pk, False)


def test_follow_up_of_an_unsigned_visit_is_refused_and_changes_nothing(
    patient_a, clinician_a, encounter_a
):
    before = snapshot_of(patient_a)
    with pytest.raises(FollowUpRefused, match="signed visit"):
        encounter_start_follow_up(previous=encounter_a, by=clinician_a)
    assert snapshot_of(patient_a) == before


def test_follow_up_of_another_clinics_visit_is_refused(patient_a, clinician_a, clinician_b):
    initial = signed_initial(patient_a, clinician_a)
    before = snapshot_of(patient_a)
    with pytest.raises(FollowUpRefused, match="your own clinics"):
        encounter_start_follow_up(previous=initial, by=clinician_b)
    assert snapshot_of(patient_a) == before


def test_duration_uses_the_real_time_since_the_first_visit(patient_a, clinician_a):
    first_day = datetime.date.today() - datetime.timedelta(weeks=8)
    initial = signed_initial(patient_a, clinician_a, date=first_day)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    # 6 weeks to 3 months at the first visit + 8 weeks since = over 3 months today.
    assert answers_by_slot(follow_up)[("duration", "")].value == "over_3_months"
    assert not Answer.objects.filter(encounter=follow_up, item="duration").exists()
    with pytest.raises(ProtocolError, match="first visit"):
        encounter_record_answer(
            encounter=follow_up,
            item_code="duration",
            side=None,
            value="under_6_weeks",
            by=clinician_a,
        )


def test_malignancy_rule_fires_from_real_time_not_the_typed_band(patient_a, clinician_a):
    """ "Not improving" plus months of failed care: the months come from the calendar."""
    nerve_picture = [
        ("quality_burning", None, "yes"),
        ("area_deep_buttock", "left", True),
    ]
    first_day = datetime.date.today() - datetime.timedelta(weeks=3)
    initial = make_encounter(patient=patient_a, clinician=clinician_a, date=first_day)
    record(initial, clinician_a, [("duration", None, "6_weeks_to_3_months")])
    initial = accept_and_sign(initial, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    from exam.services import assessment_for

    record(follow_up, clinician_a, nerve_picture + [("rf_not_improving", None, "yes")])
    assert answers_by_slot(follow_up)[("duration", "")].value == "6_weeks_to_3_months"
    assert "malignancy" not in {f.code for f in assessment_for(follow_up).red_flags}
    # Seven weeks later (10 weeks of care): 6 weeks + 10 weeks > 3 months.
    Encounter.objects.filter(pk=initial.pk).update(
        date=datetime.date.today() - datetime.timedelta(weeks=10)
    )
    follow_up = Encounter.objects.get(pk=follow_up.pk)
    assert answers_by_slot(follow_up)[("duration", "")].value == "over_3_months"
    assert "malignancy" in {f.code for f in assessment_for(follow_up).red_flags}


def test_phase_review_records_criteria_and_the_phase_in_force(patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    from exam.followup import phase_criteria
    from exam.services import decided_path

    criteria = phase_criteria(decided_path(initial), 1)
    assert criteria
    marks = {c.key: "met" for c in criteria}
    encounter_record_phase(
        encounter=follow_up,
        criteria=marks,
        decision="advance",
        expected_version=follow_up.version,
        by=clinician_a,
    )
    follow_up.refresh_from_db()
    assert (follow_up.phase, follow_up.phase_decision) == (2, "advance")
    assert follow_up.phase_criteria == marks
    assert AuditEvent.objects.filter(
        encounter=follow_up, target__startswith="phase advance: 1 -> 2"
    ).exists()


@pytest.mark.parametrize(
    ("criteria", "decision", "message"),
    [
        ({"nonsense": "met"}, "hold", "Unknown criterion"),
        ({"path-1": "perhaps"}, "hold", "met or not met"),
        ({}, "jump", "advance, hold or step back"),
        ({}, "step_back", "first phase"),
    ],
)
def test_impossible_phase_reviews_are_refused(patient_a, clinician_a, criteria, decision, message):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    version = follow_up.version
    with pytest.raises(DecisionRefused, match=message):
        encounter_record_phase(
            encounter=follow_up,
            criteria=criteria,
            decision=decision,
            expected_version=version,
            by=clinician_a,
        )
    follow_up.refresh_from_db()
    assert (follow_up.version, follow_up.phase, follow_up.phase_decision) == (version, 1, "")


def test_sign_a_follow_up_needs_the_phase_review_then_freezes_it(patient_a, clinician_a):
    from exam.services import SignRefused

    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    record(follow_up, clinician_a, GLUTEAL_TENDINOPATHY[10:])
    with pytest.raises(SignRefused, match="phase review"):
        accept_and_sign(follow_up, clinician_a)
    follow_up.refresh_from_db()
    encounter_record_phase(
        encounter=follow_up,
        criteria={},
        decision="advance",
        expected_version=follow_up.version,
        by=clinician_a,
    )
    signed = accept_and_sign(follow_up, clinician_a)
    assert signed.is_signed and signed.phase == 2
    assert signed.signed_documents.filter(kind="summary").exists()
    assert signed.signed_snapshot["follow_up"]["visit_number"] == 2
    # Visit 3 follows visit 2 and opens in phase 2.
    third, _ = encounter_start_follow_up(previous=signed, by=clinician_a)
    assert (third.visit_number, third.phase) == (3, 2)
    with pytest.raises(FollowUpRefused, match="already follows"):
        encounter_start_follow_up(previous=initial, by=clinician_a)


# --- Views --------------------------------------------------------------------------------------


def test_patient_page_offers_follow_up_only_for_a_signed_visit(
    client_a, patient_a, clinician_a, encounter_a
):
    page = client_a.get(patient_a.get_absolute_url())
    assert "Start follow-up" not in page.content.decode()
    accept_and_sign(encounter_a, clinician_a)
    page = client_a.get(patient_a.get_absolute_url()).content.decode()
    assert "Start follow-up" in page


def test_start_follow_up_over_http_opens_the_follow_up_page(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    response = client_a.post(
        reverse("clinic:follow_up_start", args=[patient_a.pk]), {"previous": initial.pk}
    )
    follow_up = Encounter.objects.get(follows=initial)
    assert response.status_code == 302
    page = client_a.get(response["Location"], follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Follow-up: visit 2" in html
    assert "Gluteal tendinopathy" in html  # last time's decided hypothesis
    assert "Phase review" in html
    assert "Re-tests" in html
    assert "Last visit:" in html  # last time's value beside today's
    assert AuditEvent.objects.filter(
        encounter=follow_up, action="viewed", target__contains="follow-up"
    ).exists()
    timeline = client_a.get(patient_a.get_absolute_url()).content.decode()
    assert "Timeline" in timeline and "Follow-up 2" in timeline


def test_start_follow_up_of_an_unsigned_visit_over_http_is_400(client_a, patient_a, encounter_a):
    before = snapshot_of(patient_a)
    response = client_a.post(
        reverse("clinic:follow_up_start", args=[patient_a.pk]), {"previous": encounter_a.pk}
    )
    assert response.status_code == 400
    assert "sign this encounter first" in response.content.decode()
    assert snapshot_of(patient_a) == before


def test_start_follow_up_of_another_clinics_visit_over_http_is_404(
    client, patient_a, clinician_a, clinician_b, clinic_b
):
    initial = signed_initial(patient_a, clinician_a)
    own_patient = make_patient(clinic=clinic_b)
    client.force_login(clinician_b)
    before = snapshot_of(patient_a)
    for patient_pk in (own_patient.pk, patient_a.pk):
        response = client.post(
            reverse("clinic:follow_up_start", args=[patient_pk]), {"previous": initial.pk}
        )
        assert response.status_code == 404
    assert snapshot_of(patient_a) == before


def test_follow_up_step_shows_changes_since_last_visit(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    encounter_record_answer(
        encounter=follow_up, item_code="pain_now", side=None, value=2, by=clinician_a
    )
    html = client_a.get(reverse("exam:step", args=[follow_up.pk, "history"])).content.decode()
    assert html.count("Changed") == 1
    assert "Last visit: <strong>4/10</strong>" in html


def test_phase_review_over_http_refuses_bad_input_and_changes_nothing(
    client_a, patient_a, clinician_a
):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    url = reverse("exam:phase", args=[follow_up.pk])
    response = client_a.post(url, {"version": follow_up.version, "phase_decision": "leap"})
    assert response.status_code == 400
    assert "advance, hold or step back" in response.content.decode()
    response = client_a.post(url, {"version": 999, "phase_decision": "hold"})
    assert response.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.phase_decision == ""
    response = client_a.post(url, {"version": follow_up.version, "phase_decision": "hold"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.phase_decision, follow_up.phase) == ("hold", 1)


def test_phase_review_of_another_clinic_is_404(client, patient_a, clinician_a, clinician_b):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    client.force_login(clinician_b)
    response = client.post(
        reverse("exam:phase", args=[follow_up.pk]),
        {"version": follow_up.version, "phase_decision": "hold"},
    )
    assert response.status_code == 404
    for slug in ("follow-up", "summary"):
        assert client.get(reverse("exam:step", args=[follow_up.pk, slug])).status_code == 404


def test_summary_says_whether_the_ranking_moved(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    html = client_a.get(reverse("exam:step", args=[follow_up.pk, "summary"])).content.decode()
    assert "Since last visit" in html
    assert "The ranking has" in html


def test_unrelated_user_without_clinic_cannot_start(client, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    client.force_login(make_user())
    response = client.post(
        reverse("clinic:follow_up_start", args=[patient_a.pk]), {"previous": initial.pk}
    )
    assert response.status_code == 404


# --- Outcome measures: same autosave, version and conflict rules as answers ---------------------


def test_outcome_values_autosave_with_version_and_refuse_impossible_scores(
    client_a, patient_a, clinician_a, encounter_a
):
    from exam.models import OutcomeValue

    url = reverse("exam:answer", args=[encounter_a.pk])
    headers = {"HX-Request": "true"}
    saved = client_a.post(
        url,
        {"field": "nprs_average", "nprs_average": "7", "nprs_average__version": "0"},
        headers=headers,
    )
    assert saved.status_code == 200 and "Saved" in saved.content.decode()
    value = OutcomeValue.objects.get(encounter=encounter_a, item="nprs_average")
    assert (value.value, value.version) == (7, 1)
    assert not Answer.objects.filter(encounter=encounter_a, item="nprs_average").exists()
    assert AuditEvent.objects.filter(
        encounter=encounter_a, action="updated", target="outcome nprs_average"
    ).exists()
    for impossible in ("11", "-1", "seven", "7.5"):
        refused = client_a.post(
            url,
            {"field": "nprs_average", "nprs_average": impossible, "nprs_average__version": "1"},
            headers=headers,
        )
        assert refused.status_code == 422, impossible
        assert "Not saved" in refused.content.decode()
    stale = client_a.post(
        url,
        {"field": "nprs_average", "nprs_average": "5", "nprs_average__version": "0"},
        headers=headers,
    )
    assert stale.status_code == 409
    value.refresh_from_db()
    assert (value.value, value.version) == (7, 1)


def test_outcomes_page_without_javascript_saves_all_or_nothing(
    client_a, patient_a, clinician_a, encounter_a
):
    from exam.models import OutcomeValue

    url = reverse("exam:step", args=[encounter_a.pk, "outcomes"])
    page = client_a.get(url)
    assert page.status_code == 200 and "Outcome measures" in page.content.decode()
    refused = client_a.post(
        url,
        {
            "nprs_average": "6",
            "nprs_average__version": "0",
            "nprs_worst": "12",
            "nprs_worst__version": "0",
        },
    )
    assert refused.status_code == 400
    assert not OutcomeValue.objects.filter(encounter=encounter_a).exists()
    saved = client_a.post(
        url,
        {
            "nprs_average": "6",
            "nprs_average__version": "0",
            "nprs_worst": "8",
            "nprs_worst__version": "0",
        },
    )
    assert saved.status_code == 302
    assert dict(
        OutcomeValue.objects.filter(encounter=encounter_a).values_list("item", "value")
    ) == {"nprs_average": 6, "nprs_worst": 8}


def test_follow_up_shows_last_outcome_beside_today_and_carries_psfs_activities(
    client_a, patient_a, clinician_a
):
    from exam.services import encounter_record_outcome

    initial = make_encounter(patient=patient_a, clinician=clinician_a)
    record(initial, clinician_a, GLUTEAL_TENDINOPATHY)
    for code, value in (("nprs_average", 7), ("psfs_activity_1", "Climbing stairs")):
        encounter_record_outcome(
            encounter=initial, item_code=code, side=None, value=value, by=clinician_a
        )
    initial = accept_and_sign(initial, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    from exam.models import OutcomeValue

    carried = dict(OutcomeValue.objects.filter(encounter=follow_up).values_list("item", "value"))
    assert carried == {"psfs_activity_1": "Climbing stairs"}  # NPRS is measured again today
    encounter_record_outcome(
        encounter=follow_up, item_code="nprs_average", side=None, value=4, by=clinician_a
    )
    html = client_a.get(reverse("exam:step", args=[follow_up.pk, "follow-up"])).content.decode()
    assert "Last visit: <strong>7/10</strong>" in html
    summary = client_a.get(reverse("exam:step", args=[follow_up.pk, "summary"])).content.decode()
    assert "<td>7/10</td><td>4/10" in summary
    timeline = client_a.get(patient_a.get_absolute_url()).content.decode()
    timeline = timeline[timeline.index('id="timeline"') :]
    # Visit 1: average pain 7, pain now 4; follow-up 2: average pain 4, pain now carried (4).
    assert "<td>7/10</td><td>4/10</td><td>Gluteal tendinopathy" in timeline
    assert "<td>4/10</td><td>4/10</td><td>not decided</td>" in timeline


def test_ranking_move_names_the_old_and_new_top_hypothesis():
    from exam.engine import Finding, assess
    from exam.followup import ranking_move
    from tests.reports.conftest import HIP_OA

    def run(findings):
        return assess(
            [Finding(item=c, side=s, value=v) for c, s, v in findings], symptomatic_side="left"
        )

    gluteal, hip_oa = run(GLUTEAL_TENDINOPATHY), run(HIP_OA)
    assert gluteal.working_hypothesis.code != hip_oa.working_hypothesis.code
    moved = ranking_move(gluteal, hip_oa)
    assert moved.moved
    assert moved.message.startswith("The ranking has moved")
    assert gluteal.working_hypothesis.label in moved.message
    assert hip_oa.working_hypothesis.label in moved.message
    same = ranking_move(gluteal, gluteal)
    assert not same.moved and "has not moved" in same.message


def test_ranking_move_counts_a_clear_entry_into_the_top_three_not_a_reshuffle():
    from dataclasses import replace

    from exam.engine import Finding, assess
    from exam.followup import ranking_move

    before = assess(
        [Finding(item=c, side=s, value=v) for c, s, v in GLUTEAL_TENDINOPATHY],
        symptomatic_side="left",
    )
    h = list(before.hypotheses)
    # A low-probability hypothesis moving from place 9 to place 5 by a hair: no move.
    shuffled = h[:4] + [replace(h[8], probability=h[8].probability + 0.01)] + h[4:8] + h[9:]
    assert not ranking_move(before, replace(before, hypotheses=tuple(shuffled))).moved
    # The fifth one climbing into the top three with 15 points more: a move, named.
    climbed = h[:1] + [replace(h[4], probability=h[4].probability + 0.15)] + h[1:4] + h[5:]
    move = ranking_move(before, replace(before, hypotheses=tuple(climbed)))
    assert move.moved
    assert f"{h[4].label} moved up from place 5 to place 2" in move.message


def test_a_new_hypothesis_at_follow_up_starts_its_path_at_phase_one(patient_a, clinician_a):
    from exam.services import assessment_for, encounter_decide, encounter_sign, protocol_for
    from tests.factories import SIGN_REASONS

    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    record(follow_up, clinician_a, GLUTEAL_TENDINOPATHY[10:])
    follow_up.refresh_from_db()
    encounter_record_phase(
        encounter=follow_up,
        criteria={},
        decision="advance",
        expected_version=follow_up.version,
        by=clinician_a,
    )
    follow_up.refresh_from_db()
    engine = assessment_for(follow_up).working_hypothesis.code
    paths = protocol_for(follow_up).treatment_paths
    other = next(h.code for h in assessment_for(follow_up).hypotheses[1:] if h.code in paths)
    assert paths[other].code != paths[engine].code  # a hypothesis with a path of its own
    encounter_decide(
        encounter=follow_up,
        decision="overridden",
        hypothesis=other,
        reason="Response to loading does not fit a tendon (test).",
        expected_version=follow_up.version,
        by=clinician_a,
    )
    follow_up.refresh_from_db()
    signed = encounter_sign(
        encounter=follow_up,
        expected_version=follow_up.version,
        reasons=SIGN_REASONS,
        by=clinician_a,
    )
    assert signed.phase == 1  # not phase 2 of the old path


def test_printing_a_follow_up_leaves_an_audit_row(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    response = client_a.get(reverse("reports:summary", args=[follow_up.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(encounter=follow_up, action="printed").exists()


def test_follow_up_page_without_javascript_saves_retests_and_outcomes(
    client_a, patient_a, clinician_a
):
    from exam.models import OutcomeValue

    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    url = reverse("exam:step", args=[follow_up.pk, "follow-up"])
    html = client_a.get(url).content.decode()
    assert 'name="palp_greater_trochanter__left"' in html  # carried the hypothesis last time
    response = client_a.post(
        url,
        {
            "palp_greater_trochanter__left": "tender",
            "palp_greater_trochanter__left__version": "0",
            "nprs_average": "3",
            "nprs_average__version": "0",
            "go": "next",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/step/history/")
    today = answers_by_slot(follow_up)
    assert today[("palp_greater_trochanter", "left")].value == "tender"
    assert OutcomeValue.objects.get(encounter=follow_up, item="nprs_average").value == 3


def test_autosave_on_a_follow_up_marks_a_change_since_last_visit(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    url = reverse("exam:answer", args=[follow_up.pk])
    version = Answer.objects.get(encounter=follow_up, item="pain_now").version
    changed = client_a.post(
        url,
        {"field": "pain_now", "pain_now": "2", "pain_now__version": str(version)},
        headers={"HX-Request": "true"},
    )
    assert "Changed since last visit" in changed.content.decode()
    same = client_a.post(
        url,
        {"field": "pain_now", "pain_now": "4", "pain_now__version": str(version + 1)},
        headers={"HX-Request": "true"},
    )
    assert same.status_code == 200
    assert "Changed since last visit" not in same.content.decode()
