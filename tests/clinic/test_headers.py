import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "clinic:patient_list"])
def test_security_headers_on_real_responses(client_a, url_name):
    response = client_a.get(reverse(url_name))
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client_a, encounter_a):
    import re

    for url in [
        reverse("clinic:patient_list"),
        reverse("exam:step", args=[encounter_a.pk, "history"]),
        reverse("exam:step", args=[encounter_a.pk, "summary"]),
    ]:
        html = client_a.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url
        assert " hx-on" not in html, url
        assert "https://" not in html and "http://" not in html.replace(
            "http://www.w3.org/2000/svg", ""
        ), url  # nothing from other hosts


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
r = c.get("/login/", secure=True, HTTP_HOST="clinic.example.test")
insecure = c.get("/login/", HTTP_HOST="clinic.example.test")
print(json.dumps({
  "hsts": r.get("Strict-Transport-Security"), "redirect": insecure.status_code,
  "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
  "httponly": settings.SESSION_COOKIE_HTTPONLY, "samesite": settings.SESSION_COOKIE_SAMESITE,
  "csp": r.get("Content-Security-Policy"),
}))
"""


def test_production_sends_hsts_and_secure_cookies():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "p" * 20 + "-production-probe-key-0123456789",
            "AUDIT_HMAC_KEY": "a" * 20 + "-production-probe-audit-key-0123",
            "ALLOWED_HOSTS": "clinic.example.test",
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "STATIC_MANIFEST": "false",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert "max-age=31536000" in facts["hsts"] and "includeSubDomains" in facts["hsts"]
    assert facts["redirect"] == 301  # plain HTTP is redirected to HTTPS
    assert facts["session_secure"] and facts["csrf_secure"] and facts["httponly"]
    assert facts["samesite"] == "Lax"
    assert "frame-ancestors 'none'" in facts["csp"]
