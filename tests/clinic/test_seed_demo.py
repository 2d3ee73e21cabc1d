import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from clinic.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from clinic.models import Clinic, Membership, Patient


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_login_works(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_USERNAME in out and DEMO_PASSWORD in out
    assert Clinic.objects.count() == 1
    assert Membership.objects.count() == 1
    assert Patient.objects.count() == 5
    request = RequestFactory().post("/login/")
    assert authenticate(request, username=DEMO_USERNAME, password=DEMO_PASSWORD) is not None
