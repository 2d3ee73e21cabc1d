"""An encounter keeps the protocol version it was taken with, even after the protocol changes."""

import dataclasses

import pytest
from django.urls import reverse

import exam.protocol as protocol_module
from clinic import views as clinic_views
from clinic.models import Encounter
from exam.services import encounter_record_answer


@pytest.fixture
def newer_protocol(monkeypatch):
    """A future protocol version without the 'pain wakes them at night' question."""
    old = protocol_module.get_protocol()
    newer = dataclasses.replace(
        old,
        version="2099.1",
        items=tuple(i for i in old.items if i.code != "night_pain"),
        evidence=tuple(e for e in old.evidence if e.item != "night_pain"),
    )
    monkeypatch.setitem(protocol_module.PROTOCOLS, "2099.1", newer)
    monkeypatch.setattr(protocol_module, "PROTOCOL_VERSION", "2099.1")
    monkeypatch.setattr(clinic_views, "PROTOCOL_VERSION", "2099.1")
    return old, newer


@pytest.mark.django_db
def test_old_encounter_still_renders_with_its_own_version(
    client_a, encounter_a, clinician_a, newer_protocol
):
    old, _ = newer_protocol
    assert encounter_a.protocol_version == old.version
    encounter_record_answer(
        encounter=encounter_a, item_code="night_pain", side=None, value="yes", by=clinician_a
    )
    history = client_a.get(reverse("exam:step", args=[encounter_a.pk, "history"]))
    assert history.status_code == 200
    assert 'name="night_pain" value="yes" checked' in history.text
    summary = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
    assert summary.status_code == 200


@pytest.mark.django_db
def test_new_encounter_uses_the_new_version(client_a, patient_a, newer_protocol):
    client_a.post(reverse("clinic:encounter_start", args=[patient_a.pk]), {"side": "left"})
    encounter = Encounter.objects.get(patient=patient_a)
    assert encounter.protocol_version == "2099.1"
    history = client_a.get(reverse("exam:step", args=[encounter.pk, "history"]))
    assert 'name="night_pain"' not in history.text
    refused = client_a.post(
        reverse("exam:answer", args=[encounter.pk]),
        {"field": "night_pain", "night_pain": "yes"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 400


@pytest.mark.django_db
def test_an_encounter_taken_under_2026_11_opens_and_prints_with_its_own_version(
    client_a, encounter_a, clinician_a
):
    """The real previous release, not a stand-in: 2026.12 changed items, links and red flags."""
    from io import BytesIO

    from pypdf import PdfReader

    Encounter.objects.filter(pk=encounter_a.pk).update(protocol_version="2026.11")
    encounter_a.refresh_from_db()
    encounter_record_answer(
        encounter=encounter_a, item_code="rf_infection_risk", side=None, value="yes", by=clinician_a
    )
    red_flags = client_a.get(reverse("exam:step", args=[encounter_a.pk, "red-flags"]))
    assert red_flags.status_code == 200
    # 2026.11 wording of the combined infection question, and none of 2026.12's new questions
    assert "recent infection, injection/acupuncture" in red_flags.text
    assert 'name="rf_unwell"' not in red_flags.text
    summary = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"]))
    assert summary.status_code == 200
    pdf = client_a.get(reverse("reports:summary", args=[encounter_a.pk]))
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Protocol version 2026.11" in " ".join(text.split())
