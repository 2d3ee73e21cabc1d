"""`make backup` / `make restore` really bring the data back (SQLite and PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DATABASE_URL": database_url, "DEBUG": "true"})
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def count_patients(database_url: str) -> int:
    out = manage(
        "shell",
        "-c",
        "from clinic.models import Patient; print(Patient.objects.count())",
        database_url=database_url,
    ).stdout
    return int(out.strip().splitlines()[-1])


def delete_a_patient(database_url: str) -> None:
    manage(
        "shell",
        "-c",
        "from django.db import connection\n"
        'with connection.cursor() as c: c.execute("DELETE FROM clinic_patient WHERE '
        "identifier = 'DEMO-0004'\")",
        database_url=database_url,
    )


def roundtrip(database_url: str, backup: Path) -> None:
    manage("migrate", "--noinput", database_url=database_url)
    manage("seed_demo", database_url=database_url)
    assert count_patients(database_url) == 4
    manage("backup_db", "--output", str(backup), database_url=database_url)
    assert backup.stat().st_size > 0
    delete_a_patient(database_url)
    assert count_patients(database_url) == 3
    manage("restore_db", str(backup), "--yes", database_url=database_url)
    assert count_patients(database_url) == 4
    manage("audit_verify", database_url=database_url)


def test_sqlite_backup_and_restore(tmp_path):
    roundtrip(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "backup.sqlite3")


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
            roundtrip(admin_url.rsplit("/", 1)[0] + f"/{name}", tmp_path / "backup.pgdump")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
