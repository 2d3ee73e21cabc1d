"""Session expiry as a clinician meets it on the tablet."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore

from exam.models import Answer
from tests.factories import TEST_PASSWORD, make_encounter, make_patient

pytestmark = pytest.mark.browser


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Sleepy", family_name="McIdleface"
    )
    return make_encounter(patient=patient, clinician=clinician, side="right")


def test_warning_before_idle_logout_and_stay_signed_in(logged_in, live_server, encounter, settings):
    settings.SESSION_IDLE_TIMEOUT = 125
    settings.SESSION_WARNING_BEFORE = 122
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    warning = page.locator("#session-warning")
    warning.wait_for(state="visible", timeout=10_000)
    assert "signed out in" in warning.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/")) as info:
        warning.get_by_role("button", name="Stay signed in").tap()
    assert info.value.status == 204
    assert warning.is_hidden()


def test_answer_given_after_expiry_is_kept_through_login(
    logged_in, live_server, encounter, clinician, settings
):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    # The tablet sat idle past the timeout: age the server-side session.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    store = SessionStore(session_key=cookie["value"])
    store["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    store.save()

    page.locator("label.seg:has(input[name='slump__right'][value='positive'])").tap()
    page.wait_for_url(lambda url: "/login/" in url)
    assert not Answer.objects.filter(encounter=encounter).exists()
    page.fill("#id_username", clinician.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.endswith(f"/encounters/{encounter.pk}/step/nerve/"))
    page.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    assert page.locator("#restored-note").is_visible()
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "positive"
