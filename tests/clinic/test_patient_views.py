import datetime

import pytest
from django.urls import reverse

from clinic.models import AuditEvent, Encounter, Patient
from tests.factories import make_patient

VALID = {
    "given_name": "Newbie",
    "family_name": "Fakerson",
    "date_of_birth": "1991-02-03",
    "sex": "male",
    "identifier": "NEW-001",
    "phone": "",
    "email": "",
}


@pytest.mark.django_db
class TestLoginRequired:
    @pytest.mark.parametrize("name", ["clinic:patient_list", "clinic:patient_create"])
    def test_anonymous_is_sent_to_login(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_anonymous_cannot_see_a_patient(self, client, patient_a):
        response = client.get(reverse("clinic:patient_detail", args=[patient_a.pk]))
        assert response.status_code == 302


@pytest.mark.django_db
class TestPatientList:
    def test_lists_only_own_clinic(self, client_a, patient_a, clinic_b):
        other = make_patient(clinic=clinic_b, family_name="Otherclinicson")
        response = client_a.get(reverse("clinic:patient_list"))
        assert response.status_code == 200
        assert patient_a.family_name in response.text
        assert other.family_name not in response.text

    def test_search_by_name_and_identifier(self, client_a, clinic_a):
        make_patient(clinic=clinic_a, family_name="Zebrafake", identifier="ZZ-9")
        make_patient(clinic=clinic_a, family_name="Applefake", identifier="AA-1")
        by_name = client_a.get(reverse("clinic:patient_list"), {"q": "zebra"})
        assert "Zebrafake" in by_name.text and "Applefake" not in by_name.text
        by_id = client_a.get(reverse("clinic:patient_list"), {"q": "AA-1"})
        assert "Applefake" in by_id.text and "Zebrafake" not in by_id.text

    def test_htmx_search_gets_only_the_results_partial(self, client_a, patient_a):
        response = client_a.get(
            reverse("clinic:patient_list"),
            {"q": "Testy"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="patient-results",
        )
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<div id="patient-results">')
        assert "<html" not in response.text

    def test_paging(self, client_a, clinic_a):
        for i in range(25):
            make_patient(clinic=clinic_a, family_name=f"Pagetest{i:02d}")
        first = client_a.get(reverse("clinic:patient_list"))
        assert "Page 1 of 2" in first.text
        second = client_a.get(reverse("clinic:patient_list"), {"page": 2})
        assert "Page 2 of 2" in second.text
        # Nonsense page numbers fall back to a real page instead of failing.
        assert client_a.get(reverse("clinic:patient_list"), {"page": "abc"}).status_code == 200

    def test_user_text_is_escaped(self, client_a, clinic_a):
        make_patient(clinic=clinic_a, family_name="<script>alert(1)</script>")
        response = client_a.get(reverse("clinic:patient_list"))
        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.django_db
class TestPatientCreate:
    def test_happy_path_creates_and_audits(self, client_a, clinic_a, clinician_a):
        response = client_a.post(reverse("clinic:patient_create"), VALID)
        patient = Patient.objects.get(identifier="NEW-001")
        assert response.status_code == 302
        assert response["Location"] == patient.get_absolute_url()
        assert patient.clinic == clinic_a
        assert AuditEvent.objects.filter(
            patient=patient, action="created", user=clinician_a
        ).exists()

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (
                {"date_of_birth": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()},
                "Date of birth cannot be in the future.",
            ),
            ({"given_name": "   "}, "Enter the patient&#x27;s given name."),
            ({"family_name": ""}, "Enter the patient&#x27;s family name."),
            ({"date_of_birth": "31/02/2001"}, "Enter the date of birth as a real date"),
            ({"sex": "dragon"}, "Select a valid choice"),
            ({"identifier": "x" * 41}, "at most 40 characters"),
        ],
    )
    def test_invalid_input_shows_error_and_saves_nothing(self, client_a, change, message):
        before = Patient.objects.count()
        response = client_a.post(reverse("clinic:patient_create"), {**VALID, **change})
        assert response.status_code == 400
        assert message in response.text
        assert Patient.objects.count() == before

    def test_duplicate_identifier_in_same_clinic_is_refused(self, client_a, patient_a):
        response = client_a.post(
            reverse("clinic:patient_create"), {**VALID, "identifier": patient_a.identifier}
        )
        assert response.status_code == 400
        assert "already has this identifier" in response.text
        assert Patient.objects.filter(identifier=patient_a.identifier).count() == 1

    def test_same_identifier_in_another_clinic_is_fine(self, client_b, patient_a):
        response = client_b.post(
            reverse("clinic:patient_create"), {**VALID, "identifier": patient_a.identifier}
        )
        assert response.status_code == 302
        assert Patient.objects.filter(identifier=patient_a.identifier).count() == 2


@pytest.mark.django_db
class TestPatientDetailAndEdit:
    def test_detail_shows_patient_and_audits_the_read(self, client_a, patient_a, clinician_a):
        response = client_a.get(reverse("clinic:patient_detail", args=[patient_a.pk]))
        assert response.status_code == 200
        assert "Testy McTestface" in response.text
        assert (
            AuditEvent.objects.filter(patient=patient_a, action="viewed", user=clinician_a).count()
            == 1
        )

    def test_other_clinic_gets_404(self, client_b, patient_a):
        for name in ["clinic:patient_detail", "clinic:patient_edit"]:
            assert client_b.get(reverse(name, args=[patient_a.pk])).status_code == 404
        response = client_b.post(reverse("clinic:patient_edit", args=[patient_a.pk]), VALID)
        assert response.status_code == 404
        patient_a.refresh_from_db()
        assert patient_a.given_name == "Testy"

    def test_edit_happy_path(self, client_a, patient_a):
        response = client_a.post(
            reverse("clinic:patient_edit", args=[patient_a.pk]),
            {**VALID, "identifier": "A-0001", "given_name": "Renamed"},
        )
        assert response.status_code == 302
        patient_a.refresh_from_db()
        assert patient_a.given_name == "Renamed"
        assert AuditEvent.objects.filter(patient=patient_a, action="updated").exists()

    def test_edit_invalid_keeps_stored_values(self, client_a, patient_a):
        response = client_a.post(
            reverse("clinic:patient_edit", args=[patient_a.pk]),
            {**VALID, "given_name": "Changed", "date_of_birth": "2999-01-01"},
        )
        assert response.status_code == 400
        assert "cannot be in the future" in response.text
        patient_a.refresh_from_db()
        assert patient_a.given_name == "Testy"
        assert patient_a.date_of_birth == datetime.date(1980, 5, 17)


@pytest.mark.django_db
class TestEncounterStart:
    def test_start_creates_a_draft_with_the_protocol_version(self, client_a, patient_a):
        from exam.protocol import PROTOCOL_VERSION

        response = client_a.post(
            reverse("clinic:encounter_start", args=[patient_a.pk]), {"side": "right"}
        )
        encounter = Encounter.objects.get(patient=patient_a)
        assert response.status_code == 302
        assert encounter.status == "draft"
        assert encounter.side == "right"
        assert encounter.protocol_version == PROTOCOL_VERSION

    def test_double_tap_resumes_instead_of_duplicating(self, client_a, patient_a):
        url = reverse("clinic:encounter_start", args=[patient_a.pk])
        first = client_a.post(url, {"side": "left"})
        second = client_a.post(url, {"side": "left"})
        assert Encounter.objects.filter(patient=patient_a).count() == 1
        assert first["Location"] == second["Location"]

    def test_invalid_side_is_refused(self, client_a, patient_a):
        response = client_a.post(
            reverse("clinic:encounter_start", args=[patient_a.pk]), {"side": "middle"}
        )
        assert response.status_code == 400
        assert "Choose left, right or both." in response.text
        assert not Encounter.objects.exists()

    def test_get_is_not_allowed(self, client_a, patient_a):
        response = client_a.get(reverse("clinic:encounter_start", args=[patient_a.pk]))
        assert response.status_code == 405

    def test_other_clinic_gets_404(self, client_b, patient_a):
        response = client_b.post(
            reverse("clinic:encounter_start", args=[patient_a.pk]), {"side": "left"}
        )
        assert response.status_code == 404
        assert not Encounter.objects.exists()

    def test_patient_page_lists_encounters_with_resume(self, client_a, encounter_a):
        response = client_a.get(encounter_a.patient.get_absolute_url())
        assert "Resume" in response.text
        assert encounter_a.get_absolute_url() in response.text
