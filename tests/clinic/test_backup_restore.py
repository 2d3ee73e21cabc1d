"""`make backup` / `make restore` really bring the data back (SQLite and PostgreSQL), privately,
optionally encrypted, and never silently roll the audit log back."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    """One deployment: a database and a data folder (checkpoint log, backups) of its own."""

    database_url: str
    folder: Path

    def manage(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        base.update(
            {
                "DATABASE_URL": self.database_url,
                "DEBUG": "true",
                "DATA_DIR": str(self.folder),
                "AUDIT_CHECKPOINT_FILE": str(self.folder / "audit" / "checkpoints.log"),
            }
        )
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).stdout.strip().splitlines()[-1]

    def count_patients(self) -> int:
        return int(self.shell("from clinic.models import Patient; print(Patient.objects.count())"))

    def audit_actions(self) -> list[str]:
        code = "from clinic.models import AuditEvent as A; print(','.join(A.objects.values_list('action', flat=True)))"
        return self.shell(code).split(",")

    def delete_a_patient(self) -> None:
        self.shell(
            "from django.db import connection\n"
            'with connection.cursor() as c: c.execute("DELETE FROM clinic_patient WHERE '
            "identifier = 'DEMO-0004'\")"
        )


def roundtrip(site: Site, backup: Path) -> None:
    site.manage("migrate", "--noinput")
    site.manage("seed_demo")
    assert site.count_patients() == 5
    site.manage("backup_db", "--output", str(backup))
    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o777 == 0o600
    assert backup.parent.stat().st_mode & 0o777 == 0o700
    assert "exported" in site.audit_actions()
    site.delete_a_patient()
    assert site.count_patients() == 4
    site.manage("restore_db", str(backup), "--yes")
    assert site.count_patients() == 5
    site.manage("audit_verify")

    # The log moves on and a checkpoint records it: the backup is now older than the log.
    site.shell(
        "from clinic.services import audit_record; audit_record(action='viewed', username='x')"
    )
    site.manage("audit_checkpoint")
    before = site.audit_actions()
    assert before[-2:] == ["restored", "viewed"]
    refused = site.manage("restore_db", str(backup), "--yes", check=False)
    assert refused.returncode != 0
    assert "Refusing to restore" in refused.stderr and "--allow-older" in refused.stderr
    assert site.audit_actions() == before  # nothing changed
    site.manage("restore_db", str(backup), "--yes", "--allow-older")
    actions = site.audit_actions()
    assert actions[-1] == "restored" and actions.count("restored") == 1  # the older log + 1
    site.manage("audit_verify")  # the audited restore starts a new checkpoint


def test_sqlite_backup_and_restore(tmp_path):
    site = Site(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "data")
    roundtrip(site, tmp_path / "backups" / "backup.sqlite3")


def test_new_sqlite_database_and_its_folder_are_private(tmp_path):
    site = Site("", tmp_path / "data")  # the default database inside DATA_DIR
    site.database_url = f"sqlite:///{site.folder / 'db.sqlite3'}"
    site.manage("migrate", "--noinput")
    assert site.folder.stat().st_mode & 0o777 == 0o700
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
        path = site.folder / name
        assert not path.exists() or path.stat().st_mode & 0o777 == 0o600, name
    site.manage("backup_db")
    backups = site.folder / "backups"
    assert backups.stat().st_mode & 0o777 == 0o700
    assert [f.stat().st_mode & 0o777 for f in backups.iterdir()] == [0o600]


def test_encrypted_backup_needs_its_key_to_restore(tmp_path):
    site = Site(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "data")
    key = Fernet.generate_key().decode()
    site.manage("migrate", "--noinput")
    site.manage("seed_demo")
    out = site.manage(
        "backup_db", "--output", str(tmp_path / "b.sqlite3"), BACKUP_ENCRYPTION_KEY=key
    )
    backup = tmp_path / "b.sqlite3.fernet"
    assert str(backup) in out.stdout
    assert not (tmp_path / "b.sqlite3").exists()  # no plain copy left behind
    data = backup.read_bytes()
    assert data.startswith(b"gAAAAA") and b"SQLite format" not in data
    assert b"McTestface" not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backup).execute("SELECT 1 FROM clinic_patient").fetchall()
    site.delete_a_patient()
    no_key = site.manage("restore_db", str(backup), "--yes", check=False)
    assert no_key.returncode != 0 and "BACKUP_ENCRYPTION_KEY" in no_key.stderr
    wrong = site.manage(
        "restore_db",
        str(backup),
        "--yes",
        check=False,
        BACKUP_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    assert wrong.returncode != 0 and "cannot be decrypted" in wrong.stderr
    assert site.count_patients() == 4
    site.manage("restore_db", str(backup), "--yes", BACKUP_ENCRYPTION_KEY=key)
    assert site.count_patients() == 5
    site.manage("audit_verify")


def test_postgresql_backup_and_restore(tmp_path):
    admin_url = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = f"backup_test_{os.getpid()}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed for this test and is not reachable: {error}")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            site = Site(admin_url.rsplit("/", 1)[0] + f"/{name}", tmp_path / "data")
            roundtrip(site, tmp_path / "backups" / "backup.pgdump")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
