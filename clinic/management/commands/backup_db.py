"""Consistent backup of the database, private on disk, optionally encrypted.

SQLite: the online backup API (safe while the app is running in WAL mode — a plain file copy
of a live WAL database can miss committed pages). PostgreSQL: pg_dump in custom format.
The backup folder is created 0700 and every backup file 0600. With BACKUP_ENCRYPTION_KEY set
(a Fernet key), the file is encrypted before it is left on disk (`.fernet` suffix).
Every backup writes an EXPORTED audit row and an audit checkpoint naming the file's SHA-256, so
`restore_db` can tell whether a backup is older than the audit log it would replace.
"""

import datetime
import getpass
import hashlib
import os
import shutil
import sqlite3

# Reviewed: subprocess only runs pg_dump/pg_restore by absolute path, no shell.
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clinic.models import AuditEvent
from clinic.services import audit_checkpoint, audit_head, audit_record

FERNET_SUFFIX = ".fernet"
FERNET_MAGIC = b"gAAAAA"  # every Fernet token starts with version byte 0x80, base64-encoded


def default_output(vendor: str) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if vendor == "sqlite" else "pgdump"
    return Path(settings.DATA_DIR) / "backups" / f"hipexam-{stamp}.{suffix}"


def private_dir(path: Path) -> None:
    """Create a folder readable by its owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)


def private_file(path: Path) -> None:
    """Create (or truncate) an empty file readable by its owner only (0600)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)


def sqlite_copy(source: sqlite3.Connection, target_path: str) -> None:
    """Copy a whole SQLite database page by page with the online backup API."""
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def run_pg_tool(tool: str, db: dict, *arguments: str) -> None:
    """Run pg_dump or pg_restore against the configured database (no shell)."""
    path = shutil.which(tool)
    if not path:
        raise CommandError(f"{tool} is not installed (Debian package postgresql-client).")
    connection_args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    # Reviewed: fixed tool, arguments come from settings, no shell.
    result = subprocess.run(  # noqa: S603
        [path, *connection_args, *arguments],
        env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise CommandError(f"{tool} failed: {result.stderr.strip()}")


def fernet():
    """The backup cipher from BACKUP_ENCRYPTION_KEY, or None when backups are not encrypted."""
    key = settings.BACKUP_ENCRYPTION_KEY
    if not key:
        return None
    from cryptography.fernet import Fernet

    try:
        return Fernet(key.encode())
    except ValueError:
        raise CommandError(
            "BACKUP_ENCRYPTION_KEY is not a valid Fernet key (make one with `python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).'
        ) from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def operator() -> str:
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):
        return "system"


def dump(vendor: str, db: dict, output: Path) -> None:
    private_file(output)
    if vendor == "sqlite":
        sqlite_copy(sqlite3.connect(str(db["NAME"])), str(output))
        return
    try:
        run_pg_tool("pg_dump", db, "--format=custom", "--no-owner", "-f", str(output), db["NAME"])
    except CommandError:
        output.unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup API, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", help="Backup file to write (default: var/backups/...).")

    def handle(self, *args, **options) -> None:
        vendor = connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Backups are not supported for the {vendor} backend.")
        cipher = fernet()
        output = Path(options["output"] or default_output(vendor))
        if cipher is not None and output.suffix != FERNET_SUFFIX:
            output = output.with_name(output.name + FERNET_SUFFIX)
        private_dir(output.parent)
        audit_record(
            action=AuditEvent.Action.EXPORTED, username=operator(), target=f"backup {output.name}"
        )
        head = audit_head()  # the backup holds at least these rows
        db = settings.DATABASES["default"]
        if cipher is None:
            dump(vendor, db, output)
        else:
            plain = output.with_name(f".{output.name}.partial")
            try:
                dump(vendor, db, plain)
                private_file(output)
                output.write_bytes(cipher.encrypt(plain.read_bytes()))
            finally:
                plain.unlink(missing_ok=True)
        audit_checkpoint(reason=f"backup {output.name}", backup_digest=sha256_of(output), head=head)
        state = "encrypted backup" if cipher else "Backup"
        self.stdout.write(f"{state[0].upper()}{state[1:]} written to {output}")
