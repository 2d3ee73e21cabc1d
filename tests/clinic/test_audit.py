import pytest
from django.urls import reverse

from clinic.models import AuditEvent
from clinic.services import audit_record, audit_verify
from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_rows_are_hash_chained_and_verify(clinician_a, patient_a):
    for _ in range(3):
        audit_record(action="viewed", user=clinician_a, patient=patient_a, ip="10.0.0.1")
    rows = list(AuditEvent.objects.order_by("pk"))
    assert rows[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert audit_verify() == []


@pytest.mark.django_db
def test_rows_cannot_be_edited_or_deleted_through_the_orm(clinician_a, patient_a):
    event = audit_record(action="viewed", user=clinician_a, patient=patient_a)
    event.action = "printed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="printed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_tampering_with_a_row_is_detected(clinician_a, patient_a):
    from django.db import connection

    for _ in range(3):
        audit_record(action="viewed", user=clinician_a, patient=patient_a)
    middle = AuditEvent.objects.order_by("pk")[1]
    with connection.cursor() as cursor:  # simulate someone editing the table directly
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
            ["printed", middle.pk],
        )
    problems = audit_verify()
    assert any(f"Row {middle.pk}" in p for p in problems)


@pytest.mark.django_db
def test_login_and_failed_login_are_audited(client, clinician_a):
    client.post(reverse("login"), {"username": clinician_a.username, "password": "wrong-one"})
    assert (
        AuditEvent.objects.filter(action="login_failed", username=clinician_a.username).count() == 1
    )
    client.post(reverse("login"), {"username": clinician_a.username, "password": TEST_PASSWORD})
    assert AuditEvent.objects.filter(action="login", user=clinician_a).count() == 1


@pytest.mark.django_db
def test_admin_cannot_change_or_delete_audit_rows(admin_client, clinician_a, patient_a):
    event = audit_record(action="viewed", user=clinician_a, patient=patient_a)
    url = reverse("admin:clinic_auditevent_change", args=[event.pk])
    page = admin_client.get(url)
    assert page.status_code == 200  # readable
    admin_client.post(url, {"action": "printed"})
    event.refresh_from_db()
    assert event.action == "viewed"
    delete = admin_client.post(
        reverse("admin:clinic_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    # The admin reads one patient's access log by filtering on the patient.
    log = admin_client.get(
        reverse("admin:clinic_auditevent_changelist"), {"patient__id__exact": patient_a.pk}
    )
    assert log.status_code == 200
    assert "viewed" in log.text.lower()
