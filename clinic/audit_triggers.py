"""Database triggers that make the audit table append-only below the ORM.

Installed by migration 0005 on SQLite and PostgreSQL. A plain SQL UPDATE or DELETE (and on
PostgreSQL a TRUNCATE) of `clinic_auditevent` is refused by the database itself. Someone with
the rights to drop a trigger can still remove rows; the keyed HMAC chain and the checkpoints
kept outside the database (clinic/services.py) are what detect that.
"""

TABLE = "clinic_auditevent"
MESSAGE = "audit rows are append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION clinic_audit_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_OP || ' refused)', "
    "ERRCODE = 'insufficient_privilege'; "
    "END $$",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION clinic_audit_append_only()",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION clinic_audit_append_only()",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
]
# The function stays with the last migration that removes the triggers.
POSTGRES_DROP_FUNCTION = ["DROP FUNCTION IF EXISTS clinic_audit_append_only()"]


def create_sql(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])


def drop_sql(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
