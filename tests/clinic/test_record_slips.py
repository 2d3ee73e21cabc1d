"""Clinic moves, the start-exam side question, side changes, duplicate patients, the derived
age band and side-aware progress."""

import datetime

import pytest
from django.urls import reverse

from clinic.models import AuditEvent, Encounter, Patient
from exam.models import Answer
from exam.services import answers_by_slot
from tests.factories import make_encounter, make_patient, make_user

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
class TestClinicMoves:
    def patient_form(self, patient, clinic):
        return {
            "clinic": clinic.pk,
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "sex": patient.sex,
            "identifier": patient.identifier,
            "phone": "",
            "email": "",
        }

    def test_admin_cannot_move_a_patient_with_encounters(
        self, client, encounter_a, patient_a, clinic_b
    ):
        admin = make_user(username="superadmin", is_staff=True, is_superuser=True)
        client.force_login(admin)
        url = reverse("admin:clinic_patient_change", args=[patient_a.pk])
        page = client.get(url)
        assert 'name="clinic"' not in page.text  # read-only once encounters exist
        response = client.post(url, self.patient_form(patient_a, clinic_b))
        assert response.status_code == 302
        patient_a.refresh_from_db()
        assert patient_a.clinic.name == "Clinic Alpha (test)"
        row = AuditEvent.objects.filter(patient=patient_a, username="superadmin").last()
        assert row.action == AuditEvent.Action.UPDATED and "admin" in row.target

    def test_a_patient_without_encounters_can_still_be_moved_and_it_is_audited(
        self, client, patient_a, clinic_b
    ):
        admin = make_user(username="superadmin", is_staff=True, is_superuser=True)
        client.force_login(admin)
        url = reverse("admin:clinic_patient_change", args=[patient_a.pk])
        assert client.post(url, self.patient_form(patient_a, clinic_b)).status_code == 302
        patient_a.refresh_from_db()
        assert patient_a.clinic == clinic_b
        row = AuditEvent.objects.filter(patient=patient_a, username="superadmin").last()
        assert "clinic" in row.target


@pytest.mark.django_db
class TestStartExamSide:
    def test_a_draft_on_the_other_side_asks_instead_of_resuming(
        self, client_a, patient_a, clinician_a
    ):
        url = reverse("clinic:encounter_start", args=[patient_a.pk])
        client_a.post(url, {"side": "right"})
        right = Encounter.objects.get(patient=patient_a)
        question = client_a.post(url, {"side": "left"})
        assert question.status_code == 409
        assert "Unfinished exam on the other side" in question.text
        assert "Resume the right-side exam" in question.text
        assert Encounter.objects.filter(patient=patient_a).count() == 1
        resumed = client_a.post(url, {"side": "left", "other_side": "resume"})
        assert resumed.url == right.get_absolute_url()
        assert Encounter.objects.filter(patient=patient_a).count() == 1
        new = client_a.post(url, {"side": "left", "other_side": "new"})
        left = Encounter.objects.get(patient=patient_a, side="left")
        assert new.url == left.get_absolute_url()
        # The same side twice (a double tap) still resumes rather than duplicating.
        again = client_a.post(url, {"side": "left"})
        assert again.url == left.get_absolute_url()
        assert Encounter.objects.filter(patient=patient_a).count() == 2

    def test_side_can_be_changed_until_signed_and_is_audited(
        self, client_a, encounter_a, clinician_a
    ):
        url = reverse("exam:side", args=[encounter_a.pk])
        stale = client_a.post(url, {"side": "right", "version": encounter_a.version + 3})
        assert stale.status_code == 409
        bad = client_a.post(url, {"side": "up", "version": encounter_a.version})
        assert bad.status_code == 400 and "left, right or both" in bad.text
        encounter_a.refresh_from_db()
        assert encounter_a.side == "left"
        assert (
            client_a.post(url, {"side": "right", "version": encounter_a.version}).status_code == 302
        )
        encounter_a.refresh_from_db()
        assert encounter_a.side == "right"
        assert AuditEvent.objects.filter(
            encounter=encounter_a, target="side left -> right"
        ).exists()
        Encounter.objects.filter(pk=encounter_a.pk).update(
            status="signed", signed_at=datetime.datetime.now(datetime.UTC), signed_by=clinician_a
        )
        locked = client_a.post(url, {"side": "left", "version": encounter_a.version})
        assert locked.status_code == 403
        encounter_a.refresh_from_db()
        assert encounter_a.side == "right"


@pytest.mark.django_db
class TestPatientRecord:
    def form(self, **extra):
        return {
            "given_name": "Dupey",
            "family_name": "McDuplicate",
            "date_of_birth": "1975-02-03",
            "sex": "female",
            "identifier": "DUP-1",
            **extra,
        }

    def test_possible_duplicate_warns_then_create_anyway(self, client_a, clinic_a):
        url = reverse("clinic:patient_create")
        assert client_a.post(url, self.form()).status_code == 302
        warned = client_a.post(url, self.form(identifier="DUP-2", given_name="dupey "))
        assert warned.status_code == 409
        assert "Possible duplicate." in warned.text and "Create anyway" in warned.text
        assert Patient.objects.filter(family_name="McDuplicate").count() == 1
        created = client_a.post(url, self.form(identifier="DUP-2", create_anyway="yes"))
        assert created.status_code == 302
        assert Patient.objects.filter(family_name="McDuplicate").count() == 2

    def test_age_band_comes_from_the_date_of_birth(self, client_a, clinic_a, clinician_a):
        patient = make_patient(clinic=clinic_a, date_of_birth=datetime.date(1950, 1, 1))
        encounter = make_encounter(patient=patient, clinician=clinician_a)
        assert answers_by_slot(encounter)[("age_band", "")].value == "over_50"
        page = client_a.get(reverse("exam:step", args=[encounter.pk, "history"]))
        assert "Over 50" in page.text and "from the date of birth" in page.text
        assert 'name="age_band"' not in page.text
        refused = client_a.post(
            reverse("exam:answer", args=[encounter.pk]),
            {"field": "age_band", "age_band": "under_35", "age_band__version": "0"},
            **HX,
        )
        assert refused.status_code == 422
        assert "comes from the date of birth" in refused.text
        assert not Answer.objects.filter(encounter=encounter, item="age_band").exists()
        patient.date_of_birth = datetime.date(2000, 1, 1)
        patient.save()
        assert answers_by_slot(encounter)[("age_band", "")].value == "under_35"

    def test_progress_counts_only_the_complaint_side(self, client_a, clinic_a, clinician_a):
        patient = make_patient(clinic=clinic_a)
        right = make_encounter(patient=patient, clinician=clinician_a, side="right")
        both = make_encounter(patient=patient, clinician=clinician_a, side="both")
        from exam.protocol import get_protocol

        palpation = get_protocol().items_for_step("palpation")
        # regions, their pain quality and free-text notes are optional: not counted
        sided = sum(1 for i in palpation if i.side_aware and not i.optional)
        single = sum(1 for i in palpation if not i.side_aware and not i.optional)
        for encounter, total in ((right, sided + single), (both, 2 * sided + single)):
            page = client_a.get(reverse("exam:step", args=[encounter.pk, "palpation"])).text
            assert f"0/{total}" in page, (encounter.side, total)
