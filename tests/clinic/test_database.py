import os

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_database_vendor_matches_the_requested_database():
    """The PostgreSQL CI pass must really run on PostgreSQL, not silently on SQLite."""
    expected = os.environ.get("EXPECT_DB_VENDOR")
    url = os.environ.get("DATABASE_URL", "")
    if expected is None:
        expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    db = settings.DATABASES["default"]
    if connection.vendor != "sqlite":
        assert "postgresql" in db["ENGINE"]
        return
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    # The test database lives in memory; open a real file with the same options to prove
    # the pragmas take effect on disk.
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper({**db, "NAME": str(tmp_path / "wal.sqlite3")}, alias="waltest")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0].lower() == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
    finally:
        wrapper.close()
