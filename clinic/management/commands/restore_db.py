"""Restore a backup made by `backup_db` into the configured database (replaces its contents).

A backup older than the latest audit checkpoint would silently remove audit rows: it is
refused unless `--allow-older` is given. Every restore is audited and checkpointed.
"""

import sqlite3
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clinic.management.commands.backup_db import (
    FERNET_MAGIC,
    fernet,
    operator,
    private_file,
    run_pg_tool,
    sha256_of,
    sqlite_copy,
)
from clinic.models import AuditEvent
from clinic.services import (
    AuditCheckpointError,
    audit_checkpoint,
    audit_checkpoints,
    audit_head,
    audit_record,
)


def decrypted(backup: Path, workdir: Path) -> Path:
    """The plain backup: the file itself, or its decryption into a private temporary folder."""
    with backup.open("rb") as handle:
        if handle.read(len(FERNET_MAGIC)) != FERNET_MAGIC:
            return backup
    cipher = fernet()
    if cipher is None:
        raise CommandError(
            "This backup is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made with."
        )
    from cryptography.fernet import InvalidToken

    try:
        plain_bytes = cipher.decrypt(backup.read_bytes())
    except InvalidToken:
        raise CommandError(
            "This backup cannot be decrypted with BACKUP_ENCRYPTION_KEY (wrong key, or the "
            "file is damaged); nothing was changed."
        ) from None
    plain = workdir / "backup.plain"
    private_file(plain)
    plain.write_bytes(plain_bytes)
    return plain


def sqlite_audit_rows(path: Path, last_id: int, head: str) -> tuple[int, bool]:
    """(audit rows in a SQLite backup, whether it holds row `last_id` with HMAC `head`)."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = source.execute("SELECT COUNT(*) FROM clinic_auditevent").fetchone()[0]
        found = source.execute(
            "SELECT hash FROM clinic_auditevent WHERE id = ?", [last_id]
        ).fetchone()
    except sqlite3.DatabaseError:
        return 0, False
    finally:
        source.close()
    return rows, bool(found and found[0] == head) or last_id == 0


def older_than_checkpoint(backup: Path, plain: Path, vendor: str) -> str:
    """Why the backup is older than the latest checkpoint ("" when it is not)."""
    try:
        checkpoints = audit_checkpoints()
    except AuditCheckpointError as error:
        raise CommandError(f"Cannot check the backup against the audit log: {error}") from None
    if not checkpoints:
        return ""
    latest = checkpoints[-1]
    digest = sha256_of(backup)
    own = [c for c in checkpoints if c.get("backup_sha256") == digest]
    if own:
        taken = own[-1]
        if taken["rows"] >= latest["rows"] and taken["last_id"] >= latest["last_id"]:
            return ""
        return (
            f"this backup was taken at {taken['at']} with {taken['rows']} audit rows; the "
            f"latest checkpoint ({latest['at']}, {latest['reason']}) has {latest['rows']}"
        )
    if vendor == "sqlite":
        rows, holds_head = sqlite_audit_rows(plain, latest["last_id"], latest["head"])
        if holds_head:
            return ""
        return (
            f"this backup has {rows} audit rows and lacks row {latest['last_id']} of the "
            f"latest checkpoint ({latest['at']}, {latest['rows']} rows)"
        )
    return (
        "this backup is not in the checkpoint log, so it cannot be shown to hold the audit rows "
        f"of the latest checkpoint ({latest['at']}, {latest['rows']} rows)"
    )


class Command(BaseCommand):
    help = "Restore the database from a backup file (stop the app first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="File written by `manage.py backup_db`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--allow-older",
            action="store_true",
            help="Restore even a backup older than the latest audit checkpoint (audit rows "
            "written since the backup are lost; the restore itself is audited).",
        )

    def handle(self, *args, **options) -> None:
        backup = Path(options["backup"])
        if not backup.is_file():
            raise CommandError(f"No backup file at {backup}.")
        db = settings.DATABASES["default"]
        vendor = connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Restore is not supported for the {vendor} backend.")
        with tempfile.TemporaryDirectory(prefix="hipexam-restore-") as workdir:
            plain = decrypted(backup, Path(workdir))
            older = older_than_checkpoint(backup, plain, vendor)
            if older and not options["allow_older"]:
                raise CommandError(
                    f"Refusing to restore {backup}: {older}. Restoring it would remove audit "
                    "rows. If that is really intended, run again with --allow-older; nothing "
                    "was changed."
                )
            if not options["yes"]:
                prompt = f"Replace ALL data in {db['NAME']} with {backup}? Type 'yes': "
                if input(prompt).strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing changed.")
            before = audit_head()["rows"]
            connection.close()
            if vendor == "sqlite":
                self.restore_sqlite(plain, db)
            else:
                self.restore_postgresql(plain, db)
        after = audit_head()["rows"]
        note = f"; OLDER than the latest checkpoint, allowed ({older})" if older else ""
        audit_record(
            action=AuditEvent.Action.RESTORED,
            username=operator(),
            target=f"restore of {backup.name}: audit rows {before} -> {after}{note}",
        )
        audit_checkpoint(reason=f"restore of {backup.name}")
        self.stdout.write(f"Restored {db['NAME']} from {backup}")

    def restore_sqlite(self, plain: Path, db: dict) -> None:
        source = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            source.close()
            raise CommandError("The backup file failed SQLite's integrity check.")
        sqlite_copy(source, str(db["NAME"]))

    def restore_postgresql(self, plain: Path, db: dict) -> None:
        run_pg_tool(
            "pg_restore", db, "--clean", "--if-exists", "--no-owner", "-d", db["NAME"], str(plain)
        )
