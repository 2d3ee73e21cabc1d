"""The HTML preview in real Chromium: loads under the CSP without errors, and prints."""

import pytest

from tests.browser import conftest as browser
from tests.factories import make_encounter, make_patient
from tests.reports.conftest import GLUTEAL_TENDINOPATHY, record

pytestmark = pytest.mark.browser

# The browser suite's fixtures (real Chromium at tablet size, a signed-in clinician).
browser_type_launch_args = browser.browser_type_launch_args
browser_context_args = browser.browser_context_args
clinician = browser.clinician
logged_in = browser.logged_in


def test_preview_renders_without_console_errors(logged_in, live_server, clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic,
        given_name="Previewy",
        family_name="McPreviewface",
    )
    encounter = record(
        make_encounter(patient=patient, clinician=clinician), clinician, GLUTEAL_TENDINOPATHY
    )
    page = logged_in
    page.goto(f"{live_server.url}/reports/{encounter.pk}/preview/")
    page.get_by_role("heading", name="Report preview").wait_for()
    assert page.get_by_text("Irritated hip tendons on the outside of the hip").count() == 1
    assert page.locator(".bodychart img").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "preview scrolls sideways on a tablet"
    browser.shot(page, "report-preview")
    page.mouse.wheel(0, 2400)
    browser.shot(page, "report-preview-scrolled")
    assert page.console_errors == []

    with page.expect_response(lambda r: r.url.endswith("/handout.pdf")) as info:
        page.evaluate("url => fetch(url)", f"/reports/{encounter.pk}/handout.pdf")
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
