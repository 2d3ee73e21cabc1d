import contextlib
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from clinic import audit_triggers
from clinic.models import AuditEvent
from clinic.services import (
    AuditCheckpointError,
    audit_checkpoint,
    audit_checkpoint_latest,
    audit_record,
    audit_verify,
)
from tests.factories import TEST_PASSWORD

TABLE = AuditEvent._meta.db_table


@contextlib.contextmanager
def triggers_dropped():
    """An attacker with DDL rights on the database (rolled back with the test)."""
    with connection.cursor() as cursor:
        for statement in audit_triggers.drop_sql(connection.vendor):
            cursor.execute(statement)
    yield


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def log_rows(count: int, clinician, patient) -> None:
    for _ in range(count):
        audit_record(action="viewed", user=clinician, patient=patient, ip="10.0.0.1")


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
@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET action = 'printed'",
        f"UPDATE {TABLE} SET hash = prev_hash WHERE id = (SELECT MAX(id) FROM {TABLE})",
        f"DELETE FROM {TABLE}",
        f"DELETE FROM {TABLE} WHERE id = (SELECT MAX(id) FROM {TABLE})",
    ],
)
def test_the_database_itself_refuses_update_and_delete(clinician_a, patient_a, sql):
    log_rows(3, clinician_a, patient_a)
    before = list(AuditEvent.objects.values_list("pk", "action", "hash"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert list(AuditEvent.objects.values_list("pk", "action", "hash")) == before


@pytest.mark.django_db
def test_postgresql_refuses_truncate_too(clinician_a, patient_a):
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite has no TRUNCATE: DELETE is covered above
        return
    log_rows(2, clinician_a, patient_a)
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # fire the inserts' deferred FK checks first
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_tampering_with_a_row_is_detected(clinician_a, patient_a):
    log_rows(3, clinician_a, patient_a)
    middle = AuditEvent.objects.order_by("pk")[1]
    with triggers_dropped():
        raw(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["printed", middle.pk])
    problems = audit_verify()
    assert any(f"Row {middle.pk}" in p for p in problems)


@pytest.mark.django_db
def test_rewriting_a_row_and_every_later_hash_without_the_key_is_detected(clinician_a, patient_a):
    """The old unkeyed SHA-256 chain could be recomputed by anyone; the HMAC needs the key."""
    log_rows(5, clinician_a, patient_a)
    rows = list(AuditEvent.objects.order_by("pk"))
    prev = rows[1].prev_hash
    with triggers_dropped():
        for row in rows[1:]:
            row.prev_hash = prev
            if row.pk == rows[1].pk:
                row.action = "printed"
            row.hash = row.compute_hash(b"the attacker does not have the real key")
            raw(
                f"UPDATE {TABLE} SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [row.action, row.prev_hash, row.hash, row.pk],
            )
            prev = row.hash
    problems = audit_verify()
    assert any(f"Row {rows[1].pk}: contents do not match its HMAC" in p for p in problems)


@pytest.mark.django_db
@pytest.mark.parametrize("removed", [1, 50, "all"])
def test_rows_removed_from_the_end_are_detected_by_the_checkpoint(clinician_a, patient_a, removed):
    log_rows(60, clinician_a, patient_a)
    audit_checkpoint(reason="test")
    assert audit_verify() == []
    with triggers_dropped():
        if removed == "all":
            raw(f"DELETE FROM {TABLE}")
        else:
            cutoff = list(AuditEvent.objects.order_by("-pk").values_list("pk", flat=True))[
                removed - 1
            ]
            raw(f"DELETE FROM {TABLE} WHERE id >= %s", [cutoff])
    problems = audit_verify()
    assert problems and "TRUNCATED" in problems[0]


@pytest.mark.django_db
def test_rows_added_after_the_checkpoint_are_fine(clinician_a, patient_a):
    log_rows(3, clinician_a, patient_a)
    audit_checkpoint(reason="test")
    log_rows(2, clinician_a, patient_a)
    assert audit_verify() == []


@pytest.mark.django_db
def test_an_edited_checkpoint_file_is_refused(clinician_a, patient_a, settings):
    log_rows(3, clinician_a, patient_a)
    audit_checkpoint(reason="test")
    path = settings.AUDIT_CHECKPOINT_FILE
    entry = json.loads(path.read_text())
    assert (entry["rows"], entry["last_id"]) == (3, AuditEvent.objects.order_by("pk").last().pk)
    entry["rows"] = 2  # someone lowers the checkpoint to hide a truncation
    path.write_text(json.dumps(entry) + "\n")
    with pytest.raises(AuditCheckpointError, match="line 1"):
        audit_checkpoint_latest()


@pytest.mark.django_db
def test_checkpoint_file_is_private(clinician_a, patient_a, settings):
    audit_checkpoint(reason="test")
    path = settings.AUDIT_CHECKPOINT_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


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


def audited(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).values_list("target", flat=True))


@pytest.mark.django_db
def test_admin_reads_and_changes_of_patient_data_are_audited(admin_client, patient_a):
    admin_client.get(reverse("admin:clinic_patient_changelist"))
    assert any(t.startswith("admin patients list") for t in audited(action="viewed"))
    url = reverse("admin:clinic_patient_change", args=[patient_a.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "McTestface" in page.text
    assert f"admin patient {patient_a.pk}" in audited(action="viewed", patient=patient_a)
    form = {
        "clinic": patient_a.clinic_id,
        "given_name": "Testy",
        "family_name": "McRenamed",
        "date_of_birth": "1980-01-01",
        "sex": "unknown",
        "identifier": patient_a.identifier,
        "phone": "",
        "email": "",
    }
    assert admin_client.post(url, form).status_code == 302
    changed = audited(action="updated", patient=patient_a)
    assert len(changed) == 1 and "family_name" in changed[0]


@pytest.mark.django_db
def test_admin_reads_of_encounters_are_audited(admin_client, encounter_a):
    admin_client.get(reverse("admin:clinic_encounter_change", args=[encounter_a.pk]))
    assert audited(action="viewed", encounter=encounter_a) == [f"admin encounter {encounter_a.pk}"]


@pytest.mark.django_db
def test_patient_edit_form_is_audited(client_a, patient_a):
    assert client_a.get(reverse("clinic:patient_edit", args=[patient_a.pk])).status_code == 200
    assert audited(action="viewed", patient=patient_a) == [f"patient {patient_a.pk} edit form"]


def rewrite_as_old_sha256_chain(rows) -> None:
    """The chain as the previous version wrote it: unkeyed SHA-256 over the same fields."""
    import hashlib

    prev = "0" * 64
    for row in rows:
        row.prev_hash = prev
        payload = json.dumps(upgrade_migration().fields_of(row), separators=(",", ":"))
        row.hash = hashlib.sha256(payload.encode()).hexdigest()
        raw(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, row.hash, row.pk])
        prev = row.hash


def upgrade_migration():
    import importlib

    return importlib.import_module("clinic.migrations.0005_audit_append_only")


@pytest.mark.django_db
def test_upgrade_reseals_an_intact_unkeyed_chain_and_refuses_a_broken_one(clinician_a, patient_a):
    from django.apps import apps

    migration = upgrade_migration()
    log_rows(4, clinician_a, patient_a)
    rows = list(AuditEvent.objects.order_by("pk"))
    with triggers_dropped():
        rewrite_as_old_sha256_chain(rows)
        assert audit_verify()  # the old chain does not verify as HMAC
        migration.reseal_with_hmac(apps, None)
        assert audit_verify() == []
        rewrite_as_old_sha256_chain(rows)
        raw(f"UPDATE {TABLE} SET action = 'printed' WHERE id = %s", [rows[2].pk])
        with pytest.raises(RuntimeError, match=f"Audit row {rows[2].pk}"):
            migration.reseal_with_hmac(apps, None)
