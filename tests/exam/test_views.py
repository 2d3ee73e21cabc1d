"""The guided exam over HTTP (no browser): autosave, validation, conflicts, steps, signing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.models import AuditEvent, Encounter
from exam.models import Answer
from exam.services import answers_by_slot, encounter_record_answer, protocol_for
from exam.views import Row, chart_regions, step_slots
from reports.services import build_report_context
from tests.factories import SIGN_REASONS, accept_and_sign

HX = {"HTTP_HX_REQUEST": "true"}


def autosave(client, encounter, key, value, version=None, **extra):
    """Post one answer as the page does: with the slot's version (the stored one by default)."""
    if version is None:
        code, _, side = key.partition("__")
        current = stored(encounter, code, side)
        version = current.version if current else 0
    data = {"field": key, key: value, f"{key}__version": str(version), **extra}
    return client.post(reverse("exam:answer", args=[encounter.pk]), data, **HX)


def stored(encounter, item, side=""):
    return Answer.objects.filter(encounter=encounter, item=item, side=side).first()


@pytest.mark.django_db
class TestAutosave:
    def test_saves_and_returns_state_and_live_panel(self, client_a, encounter_a, clinician_a):
        response = autosave(client_a, encounter_a, "single_leg_stance__left", "positive", 0)
        assert response.status_code == 200
        assert response["X-Save-State"] == "saved"  # app.js trusts only marked fragments
        assert "Saved" in response.text
        assert 'id="live-panel"' in response.text and 'hx-swap-oob="true"' in response.text
        assert 'id="progress-movement"' in response.text
        answer = stored(encounter_a, "single_leg_stance", "left")
        assert answer.value == "positive" and answer.version == 1
        assert answer.updated_by == clinician_a
        assert AuditEvent.objects.filter(encounter=encounter_a, action="updated").exists()
        encounter_a.refresh_from_db()
        assert encounter_a.version == 2

    def test_ranking_changes_after_key_findings(self, client_a, encounter_a):
        for key, value in [
            ("area_lateral_hip__left", "true"),
            ("palp_greater_trochanter__left", "familiar"),
            ("agg_side_lying", "yes"),
            ("single_leg_stance__left", "positive"),
        ]:
            response = autosave(client_a, encounter_a, key, value)
            assert response.status_code == 200, response.text
        assert "Gluteal tendinopathy" in response.text.split('class="working-label">')[1][:80]

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("pain_now", "11", "Pain now"),
            ("pain_now", "abc", "digits 0-9 only"),
            ("pain_now", "3.5", "whole number"),
            ("pain_now", "1_0", "digits 0-9 only"),
            ("pain_now", "\u0663", "digits 0-9 only"),  # Arabic-Indic three
            ("pain_now", "\uff13", "digits 0-9 only"),  # full-width three
            ("pain_now", "3e0", "digits 0-9 only"),
            ("single_leg_stance__left", "maybe", "Single-leg stance"),
            ("strength_er_force__left", "-5", "force"),
            ("strength_er_force__left", "nan", "digits 0-9 only"),
            ("strength_er_force__left", "inf", "digits 0-9 only"),
            ("strength_er_force__left", "1e-400", "digits 0-9 only"),
            ("strength_er_force__left", "1_000", "digits 0-9 only"),
        ],
    )
    def test_invalid_value_is_refused_next_to_the_control(
        self, client_a, encounter_a, key, value, message
    ):
        autosave(
            client_a,
            encounter_a,
            key,
            {
                "pain_now": "4",
                "single_leg_stance__left": "negative",
                "strength_er_force__left": "120",
            }[key],
        )
        before = list(Answer.objects.values_list("item", "side", "value", "version"))
        response = autosave(client_a, encounter_a, key, value)
        assert response.status_code == 422
        assert response["X-Save-State"] == "error"
        assert "Not saved" in response.text
        assert message.lower() in response.text.lower()
        assert list(Answer.objects.values_list("item", "side", "value", "version")) == before

    @pytest.mark.parametrize(("raw", "value"), [("7", 7), (" 7 ", 7), ("+7", 7), ("7.0", 7)])
    def test_plain_whole_numbers_are_accepted(self, client_a, encounter_a, raw, value):
        assert autosave(client_a, encounter_a, "pain_now", raw).status_code == 200
        assert stored(encounter_a, "pain_now").value == value

    @pytest.mark.parametrize(("raw", "value"), [("12", 12), ("12.5", 12.5), ("12,5", 12.5)])
    def test_plain_decimals_are_accepted(self, client_a, encounter_a, raw, value):
        assert autosave(client_a, encounter_a, "strength_er_force__left", raw).status_code == 200
        assert stored(encounter_a, "strength_er_force", "left").value == value

    @pytest.mark.parametrize("version", [None, "", "abc", "-1", "\u0661"])
    def test_a_save_without_a_valid_version_is_refused(
        self, client_a, encounter_a, clinician_a, version
    ):
        """Leaving the version out must never turn into a blind overwrite."""
        encounter_record_answer(
            encounter=encounter_a, item_code="pain_now", side=None, value=6, by=clinician_a
        )
        data = {"field": "pain_now", "pain_now": "2"}
        if version is not None:
            data["pain_now__version"] = version
        response = client_a.post(reverse("exam:answer", args=[encounter_a.pk]), data, **HX)
        assert response.status_code == 422
        assert "Not saved" in response.text
        assert "reload" in response.text.lower()
        answer = stored(encounter_a, "pain_now")
        assert (answer.value, answer.version) == (6, 1)
        # A first answer (nothing stored yet) needs its version 0 as well.
        data = {"field": "slr__left", "slr__left": "positive"}
        response = client_a.post(reverse("exam:answer", args=[encounter_a.pk]), data, **HX)
        assert response.status_code == 422
        assert stored(encounter_a, "slr", "left") is None

    def test_unknown_item_and_wrong_side_are_400(self, client_a, encounter_a):
        assert autosave(client_a, encounter_a, "no_such_item", "yes").status_code == 400
        assert autosave(client_a, encounter_a, "pain_now__left", "3").status_code == 422
        assert (
            autosave(client_a, encounter_a, "single_leg_stance__middle", "positive").status_code
            == 400
        )
        assert autosave(client_a, encounter_a, "single_leg_stance", "positive").status_code == 422
        assert not Answer.objects.exists()

    def test_stale_version_is_a_conflict_not_an_overwrite(self, client_a, encounter_a, clinician_a):
        encounter_record_answer(
            encounter=encounter_a, item_code="pain_now", side=None, value=6, by=clinician_a
        )
        # This tab loaded the page before the answer existed (version 0).
        response = autosave(client_a, encounter_a, "pain_now", "2", version=0)
        assert response.status_code == 409
        assert response["X-Save-State"] == "conflict"
        assert "Someone else changed this answer" in response.text
        assert stored(encounter_a, "pain_now").value == 6
        # The conflict response shows the other value in the control (out-of-band).
        assert 'id="slot-pain_now"' in response.text
        assert 'value="6" checked' in response.text
        # Showing another user's value is a read of patient data: audited.
        assert AuditEvent.objects.filter(
            encounter=encounter_a, action="viewed", target__startswith="conflict on answer pain_now"
        ).exists()

    def test_not_tested_keeps_its_reason(self, client_a, encounter_a):
        response = autosave(
            client_a, encounter_a, "slump__left", "not_tested", **{"slump__left__reason": "pain"}
        )
        assert response.status_code == 200
        answer = stored(encounter_a, "slump", "left")
        assert (answer.value, answer.reason) == ("not_tested", "pain")

    def test_signed_encounter_is_read_only(self, client_a, encounter_a, clinician_a):
        accept_and_sign(encounter_a, clinician_a)
        response = autosave(client_a, encounter_a, "pain_now", "3")
        assert response.status_code == 403
        assert not Answer.objects.exists()

    def test_query_count_does_not_grow_with_the_number_of_answers(
        self, client_a, encounter_a, clinician_a
    ):
        def count_queries(value):
            with CaptureQueriesContext(connection) as ctx:
                assert autosave(client_a, encounter_a, "pain_now", value).status_code == 200
            return len(ctx.captured_queries)

        count_queries("0")  # warm-up: the first request also stamps the session's activity
        few = count_queries("1")
        for code in [
            "palp_greater_trochanter",
            "palp_gluteus_medius_minimus",
            "palp_ischial_tuberosity",
            "palp_deep_gluteal",
            "palp_sij_psis",
            "palp_lumbar_spine",
            "palp_hamstring_belly",
        ]:
            for side in ("left", "right"):
                encounter_record_answer(
                    encounter=encounter_a,
                    item_code=code,
                    side=side,
                    value="not_tender",
                    by=clinician_a,
                )
        many = count_queries("2")
        assert few == many
        assert many <= 16

    def test_without_htmx_redirects_back_to_the_step(self, client_a, encounter_a):
        response = client_a.post(
            reverse("exam:answer", args=[encounter_a.pk]),
            {"field": "pain_now", "pain_now": "3", "pain_now__version": "0"},
        )
        assert response.status_code == 302
        assert response["Location"].endswith("/step/history/")
        assert stored(encounter_a, "pain_now").value == 3


@pytest.mark.django_db
class TestStepPages:
    def test_encounter_resumes_at_the_last_step(self, client_a, encounter_a):
        client_a.get(reverse("exam:step", args=[encounter_a.pk, "nerve"]))
        response = client_a.get(reverse("exam:encounter", args=[encounter_a.pk]))
        assert response["Location"].endswith("/step/nerve/")

    def test_step_shows_stored_answers_after_reload(self, client_a, encounter_a, clinician_a):
        encounter_record_answer(
            encounter=encounter_a, item_code="slr", side="left", value="positive", by=clinician_a
        )
        response = client_a.get(reverse("exam:step", args=[encounter_a.pk, "nerve"]))
        assert response.status_code == 200
        assert 'name="slr__left" value="positive" checked' in response.text
        assert "1/" in response.text  # progress answered/total

    def test_every_step_and_the_summary_render(self, client_a, encounter_a):
        from exam.protocol import get_protocol

        for step in [s.slug for s in get_protocol().steps] + ["summary"]:
            response = client_a.get(reverse("exam:step", args=[encounter_a.pk, step]))
            assert response.status_code == 200, step

    def test_unknown_step_is_404(self, client_a, encounter_a):
        assert client_a.get(reverse("exam:step", args=[encounter_a.pk, "nope"])).status_code == 404

    def test_no_js_step_form_saves_and_moves_on(self, client_a, encounter_a):
        response = client_a.post(
            reverse("exam:step", args=[encounter_a.pk, "nerve"]),
            {
                "slr__left": "negative",
                "slr__left__version": "0",
                "slump__left": "positive",
                "slump__left__version": "0",
            },
        )
        assert response.status_code == 302
        assert response["Location"].endswith("/step/movement/")
        assert stored(encounter_a, "slr", "left").value == "negative"
        assert stored(encounter_a, "slump", "left").value == "positive"

    def test_no_js_step_form_without_versions_is_refused(self, client_a, encounter_a, clinician_a):
        encounter_record_answer(
            encounter=encounter_a, item_code="slr", side="left", value="positive", by=clinician_a
        )
        response = client_a.post(
            reverse("exam:step", args=[encounter_a.pk, "nerve"]),
            {"slr__left": "negative", "slump__left": "positive"},
        )
        assert response.status_code == 400
        assert "without the page&#x27;s version" in response.text
        assert stored(encounter_a, "slr", "left").value == "positive"
        assert stored(encounter_a, "slump", "left") is None

    def test_no_js_step_form_with_an_error_saves_nothing(self, client_a, encounter_a):
        response = client_a.post(
            reverse("exam:step", args=[encounter_a.pk, "history"]),
            {
                "pain_now": "4",
                "pain_worst": "99",
            },
        )
        assert response.status_code == 400
        assert "Not saved" in response.text
        assert not Answer.objects.exists()

    def test_body_chart_regions_have_text_labels(self, client_a, encounter_a, clinician_a):
        encounter_record_answer(
            encounter=encounter_a,
            item_code="area_lateral_hip",
            side="left",
            value=True,
            by=clinician_a,
        )
        response = client_a.get(reverse("exam:step", args=[encounter_a.pk, "history"]))
        assert 'class="region marked" data-field="area_lateral_hip__left"' in response.text
        assert '<span class="marked-chip">Left lateral hip' in response.text


@pytest.mark.django_db
class TestSummaryDecisionAndSigning:
    def test_override_needs_a_reason(self, client_a, encounter_a):
        response = client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {
                "decision": "overridden",
                "override_hypothesis": "sij_pain",
                "reason": " ",
                "version": encounter_a.version,
            },
        )
        assert response.status_code == 400
        assert "Give a reason for overriding" in response.text
        encounter_a.refresh_from_db()
        assert encounter_a.decision == ""

    def test_override_is_recorded_and_shown(self, client_a, encounter_a):
        response = client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {
                "decision": "overridden",
                "override_hypothesis": "sij_pain",
                "reason": "Pain pattern fits SIJ better on palpation",
                "version": encounter_a.version,
            },
        )
        assert response.status_code == 302
        encounter_a.refresh_from_db()
        assert (encounter_a.decision, encounter_a.decided_hypothesis) == ("overridden", "sij_pain")
        page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
        assert "Pain pattern fits SIJ better on palpation" in page.text

    def test_stale_decision_is_a_conflict(self, client_a, encounter_a, clinician_a):
        encounter_record_answer(
            encounter=encounter_a, item_code="pain_now", side=None, value=5, by=clinician_a
        )  # bumps the encounter version
        response = client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {"decision": "accepted", "hypothesis": "sij_pain", "version": 1},
        )
        assert response.status_code == 409
        assert "changed in another tab" in response.text

    def test_sign_requires_a_decision_then_locks(self, client_a, encounter_a):
        url = reverse("exam:sign", args=[encounter_a.pk])
        refused = client_a.post(url, {"version": encounter_a.version, "confirm": "yes"})
        assert refused.status_code == 400
        assert "No decision yet: accept or override the working hypothesis" in refused.text
        client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {"decision": "accepted", "version": encounter_a.version},
        )
        encounter_a.refresh_from_db()
        signed = client_a.post(
            url, {"version": encounter_a.version, "confirm": "yes", **SIGN_REASONS}
        )
        assert signed.status_code == 302
        encounter_a.refresh_from_db()
        assert encounter_a.status == Encounter.Status.SIGNED and encounter_a.signed_by_id
        page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "history"]))
        assert "signed and read-only" in page.text
        step_post = client_a.post(
            reverse("exam:step", args=[encounter_a.pk, "history"]), {"pain_now": "3"}
        )
        assert step_post.status_code == 403
        addendum = client_a.post(
            reverse("exam:addendum", args=[encounter_a.pk]),
            {"text": "Forgot: patient runs 30 km/week."},
        )
        assert addendum.status_code == 302
        summary = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
        assert "Forgot: patient runs 30 km/week." in summary.text

    def test_addendum_on_a_draft_is_refused(self, client_a, encounter_a):
        response = client_a.post(reverse("exam:addendum", args=[encounter_a.pk]), {"text": "note"})
        assert response.status_code == 400
        assert "Addenda are for signed encounters" in response.text

    def test_summary_lists_untested_items_that_matter(self, client_a, encounter_a):
        response = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
        assert "Still untested that would matter" in response.text
        assert "#item-" in response.text  # each suggestion links to its test


@pytest.mark.django_db
def test_tablet_and_printed_body_chart_draw_the_same_regions(encounter_a, clinician_a):
    """Screen and print come from one formatter: same regions, shapes, names and marks."""
    encounter_record_answer(
        encounter=encounter_a, item_code="area_sij", side="right", value=True, by=clinician_a
    )
    answers = answers_by_slot(encounter_a)
    protocol = protocol_for(encounter_a)
    rows = [Row(item, step_slots(item, answers)) for item in protocol.items_for_step("history")]
    keys = ("kind", "x", "y", "w", "h", "label", "marked")
    screen = sorted(tuple(r[k] for k in keys) for r in chart_regions(rows))
    printed = sorted(
        tuple(r[k] for k in keys) for r in build_report_context(encounter_a)["chart"]["regions"]
    )
    assert screen == printed
    assert [r[5] for r in screen if r[6]] == ["Right SIJ area (below L5, over the PSIS)"]
