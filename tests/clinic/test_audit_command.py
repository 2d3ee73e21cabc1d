import pytest
from django.core.management import CommandError, call_command

from clinic.models import AuditEvent
from clinic.services import audit_record
from tests.clinic.test_audit import TABLE, raw, triggers_dropped


@pytest.mark.django_db
def test_audit_verify_passes_then_detects_a_deleted_row(clinician_a, patient_a, capsys):
    for _ in range(4):
        audit_record(action="viewed", user=clinician_a, patient=patient_a, ip="127.0.0.1")
    call_command("audit_verify")
    assert "chain intact" in capsys.readouterr().out
    victim = AuditEvent.objects.order_by("pk")[2]
    with triggers_dropped():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_checkpoint_command_then_truncation_fails_loudly(clinician_a, patient_a, capsys):
    for _ in range(4):
        audit_record(action="viewed", user=clinician_a, patient=patient_a)
    call_command("audit_checkpoint")
    assert "4 rows" in capsys.readouterr().out
    call_command("audit_verify")
    assert "matches the checkpoint" in capsys.readouterr().out
    last = AuditEvent.objects.order_by("pk").last()
    with triggers_dropped():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit_verify")
    assert "TRUNCATED" in capsys.readouterr().err
    # A checkpoint is never written over a damaged log (it would hide the damage).
    with pytest.raises(CommandError, match="no checkpoint written"):
        call_command("audit_checkpoint")
