"""Audit log hardening: keyed HMAC chain (existing rows resealed once) and append-only triggers."""

import hashlib
import json

from django.db import migrations, models

from clinic import audit_triggers
from clinic.models import audit_key, audit_seal

GENESIS_HASH = "0" * 64


def fields_of(row) -> list:
    return [
        row.prev_hash,
        row.at.isoformat(),
        row.user_id,
        row.username,
        row.clinic_id,
        row.patient_id,
        row.encounter_id,
        row.action,
        row.target,
        row.ip_address,
    ]


def reseal_with_hmac(apps, schema_editor):
    """Check the old unkeyed SHA-256 chain, then rewrite it as an HMAC chain (before triggers)."""
    AuditEvent = apps.get_model("clinic", "AuditEvent")
    key = audit_key()
    old_prev = new_prev = GENESIS_HASH
    rows = AuditEvent._base_manager  # a plain manager, also for the real model in tests
    for row in rows.order_by("pk").iterator(chunk_size=2000):
        payload = json.dumps(fields_of(row), separators=(",", ":")).encode()
        if row.prev_hash != old_prev or hashlib.sha256(payload).hexdigest() != row.hash:
            raise RuntimeError(
                f"Audit row {row.pk} does not match the old hash chain: the log was changed "
                "before this upgrade. Keep a copy of the database and investigate before "
                "migrating (nothing was changed)."
            )
        old_prev = row.hash
        row.prev_hash = new_prev
        new_hash = audit_seal(fields_of(row), key)
        rows.filter(pk=row.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements(schema_editor.connection.vendor):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("clinic", "0004_signed_record")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "Viewed"),
                    ("created", "Created"),
                    ("updated", "Updated"),
                    ("signed", "Signed"),
                    ("printed", "Printed"),
                    ("exported", "Exported"),
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("logout", "Logged out"),
                    ("restored", "Restored from a backup"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(reseal_with_hmac, migrations.RunPython.noop),
        migrations.RunPython(
            run(audit_triggers.create_sql), run(audit_triggers.drop_sql)
        ),
    ]
