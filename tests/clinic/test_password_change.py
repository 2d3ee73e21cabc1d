"""Clinicians change their own password (Django's views, the app's templates, audited)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clinic.models import AuditEvent
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a-fresh-synthetic-passphrase-77"  # noqa: S105


def change(client, old=TEST_PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.django_db
class TestPasswordChange:
    def test_form_is_the_apps_own_page(self, client_a):
        page = client_a.get(reverse("password_change"))
        assert page.status_code == 200
        assert "Change your password" in page.text and 'class="card narrow"' in page.text
        assert 'name="old_password"' in page.text
        assert 'href="/password/"' in client_a.get(reverse("clinic:patient_list")).text

    def test_change_works_keeps_the_session_and_is_audited(self, client_a, clinician_a):
        response = change(client_a)
        assert response.status_code == 302
        assert response["Location"] == reverse("password_change_done")
        assert "Password changed" in client_a.get(response["Location"]).text
        assert client_a.get(reverse("clinic:patient_list")).status_code == 200  # still signed in
        clinician_a.refresh_from_db()
        assert clinician_a.check_password(NEW_PASSWORD)
        assert AuditEvent.objects.filter(
            user=clinician_a, action="updated", target="own password changed"
        ).exists()

    @pytest.mark.parametrize(
        ("old", "new", "again", "message"),
        [
            ("wrong-old-password", NEW_PASSWORD, None, "old password was entered incorrectly"),
            (TEST_PASSWORD, "short", None, "too short"),
            (TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "didn’t match"),
            (TEST_PASSWORD, "1234567890123", None, "entirely numeric"),
        ],
    )
    def test_refusals_say_why_and_change_nothing(
        self, client_a, clinician_a, old, new, again, message
    ):
        response = change(client_a, old, new, again)
        assert response.status_code == 400
        assert message in response.text
        clinician_a.refresh_from_db()
        assert clinician_a.check_password(TEST_PASSWORD)
        assert not AuditEvent.objects.filter(target="own password changed").exists()

    def test_anonymous_users_are_sent_to_login(self, client):
        response = client.get(reverse("password_change"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_admin_can_still_force_a_reset(admin_client, clinician_a):
    url = reverse("admin:auth_user_password_change", args=[clinician_a.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=clinician_a.pk)
    assert user.check_password(NEW_PASSWORD)
