"""Concurrency under load: 16 clinicians saving answers at once for 10 s, through gunicorn.

The server is a real gunicorn (several sync workers, production settings) on its own database
(an SQLite file in a temporary folder, in WAL mode with IMMEDIATE transactions; and, when
DATABASE_URL points at PostgreSQL as in the CI's second pass, a throwaway PostgreSQL database),
so this test does not use pytest-django's test database at all. The harness is
scripts/loadtest.py, shared with `make bench`.
"""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLINICIANS = 16
SECONDS = 10.0
WORKERS = 4


def load_harness():
    if "loadtest" in sys.modules:
        return sys.modules["loadtest"]
    spec = importlib.util.spec_from_file_location("loadtest", REPO / "scripts" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["loadtest"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


lt = load_harness()


def database_for(vendor: str, tmp_path: Path):
    if vendor == "sqlite":
        return lt.SqliteDatabase(tmp_path)
    return lt.PostgresDatabase(os.environ["DATABASE_URL"], f"loadtest_{os.getpid()}")


# SQLite always; PostgreSQL when the suite runs against it (the CI's second pass).
VENDORS = ["sqlite"] + (
    ["postgresql"] if lt.is_postgres_url(os.environ.get("DATABASE_URL", "")) else []
)


@pytest.mark.parametrize("vendor", VENDORS)
def test_sixteen_clinicians_saving_for_ten_seconds_lose_nothing(vendor, tmp_path, record_property):
    database = database_for(vendor, tmp_path)
    server = lt.Server(database, tmp_path, workers=WORKERS)
    try:
        server.__enter__()
    except lt.HarnessError as error:
        pytest.fail(f"gunicorn could not be started on {database.label}: {error}", pytrace=False)
    try:
        accounts = server.seed(clinicians=CLINICIANS)
        result = lt.write_storm(server.base_url, accounts, seconds=SECONDS)
        problems = lt.verify_acknowledged(server, result.acknowledged)
        server.stop()  # flushes gunicorn's log before it is read
        log_problems = server.log_problems()
    finally:
        server.close()

    summary = result.summary()
    writes = summary["ops"]["autosave"]
    record_property("p99_write_ms", round(result.p99_write_ms, 1))
    print(
        f"\n{database.label}: {CLINICIANS} clinicians, {SECONDS:g} s, {WORKERS} gunicorn "
        f"workers: {summary['acknowledged_writes']} acknowledged writes, "
        f"{summary['throughput']:.0f} requests/s; write latency p50 {writes['p50']:.1f} ms, "
        f"p95 {writes['p95']:.1f} ms, p99 {result.p99_write_ms:.1f} ms; "
        f"{summary['errors']} errors"
    )

    assert summary["errors"] == 0, f"failed requests: {summary['error_details']}"
    assert not [line for line in log_problems if "database is locked" in line], log_problems
    assert not log_problems, f"gunicorn logged errors: {log_problems[:10]}"
    assert len(result.acknowledged) == CLINICIANS
    assert all(result.acknowledged.values()), "a clinician got no write acknowledged"
    assert summary["acknowledged_writes"] >= CLINICIANS * 5, "too few writes to mean anything"
    assert not problems, f"database differs from the acknowledged answers: {problems[:20]}"
