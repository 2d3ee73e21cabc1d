"""Restore a backup made by `backup_db` into the configured database (replaces its contents)."""

import os
import shutil
import sqlite3

# Reviewed: subprocess only runs pg_dump/pg_restore by absolute path, no shell.
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clinic.management.commands.backup_db import pg_args, sqlite_copy


class Command(BaseCommand):
    help = "Restore the database from a backup file (stop the app first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="File written by `manage.py backup_db`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options) -> None:
        backup = Path(options["backup"])
        if not backup.is_file():
            raise CommandError(f"No backup file at {backup}.")
        db = settings.DATABASES["default"]
        if not options["yes"]:
            prompt = f"Replace ALL data in {db['NAME']} with {backup}? Type 'yes': "
            answer = input(prompt)
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        connection.close()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError("The backup file failed SQLite's integrity check.")
            sqlite_copy(source, str(db["NAME"]))
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_restore"):
                raise CommandError("pg_restore is not installed (postgresql-client).")
            pargs, env = pg_args(db)
            # Reviewed: fixed tool, arguments come from settings, no shell.
            result = subprocess.run(  # noqa: S603
                [
                    shutil.which("pg_restore"),
                    *pargs,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "-d",
                    db["NAME"],
                    str(backup),
                ],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            raise CommandError(f"Restore is not supported for the {connection.vendor} backend.")
        self.stdout.write(f"Restored {db['NAME']} from {backup}")
