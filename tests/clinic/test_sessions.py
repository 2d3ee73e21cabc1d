import time
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse


def age_session(client, *, idle: int = 0, since_login: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session["last_activity"] = now - idle
    session["auth_started"] = now - since_login
    session.save()


@pytest.mark.django_db
class TestSessionLifetime:
    def test_active_session_stays_signed_in(self, client_a, settings):
        client_a.get(reverse("clinic:patient_list"))
        age_session(client_a, idle=settings.SESSION_IDLE_TIMEOUT - 30)
        assert client_a.get(reverse("clinic:patient_list")).status_code == 200

    def test_idle_session_is_logged_out(self, client_a, settings):
        client_a.get(reverse("clinic:patient_list"))
        age_session(client_a, idle=settings.SESSION_IDLE_TIMEOUT + 1)
        response = client_a.get(reverse("clinic:patient_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_idle_timeout_is_fifteen_minutes_by_default(self, settings):
        assert settings.SESSION_IDLE_TIMEOUT == 15 * 60
        assert settings.SESSION_COOKIE_AGE == 12 * 3600

    def test_absolute_lifetime_ends_even_an_active_session(self, client_a, settings):
        client_a.get(reverse("clinic:patient_list"))
        age_session(client_a, idle=0, since_login=settings.SESSION_COOKIE_AGE + 1)
        response = client_a.get(reverse("clinic:patient_list"))
        assert response.status_code == 302

    def test_htmx_after_expiry_redirects_the_whole_page(self, client_a, encounter_a, settings):
        client_a.get(reverse("clinic:patient_list"))
        age_session(client_a, idle=settings.SESSION_IDLE_TIMEOUT + 1)
        step_url = reverse("exam:step", args=[encounter_a.pk, "history"])
        response = client_a.post(
            reverse("exam:answer", args=[encounter_a.pk]),
            {"field": "pain_now", "pain_now": "3"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL=step_url,
        )
        assert response.status_code == 401
        assert response["HX-Redirect"].startswith(reverse("login"))
        assert "next=" in response["HX-Redirect"]
        assert "<form" not in response.text  # no login page swapped into a panel
        from exam.models import Answer

        assert not Answer.objects.exists()

    def test_keepalive_restarts_the_idle_clock(self, client_a, settings):
        client_a.get(reverse("clinic:patient_list"))
        age_session(client_a, idle=settings.SESSION_IDLE_TIMEOUT - 10)
        assert client_a.post(reverse("clinic:session_keepalive")).status_code == 204
        assert client_a.session["last_activity"] >= int(time.time()) - 2

    def test_logout_kills_the_server_session(self, client_a):
        client_a.get(reverse("clinic:patient_list"))
        key = client_a.session.session_key
        assert Session.objects.filter(session_key=key).exists()
        client_a.post(reverse("logout"))
        assert not Session.objects.filter(session_key=key).exists()
        assert client_a.get(reverse("clinic:patient_list")).status_code == 302

    def test_patient_pages_are_not_cached(self, client_a, patient_a, encounter_a):
        for url in [
            reverse("clinic:patient_list"),
            patient_a.get_absolute_url(),
            reverse("exam:step", args=[encounter_a.pk, "history"]),
        ]:
            cache_control = client_a.get(url)["Cache-Control"]
            assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.django_db
class TestAnonymousHtmx:
    """Whatever ended the session, htmx gets 401 + HX-Redirect, never a login page to swap in."""

    def assert_sent_to_login(self, response, step_url):
        assert response.status_code == 401
        assert response["HX-Redirect"].startswith(reverse("login"))
        assert response["HX-Redirect"].endswith("?" + urlencode({"next": step_url}))
        assert "<form" not in response.text

    def test_autosave_after_sign_out_in_another_tab(self, client_a, encounter_a):
        from exam.models import Answer

        step_url = reverse("exam:step", args=[encounter_a.pk, "history"])
        client_a.get(step_url)
        client_a.post(reverse("logout"))  # the other tab
        response = client_a.post(
            reverse("exam:answer", args=[encounter_a.pk]),
            {"field": "pain_now", "pain_now": "3", "pain_now__version": "0"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL=step_url,
        )
        self.assert_sent_to_login(response, step_url)
        assert not Answer.objects.exists()

    def test_never_signed_in_and_no_csrf_token(self, encounter_a):
        from django.test import Client

        step_url = reverse("exam:step", args=[encounter_a.pk, "history"])
        client = Client(enforce_csrf_checks=True)
        for response in [
            client.post(
                reverse("exam:answer", args=[encounter_a.pk]),
                {"field": "pain_now", "pain_now": "3"},
                HTTP_HX_REQUEST="true",
                HTTP_HX_CURRENT_URL=step_url,
            ),
            client.get(
                reverse("exam:step", args=[encounter_a.pk, "palpation"]),
                HTTP_HX_REQUEST="true",
                HTTP_HX_CURRENT_URL=step_url,
            ),
        ]:
            self.assert_sent_to_login(response, step_url)

    def test_plain_requests_still_redirect_to_login(self, client, encounter_a):
        response = client.get(reverse("exam:step", args=[encounter_a.pk, "history"]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
