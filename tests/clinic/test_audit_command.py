import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clinic.models import AuditEvent
from clinic.services import audit_record


@pytest.mark.django_db
def test_audit_verify_passes_then_detects_a_deleted_row(clinician_a, patient_a, capsys):
    for _ in range(4):
        audit_record(action="viewed", user=clinician_a, patient=patient_a, ip="127.0.0.1")
    call_command("audit_verify")
    assert "chain verified" in capsys.readouterr().out
    victim = AuditEvent.objects.order_by("pk")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit_verify")
