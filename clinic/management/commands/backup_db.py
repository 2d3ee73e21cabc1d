"""Consistent backup of the database.

SQLite: the online backup API (safe while the app is running in WAL mode — a plain file copy
of a live WAL database can miss committed pages). PostgreSQL: pg_dump in custom format.
"""

import datetime
import shutil
import sqlite3

# Reviewed: subprocess only runs pg_dump/pg_restore by absolute path, no shell.
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def default_output(vendor: str) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if vendor == "sqlite" else "pgdump"
    return Path(settings.DATA_DIR) / "backups" / f"hipexam-{stamp}.{suffix}"


def sqlite_copy(source: sqlite3.Connection, target_path: str) -> None:
    """Copy a whole SQLite database page by page with the online backup API."""
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def pg_args(db: dict) -> tuple[list[str], dict]:
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup API, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", help="Backup file to write (default: var/backups/...).")

    def handle(self, *args, **options) -> None:
        vendor = connection.vendor
        output = Path(options["output"] or default_output(vendor))
        output.parent.mkdir(parents=True, exist_ok=True)
        db = settings.DATABASES["default"]
        if vendor == "sqlite":
            sqlite_copy(sqlite3.connect(str(db["NAME"])), str(output))
        elif vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("pg_dump is not installed (Debian package postgresql-client).")
            import os

            args, env = pg_args(db)
            # Reviewed: fixed tool, arguments come from settings, no shell.
            result = subprocess.run(  # noqa: S603
                [
                    shutil.which("pg_dump"),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "-f",
                    str(output),
                    db["NAME"],
                ],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            raise CommandError(f"Backups are not supported for the {vendor} backend.")
        self.stdout.write(f"Backup written to {output}")
