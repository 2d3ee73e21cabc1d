import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.models import AuditEvent
from tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address(client, clinician_a):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": clinician_a.username, "password": "nope-nope"})
    locked = client.post(url, {"username": clinician_a.username, "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() >= 5


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, clinician_a, clinician_b):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": clinician_a.username, "password": "nope-nope"})
    other = client.post(url, {"username": clinician_b.username, "password": TEST_PASSWORD})
    assert other.status_code == 302  # a colleague at the same tablet can still sign in
    from django.test import Client

    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    ok = elsewhere.post(url, {"username": clinician_a.username, "password": TEST_PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_successful_login_goes_to_patients(client, clinician_a):
    response = client.post(
        reverse("login"), {"username": clinician_a.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:patient_list")


@pytest.mark.parametrize("password", ["short-pw1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_uncommon_password_is_accepted():
    validate_password("ochre-lantern-sailboat-47")


@pytest.mark.django_db
def test_an_over_long_username_is_refused_by_the_form_not_a_500(client):
    """Found by the fuzz test on PostgreSQL: axes' failure record holds 255 characters."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "0" * 300, "password": "x" * 20})
    assert response.status_code == 200
    assert "did not match" in response.text
    assert not AccessAttempt.objects.exists()  # refused before authentication
