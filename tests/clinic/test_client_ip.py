"""The client address in audit rows and login throttling (django-axes' helper, PROXY_COUNT).

PROXY_COUNT is read when the settings load, so each case runs in a fresh `manage.py shell`.
"""

import json

import pytest

from tests.clinic.test_settings import run_manage

CASES = [  # (X-Forwarded-For or None, expected with PROXY_COUNT=0, =1, =2); REMOTE_ADDR 10.0.0.9
    (None, "10.0.0.9", "10.0.0.9", None),
    ("203.0.113.7", "10.0.0.9", "203.0.113.7", None),
    ("6.6.6.6, 203.0.113.7", "10.0.0.9", "203.0.113.7", "6.6.6.6"),
    ("6.6.6.6, 203.0.113.7, 10.0.0.2", "10.0.0.9", "10.0.0.2", "203.0.113.7"),
]

CODE = """
import json
from django.test import RequestFactory
from axes.helpers import get_client_ip_address
from clinic.services import client_ip
out = []
for xff in json.loads(INPUT):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", **extra)
    out.append([client_ip(request), get_client_ip_address(request)])
print(json.dumps(out))
"""


def addresses(proxy_count: int) -> list[list[str | None]]:
    headers = json.dumps([xff for xff, *_ in CASES])
    result = run_manage(
        "shell", "-c", f"INPUT = {headers!r}\n{CODE}", env={"PROXY_COUNT": str(proxy_count)}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("proxy_count", [0, 1, 2])
def test_audit_and_login_throttling_see_the_same_client_address(proxy_count):
    got = addresses(proxy_count)
    for (xff, *expected), (audit_ip, axes_ip) in zip(CASES, got, strict=True):
        assert audit_ip == axes_ip, xff
        # The address the outermost proxy saw; a client's own X-Forwarded-For entries to the
        # left of it are never trusted.
        assert audit_ip == expected[proxy_count], (proxy_count, xff)
