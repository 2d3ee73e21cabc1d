from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER patient_dob_not_in_future_insert BEFORE INSERT ON clinic_patient
       WHEN NEW.date_of_birth > date('now')
       BEGIN SELECT RAISE(ABORT, 'Date of birth cannot be in the future.'); END""",
    """CREATE TRIGGER patient_dob_not_in_future_update BEFORE UPDATE ON clinic_patient
       WHEN NEW.date_of_birth > date('now')
       BEGIN SELECT RAISE(ABORT, 'Date of birth cannot be in the future.'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS patient_dob_not_in_future_insert",
    "DROP TRIGGER IF EXISTS patient_dob_not_in_future_update",
]
POSTGRES_FORWARD = [
    "ALTER TABLE clinic_patient ADD CONSTRAINT patient_dob_not_in_future "
    "CHECK (date_of_birth <= CURRENT_DATE)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE clinic_patient DROP CONSTRAINT IF EXISTS patient_dob_not_in_future",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
