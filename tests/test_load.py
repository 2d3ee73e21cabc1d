"""Concurrency under load: 16 clinicians saving answers at once for 10 s, through gunicorn.

Each clinician keeps to 12 answer slots of their own encounter, so every slot is saved, changed
and cleared several times; each slot's final value and version must be those of its last
acknowledged write. A second test runs the same check against a server that drops updates on
purpose, and expects it to fail.

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
SLOTS_EACH = 12  # every slot is saved, changed and cleared many times, not just first-saved
MIN_WRITES_EACH = 48  # at least 4 acknowledged writes per slot, however slow the machine
CLEAR_RATE = 0.2


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


def storm(database, tmp_path, *, clinicians: int, seconds: float, drop_updates: bool = False):
    """Seed, run the write storm on a fresh gunicorn, verify; returns what the test checks."""
    server = lt.Server(database, tmp_path, workers=WORKERS, drop_updates=drop_updates)
    try:
        server.__enter__()
    except lt.HarnessError as error:
        pytest.fail(f"gunicorn could not be started on {database.label}: {error}", pytrace=False)
    try:
        accounts = server.seed(clinicians=clinicians)
        result = lt.write_storm(
            server.base_url,
            accounts,
            seconds=seconds,
            slots_each=SLOTS_EACH,
            min_writes_each=MIN_WRITES_EACH,
            clear_rate=CLEAR_RATE,
        )
        problems = lt.verify_acknowledged(server, result.acknowledged)
        server.stop()  # flushes gunicorn's log before it is read
        log_problems = server.log_problems()
    finally:
        server.close()
    return result, problems, log_problems


@pytest.mark.parametrize("vendor", VENDORS)
def test_sixteen_clinicians_saving_for_ten_seconds_lose_nothing(vendor, tmp_path, record_property):
    database = database_for(vendor, tmp_path)
    result, problems, log_problems = storm(
        database, tmp_path, clinicians=CLINICIANS, seconds=SECONDS
    )
    summary = result.summary()
    writes = summary["ops"]["autosave"]
    record_property("p99_write_ms", round(result.p99_write_ms, 1))
    print(
        f"\n{database.label}: {CLINICIANS} clinicians x {SLOTS_EACH} slots, "
        f"{summary['seconds']:.1f} s (at least {SECONDS:g}), "
        f"{WORKERS} gunicorn workers: {summary['acknowledged_writes']} acknowledged writes "
        f"({result.kinds['first']} first saves, {result.kinds['change']} changes, "
        f"{result.kinds['clear']} clears; {result.writes_per_slot():.1f} per slot), "
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
    # The storm really exercises the change and clear paths, several writes per slot.
    assert result.writes_per_slot() >= MIN_WRITES_EACH / SLOTS_EACH, result.writes_per_slot()
    assert result.kinds["change"] > result.kinds["first"], result.kinds
    assert result.kinds["clear"] >= CLINICIANS, result.kinds
    assert not problems, f"database differs from the acknowledged answers: {problems[:20]}"


def test_the_load_test_fails_when_the_save_path_drops_updates(tmp_path):
    """Regression check of the check itself: a server that acknowledges changes ("Saved", new
    version) without writing them must be caught, by the 409s and by the final comparison."""
    result, problems, _ = storm(
        lt.SqliteDatabase(tmp_path), tmp_path, clinicians=4, seconds=3.0, drop_updates=True
    )
    assert result.kinds["change"] > 0, result.kinds
    assert any("last acknowledged write" in p for p in problems), problems[:5]
    conflicts = [s for s in result.recorder.samples if s.op == "autosave" and s.status == 409]
    assert conflicts, "stale versions after a dropped update must be refused"
