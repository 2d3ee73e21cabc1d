import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Jq-production-like-secret-key-for-tests-9fK2mP0zR4tV8wY1bN6cD3eH5gL",
    "AUDIT_HMAC_KEY": "mN3q-production-like-audit-key-for-tests-7Hs2kP9wQ4",
    "ALLOWED_HOSTS": "clinic.example.test",
    "CSRF_TRUSTED_ORIGINS": "https://clinic.example.test",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "AUDIT_HMAC_KEY",
            "AUDIT_HMAC_KEY_FILE",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_is_a_clear_startup_error():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_audit_key_is_a_clear_startup_error():
    env = {**PRODUCTION_ENV, "AUDIT_HMAC_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY is not set" in result.stderr
    short = run_manage("check", env={**PRODUCTION_ENV, "AUDIT_HMAC_KEY": "too-short"})
    assert short.returncode != 0 and "at least 32 characters" in short.stderr


def test_audit_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("k" * 40 + "\n")
    env = {**PRODUCTION_ENV, "AUDIT_HMAC_KEY": "", "AUDIT_HMAC_KEY_FILE": str(key_file)}
    code = "from django.conf import settings; print(settings.AUDIT_HMAC_KEY)"
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "k" * 40
    missing = {**env, "AUDIT_HMAC_KEY_FILE": str(tmp_path / "nope.key")}
    assert "AUDIT_HMAC_KEY_FILE cannot be read" in run_manage("check", env=missing).stderr


def test_bad_boolean_setting_is_a_clear_startup_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_no_missing_migrations():
    result = run_manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_hashes_passwords_with_pbkdf2_not_the_fast_test_hasher():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    )
