import os

import pytest
from django.db import connection

from tests.factories import make_clinic, make_encounter, make_patient, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

# Tests only: PBKDF2 costs ~0.4 s per user created or logged in, which dominated the suite's time.
# Production keeps Django's default hashers (tests/clinic/test_settings.py checks that).
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    flush_past_the_audit_triggers()


def flush_past_the_audit_triggers():
    """Let the test runner empty the database between transactional tests.

    The audit table refuses DELETE (SQLite) and TRUNCATE (PostgreSQL) through triggers; the
    flush that resets the database after a live-server test drops them, empties the tables
    and puts them back in the same transaction. Nothing outside the test run does this.
    """
    from django.db.backends.postgresql.base import DatabaseOperations as Postgres
    from django.db.backends.sqlite3.base import DatabaseOperations as Sqlite

    from clinic import audit_triggers

    for operations in (Sqlite, Postgres):
        original = operations.sql_flush

        def sql_flush(self, style, tables, *args, _original=original, **kwargs):
            statements = _original(self, style, tables, *args, **kwargs)
            if audit_triggers.TABLE not in tables:
                return statements
            vendor = self.connection.vendor
            return [
                *audit_triggers.drop_sql(vendor),
                *statements,
                *audit_triggers.create_sql(vendor),
            ]

        operations.sql_flush = sql_flush


@pytest.fixture(autouse=True)
def audit_checkpoints_in_tmp(settings, tmp_path):
    """Each test keeps its own audit checkpoint file (never the developer's var/)."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.log"


@pytest.fixture
def clinic_a(db):
    return make_clinic("Clinic Alpha (test)")


@pytest.fixture
def clinic_b(db):
    return make_clinic("Clinic Bravo (test)")


@pytest.fixture
def clinician_a(clinic_a):
    return make_user(clinic=clinic_a, username="alpha_clinician")


@pytest.fixture
def clinician_b(clinic_b):
    return make_user(clinic=clinic_b, username="bravo_clinician")


@pytest.fixture
def patient_a(clinic_a):
    return make_patient(
        clinic=clinic_a, given_name="Testy", family_name="McTestface", identifier="A-0001"
    )


@pytest.fixture
def encounter_a(patient_a, clinician_a):
    return make_encounter(patient=patient_a, clinician=clinician_a)


@pytest.fixture
def client_a(client, clinician_a):
    client.force_login(clinician_a)
    return client


@pytest.fixture
def client_b(client, clinician_b):
    client.force_login(clinician_b)
    return client


def pytest_report_header(config):
    url_state = "set" if os.environ.get("DATABASE_URL") else "unset"
    return f"database vendor: {connection.vendor} (DATABASE_URL {url_state})"
