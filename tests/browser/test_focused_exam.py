"""Focused and complete exam modes in a real browser (issue #12), axe in both orientations."""

import pytest

from exam.models import Answer
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, shot
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Focus", family_name="McFold"
    )
    return make_encounter(patient=patient, clinician=clinician, side="right")


def test_focused_then_complete(logged_in, live_server, encounter):
    page = logged_in
    # A new encounter opens in the complete exam only when asked: focused is the default.
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    assert page.locator(".group-suggested-for-this-patient").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Complete exam (show every test)").tap()
    assert page.locator("details.group-fold").count() == 0  # complete: every test shown
    with page.expect_navigation():
        page.get_by_role("link", name="Focused exam (suggested tests first)").tap()
    suggested = page.locator(".group-suggested-for-this-patient .item")
    assert 1 <= suggested.count() <= 4
    assert suggested.first.locator(".why-suggested").inner_text().startswith("Suggested: ")
    folded = page.locator("details.group-fold")
    assert folded.count() >= 1
    assert page.locator("details.group-fold[open]").count() == 0
    hidden = folded.first.locator(".slot").first
    assert not hidden.is_visible()
    for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(viewport)
        shot(page, f"focused-nerve-{name}")
        assert_axe_clean(page, f"focused nerve ({name})")
    page.set_viewport_size(PORTRAIT)
    # A suggested test is answered in place; a folded group opens with one tap.
    code = suggested.first.get_attribute("id").removeprefix("item-")
    suggested.first.locator(f"label.seg:has(input[name='{code}__right'][value='negative'])").tap()
    page.locator(f"#st-{code}__right .state-text", has_text="Saved").wait_for()
    folded.first.locator("> summary").tap()
    assert hidden.is_visible()
    # Remembered on the next step; the complete exam shows everything again.
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/movement/")
    assert page.locator(".group-suggested-for-this-patient").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Complete exam (show every test)").tap()
    assert page.locator("details.group-fold").count() == 0
    assert page.locator(".group-suggested-for-this-patient").count() == 0
    assert Answer.objects.get(encounter=encounter, item=code, side="right").value == "negative"
    assert page.console_errors == []
