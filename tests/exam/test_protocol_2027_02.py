"""Protocol 2027.02: dynamometer force entered in kilograms (issue #12); old records stay in N."""

from dataclasses import replace

import pytest
from django.urls import reverse

from exam.models import Answer
from exam.protocol import FORCE, PROTOCOL_VERSION, get_protocol
from exam.protocol.v2027_02 import convert_force
from exam.services import encounter_record_answer, encounter_start_follow_up
from reports.services import build_report_context
from tests.exam.test_follow_up import signed_initial
from tests.factories import make_encounter

pytestmark = pytest.mark.django_db

NEW, OLD = get_protocol("2027.02"), get_protocol("2027.01")


def autosave(client, encounter, key, value):
    return client.post(
        reverse("exam:answer", args=[encounter.pk]),
        {"field": key, key: value, f"{key}__version": "0"},
        HTTP_HX_REQUEST="true",
    )


def test_2027_02_is_current_and_changes_only_the_force_unit():
    assert PROTOCOL_VERSION == "2027.02"
    assert [i.code for i in NEW.items] == [i.code for i in OLD.items]
    forces = [i for i in NEW.items if i.answer_type == FORCE]
    assert len(forces) == 5  # four hip movements and knee flexion
    for new in forces:
        old = OLD.items_by_code[new.code]
        assert (old.unit, old.max_value) == ("N", 1000)
        assert (new.unit, new.max_value) == ("kg", 100)
        assert replace(new, unit="N", max_value=1000, how=old.how) == old
    others = [i for i in NEW.items if i.answer_type != FORCE]
    assert others == [OLD.items_by_code[i.code] for i in others]
    assert (NEW.evidence, NEW.hypotheses) == (OLD.evidence, OLD.hypotheses)
    assert "kg" in next(s for s in NEW.steps if s.slug == "strength").intro


def test_convert_force():
    assert convert_force(180, "N", "kg") == 18.4
    assert convert_force(18.4, "kg", "N") == 180.4
    assert convert_force(18, "kg", "kg") == 18
    with pytest.raises(ValueError):
        convert_force(1, "lb", "kg")


def test_kg_entry_and_the_side_to_side_deficit(client_a, encounter_a):
    """encounter_a is left-sided; two-digit kilograms give the same ratio as newtons did."""
    assert encounter_a.protocol_version == "2027.02"
    autosave(client_a, encounter_a, "strength_ext_force__left", "20")
    response = autosave(client_a, encounter_a, "strength_ext_force__right", "25")
    assert "20% deficit, left weaker — flagged (over 10%)" in response.text
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "strength"])).text
    assert '<span class="unit">kg</span>' in page
    assert "Dynamometer force (kg," in page
    context = build_report_context(encounter_a)
    ext = next(r for r in context["strength"] if r["movement"] == "Hip extension")
    assert (ext["left_force_text"], ext["right_force_text"]) == ("20 kg", "25 kg")


def test_a_force_in_newtons_is_refused_with_the_kg_range(client_a, encounter_a):
    response = autosave(client_a, encounter_a, "strength_abd_force__left", "180")
    assert response.status_code == 422
    assert "0 to 100 kg" in response.text
    assert not Answer.objects.filter(encounter=encounter_a).exists()


def test_a_2027_01_encounter_keeps_newtons(client_a, patient_a, clinician_a):
    encounter = make_encounter(patient=patient_a, clinician=clinician_a, protocol_version="2027.01")
    assert autosave(client_a, encounter, "strength_abd_force__left", "180").status_code == 200
    assert autosave(client_a, encounter, "strength_abd_force__right", "220").status_code == 200
    page = client_a.get(reverse("exam:step", args=[encounter.pk, "strength"])).text
    assert '<span class="unit">N</span>' in page
    context = build_report_context(encounter)
    abd = next(r for r in context["strength"] if r["movement"] == "Hip abduction")
    assert (abd["left_force_text"], abd["right_force_text"]) == ("180 N", "220 N")


def test_a_follow_up_in_kg_reads_last_visits_newtons_as_newtons(client_a, patient_a, clinician_a):
    initial = signed_initial(patient_a, clinician_a)
    assert initial.protocol_version == "2027.02"
    # the first visit was recorded in N under 2027.01
    type(initial).objects.filter(pk=initial.pk).update(protocol_version="2027.01")
    Answer.objects.filter(encounter=initial, item="strength_abd_force", side="left").update(
        value=180.0
    )
    follow_up, _ = encounter_start_follow_up(previous=initial, by=clinician_a)
    assert follow_up.protocol_version == "2027.02"
    for value, changed in ((18.4, False), (20, True)):
        encounter_record_answer(
            encounter=follow_up,
            item_code="strength_abd_force",
            side="left",
            value=value,
            by=clinician_a,
        )
        page = client_a.get(reverse("exam:step", args=[follow_up.pk, "strength"])).text
        slot = page[page.index('id="slot-strength_abd_force__left"') :]
        slot = slot[: slot.index('id="slot-strength_abd_force__right"')]
        assert "Last visit: <strong>180 N (about 18.4 kg)</strong>" in slot
        assert ("Changed since last visit" in slot) is changed
        printed = build_report_context(follow_up)["follow_up"]["rows"]
        row = next(r for r in printed if r["code"] == "strength_abd_force" and r["side"] == "left")
        assert row["last"] == "180 N (about 18.4 kg)" and row["changed"] is changed
