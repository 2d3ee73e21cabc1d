"""Follow-up pages in a real browser: accessible (axe), no sideways scroll, autosave works."""

import pytest

from exam.models import OutcomeValue
from exam.services import encounter_start_follow_up
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, shot
from tests.factories import accept_and_sign, make_encounter, make_patient
from tests.reports.conftest import GLUTEAL_TENDINOPATHY, record

pytestmark = pytest.mark.browser


@pytest.fixture
def follow_up(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Returny", family_name="McAgain"
    )
    initial = make_encounter(patient=patient, clinician=clinician, side="left")
    record(initial, clinician, GLUTEAL_TENDINOPATHY)
    initial = accept_and_sign(initial, clinician)
    encounter, _ = encounter_start_follow_up(previous=initial, by=clinician)
    return encounter


def test_follow_up_pages_are_accessible_in_both_orientations(logged_in, live_server, follow_up):
    page = logged_in
    urls = {
        "patient": f"/patients/{follow_up.patient_id}/",
        "follow-up": f"/encounters/{follow_up.pk}/step/follow-up/",
        "history": f"/encounters/{follow_up.pk}/step/history/",
        "summary": f"/encounters/{follow_up.pk}/step/summary/",
    }
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        for name, url in urls.items():
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} scrolls sideways in {orientation}"
            shot(page, f"follow-up-{name}-{orientation}")
            assert_axe_clean(page, f"{name} ({orientation})")
    assert page.console_errors == []


def test_outcome_on_the_follow_up_page_autosaves(logged_in, live_server, follow_up):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{follow_up.pk}/step/follow-up/")
    page.locator("#slot-nprs_average label.seg:has(input[value='4'])").tap()
    page.locator("#st-nprs_average .state-text", has_text="Saved").wait_for()
    assert OutcomeValue.objects.get(encounter=follow_up, item="nprs_average").value == 4
    page.reload()
    assert page.locator("#slot-nprs_average input[value='4']").is_checked()
