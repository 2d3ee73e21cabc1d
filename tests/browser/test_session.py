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


def test_answer_given_after_sign_out_in_another_tab_is_saved_after_login(
    logged_in, live_server, encounter, clinician
):
    first = logged_in
    step_url = f"{live_server.url}/encounters/{encounter.pk}/step/nerve/"
    first.goto(step_url)
    second = first.context.new_page()
    second.goto(f"{live_server.url}/")
    second.get_by_role("button", name="Sign out").click()
    second.wait_for_url(lambda url: "/login/" in url)
    second.close()

    first.locator("label.seg:has(input[name='slump__right'][value='positive'])").tap()
    first.wait_for_url(lambda url: "/login/" in url)
    assert not Answer.objects.filter(encounter=encounter).exists()
    first.fill("#id_username", clinician.username)
    first.fill("#id_password", TEST_PASSWORD)
    first.click("button[type=submit]")
    first.wait_for_url(step_url)
    first.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    assert first.locator("#restored-note").is_visible()
    assert first.locator("input[name='slump__right'][value='positive']").is_checked()
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "positive"


def test_a_response_that_is_not_a_save_result_says_not_saved(logged_in, live_server, encounter):
    """A login page (or any page) coming back instead of a save fragment is never swapped in."""
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    page.route(
        "**/answer/",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<form><h1>Sign in</h1></form>"
        ),
    )
    page.locator("label.seg:has(input[name='slump__right'][value='positive'])").tap()
    page.locator("#st-slump__right .state-text", has_text="Not saved").wait_for()
    assert page.locator("h1", has_text="Sign in").count() == 0
    page.unroute("**/answer/")
    page.locator("#st-slump__right .retry").tap()
    page.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "positive"
