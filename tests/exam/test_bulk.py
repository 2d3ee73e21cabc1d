"""Bulk "all normal" actions (issue #12): one request, one service verb, one audit row; never
overwrites; undo one by one; works without JS; stale pages get a conflict."""

import pytest
from django.urls import reverse

from clinic.models import AuditEvent, Encounter
from exam import services
from exam.bulk import BULK_BY_CODE
from exam.models import Answer
from exam.services import protocol_for
from tests.factories import accept_and_sign

HX = {"HTTP_HX_REQUEST": "true"}


def page_versions(encounter, step) -> dict:
    """What the step page posts: every slot's version as the page shows it (stored ones)."""
    stored = {(a.item, a.side): a.version for a in Answer.objects.filter(encounter=encounter)}
    data = {}
    for item in protocol_for(encounter).items_for_step(step):
        for side in ("left", "right") if item.side_aware else ("",):
            key = f"{item.code}__{side}" if side else item.code
            data[f"{key}__version"] = str(stored.get((item.code, side), 0))
    return data


def bulk_post(client, encounter, step, code, extra=None, *, htmx=True, versions=None):
    if versions is None:
        versions = page_versions(encounter, step)
    data = {**versions, "bulk": code, **(extra or {})}
    url = reverse("exam:bulk", args=[encounter.pk, step])
    return client.post(url, data, **(HX if htmx else {}))


def red_flag_questions(encounter):
    return [
        i.code
        for i in protocol_for(encounter).items_for_step("red-flags")
        if i.answer_type == "yes_no_unsure"
    ]


@pytest.mark.django_db
class TestService:
    def test_sets_every_unanswered_question_and_keeps_the_given_ones(
        self, encounter_a, clinician_a
    ):
        services.encounter_record_answer(
            encounter=encounter_a, item_code="rf_fever", side=None, value="yes", by=clinician_a
        )
        audit_rows = AuditEvent.objects.count()
        version = Encounter.objects.get(pk=encounter_a.pk).version
        versions = {
            k.removesuffix("__version"): int(v)
            for k, v in page_versions(encounter_a, "red-flags").items()
        }
        result = services.encounter_record_bulk(
            encounter=encounter_a,
            action_code="red_flags_none",
            expected_versions=versions,
            by=clinician_a,
        )
        questions = red_flag_questions(encounter_a)
        assert len(result.set) == len(questions) - 1
        assert [k.item.code for k in result.kept] == ["rf_fever"]
        assert Answer.objects.get(encounter=encounter_a, item="rf_fever").value == "yes"
        for code in questions:
            if code != "rf_fever":
                assert Answer.objects.get(encounter=encounter_a, item=code).value == "no"
        assert not Answer.objects.filter(encounter=encounter_a, item="rf_hop_pain").exists()
        assert AuditEvent.objects.count() == audit_rows + 1
        row = AuditEvent.objects.order_by("-pk").first()
        assert row.target.startswith("bulk red_flags_none:")
        assert Encounter.objects.get(pk=encounter_a.pk).version == version + 1

    def test_a_stale_version_refuses_everything(self, encounter_a, clinician_a):
        versions = {
            k.removesuffix("__version"): int(v)
            for k, v in page_versions(encounter_a, "neuro").items()
        }
        services.encounter_record_answer(  # another tab, after the page was loaded
            encounter=encounter_a,
            item_code="reflex_knee",
            side="left",
            value="reduced",
            by=clinician_a,
        )
        with pytest.raises(services.BulkConflict) as caught:
            services.encounter_record_bulk(
                encounter=encounter_a,
                action_code="neuro_normal",
                expected_versions=versions,
                by=clinician_a,
            )
        assert "Knee reflex" in str(caught.value) or "reflex" in str(caught.value).lower()
        assert Answer.objects.filter(encounter=encounter_a).count() == 1
        assert Answer.objects.get(encounter=encounter_a, item="reflex_knee").value == "reduced"

    def test_neuro_normal_covers_both_sides_palpation_only_the_complaint_side(
        self, encounter_a, clinician_a
    ):
        protocol = protocol_for(encounter_a)
        neuro = BULK_BY_CODE["neuro_normal"].targets(protocol, "left")
        assert {side for _, side, _ in neuro} == {"left", "right"}
        assert {v for item, _, v in neuro if item.code.startswith("myotome")} == {5}
        palpation = BULK_BY_CODE["palpation_nothing_else"].targets(protocol, "left")
        assert {side for item, side, _ in palpation if item.side_aware} == {"left"}
        both = BULK_BY_CODE["palpation_nothing_else"].targets(protocol, "both")
        assert {side for item, side, _ in both if item.side_aware} == {"left", "right"}


@pytest.mark.django_db
class TestViews:
    def test_htmx_bulk_swaps_every_slot_it_set_and_lists_them(self, client_a, encounter_a):
        response = bulk_post(client_a, encounter_a, "red-flags", "red_flags_none")
        assert response.status_code == 200
        questions = red_flag_questions(encounter_a)
        for code in questions:
            assert f'id="slot-{code}" hx-swap-oob="true"' in response.text
            assert f'id="bulk-item-{code}"' in response.text
        assert f"Set to No: {len(questions)} answers" in response.text
        assert 'id="live-panel"' in response.text  # the ranking updates too

    def test_without_js_posts_the_form_saves_its_answers_and_comes_back(
        self, client_a, encounter_a
    ):
        # The clinician tapped Yes on one question (not saved yet: no JS), then "None of these".
        response = bulk_post(
            client_a, encounter_a, "red-flags", "red_flags_none", {"rf_fever": "yes"}, htmx=False
        )
        assert response.status_code == 302
        assert response["Location"].endswith("/step/red-flags/#bulk-red-flags-none")
        assert Answer.objects.get(encounter=encounter_a, item="rf_fever").value == "yes"
        assert Answer.objects.get(encounter=encounter_a, item="rf_weight_loss").value == "no"
        page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "red-flags"]))
        assert "Set to No: " in page.text
        assert 'id="bulk-item-rf_weight_loss"' in page.text
        assert 'id="bulk-item-rf_fever"' not in page.text  # the clinician's own answer

    def test_undo_one_without_js_clears_only_that_answer(self, client_a, encounter_a):
        bulk_post(client_a, encounter_a, "neuro", "neuro_normal", htmx=False)
        answer = Answer.objects.get(encounter=encounter_a, item="myotome_l5", side="left")
        data = {
            **page_versions(encounter_a, "neuro"),
            "myotome_l5__left": "5",
            "clear": "myotome_l5__left",
        }
        response = client_a.post(reverse("exam:answer", args=[encounter_a.pk]), data)
        assert response.status_code == 302
        assert not Answer.objects.filter(pk=answer.pk).exists()
        assert Answer.objects.filter(encounter=encounter_a, item="myotome_l5").count() == 1
        page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "neuro"]))
        assert "undone — not asked" in page.text

    def test_undo_with_htmx_rerenders_the_slot_and_the_list(self, client_a, encounter_a):
        bulk_post(client_a, encounter_a, "palpation", "palpation_nothing_else")
        key = "palp_sij_psis__left"
        data = {**page_versions(encounter_a, "palpation"), "field": key, "clear": key}
        response = client_a.post(reverse("exam:answer", args=[encounter_a.pk]), data, **HX)
        assert response.status_code == 200
        assert f'id="slot-{key}" hx-swap-oob="true"' in response.text
        assert (
            'id="bulk-palpation-nothing-else"' in response.text
            and "undone — not asked" in response.text
        )
        assert not Answer.objects.filter(encounter=encounter_a, item="palp_sij_psis").exists()

    def test_stale_tab_gets_a_conflict_and_nothing_is_written(
        self, client_a, encounter_a, clinician_a
    ):
        stale = page_versions(encounter_a, "red-flags")
        services.encounter_record_answer(
            encounter=encounter_a, item_code="rf_fever", side=None, value="yes", by=clinician_a
        )
        response = bulk_post(client_a, encounter_a, "red-flags", "red_flags_none", versions=stale)
        assert response.status_code == 409
        assert "Nothing was set" in response.text
        assert 'id="slot-rf_fever" hx-swap-oob="true"' in response.text  # their answer shown
        assert Answer.objects.filter(encounter=encounter_a).count() == 1

    def test_refuses_unknown_actions_missing_versions_and_signed_encounters(
        self, client_a, encounter_a, clinician_a
    ):
        assert bulk_post(client_a, encounter_a, "nerve", "red_flags_none").status_code == 400
        assert bulk_post(client_a, encounter_a, "red-flags", "neuro_normal").status_code == 400
        response = bulk_post(client_a, encounter_a, "red-flags", "red_flags_none", versions={})
        assert response.status_code == 400
        assert not Answer.objects.exists()
        url = reverse("exam:bulk", args=[encounter_a.pk, "no-such-step"])
        assert client_a.post(url, {"bulk": "x"}).status_code == 404
        accept_and_sign(encounter_a, clinician_a)
        assert bulk_post(client_a, encounter_a, "neuro", "neuro_normal").status_code == 403
        assert not Answer.objects.filter(item__startswith="myotome").exists()

    def test_other_clinics_cannot_use_it(self, client_b, encounter_a):
        assert bulk_post(client_b, encounter_a, "neuro", "neuro_normal").status_code == 404
        assert not Answer.objects.exists()


@pytest.mark.django_db
def test_none_of_the_others_answers_only_the_rest_of_its_group(client_a, encounter_a, clinician_a):
    services.encounter_record_answer(
        encounter=encounter_a, item_code="agg_sitting", side=None, value="yes", by=clinician_a
    )
    response = bulk_post(client_a, encounter_a, "history", "none_else_aggravating_factors")
    assert response.status_code == 200
    assert 'id="bulk-none-else-aggravating-factors"' in response.text
    values = {a.item: a.value for a in Answer.objects.filter(encounter=encounter_a)}
    group = [
        i.code
        for i in protocol_for(encounter_a).items_for_step("history")
        if i.group == "Aggravating factors" and i.answer_type == "yes_no_unsure"
    ]
    assert values == {"agg_sitting": "yes", **{c: "no" for c in group if c != "agg_sitting"}}
    # the step's other groups have their own button; the step itself has none at the top
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "history"]))
    assert page.text.count(">None of the others</button>") == 3
