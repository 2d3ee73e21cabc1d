"""History factor lists as a chip grid, quick picks and the folded region list (issue #12)."""

import pytest

from exam.models import Answer
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, login_without_js, shot
from tests.browser.test_bulk_actions import stored
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Chippy", family_name="McGrid"
    )
    return make_encounter(patient=patient, clinician=clinician, side="right")


def chip(page, code, value="yes"):
    """The part of a factor's chip a person taps: the factor itself (yes), "No" or "?"."""
    return page.locator(f"#slot-{code} label:has(input[name='{code}'][value='{value}'])")


def mark(page, code) -> str:
    """The state symbol drawn before the factor's name (○ not asked, ✓, ✗, ?)."""
    return page.eval_on_selector(
        f"#slot-{code} .chip-mark", "el => getComputedStyle(el, '::before').content"
    ).strip('"')


def saved(page, code) -> None:
    page.locator(f"#st-{code} .state-text", has_text="Saved").wait_for()


def test_chip_grid_tap_is_yes_state_shown_none_of_the_others_undo_reload(
    logged_in, live_server, encounter
):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    chips = page.locator(".item-chip")
    assert chips.count() >= 25  # quality, aggravating, easing, 24-hour and background factors
    assert mark(page, "agg_hills") == "○" and mark(page, "night_pain") == "○"
    # one tap on the factor records Yes; "No" and "?" sit on the chip
    chip(page, "agg_hills").tap()
    saved(page, "agg_hills")
    assert stored(encounter, "agg_hills") == "yes" and mark(page, "agg_hills") == "✓"
    chip(page, "night_pain", "no").tap()
    saved(page, "night_pain")
    assert stored(encounter, "night_pain") == "no" and mark(page, "night_pain") == "✗"
    chip(page, "quality_burning", "unsure").tap()
    saved(page, "quality_burning")
    assert stored(encounter, "quality_burning") == "unsure"
    assert mark(page, "quality_burning") == "?"
    # rows no taller than 56 px, answered or not, in both orientations; targets >= 44 px
    for viewport in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(viewport)
        heights = page.eval_on_selector_all(
            ".item-chip", "els => els.map(e => [e.id, e.getBoundingClientRect().height])"
        )
        assert max(h for _, h in heights) <= 56, [(i, h) for i, h in heights if h > 56]
        sizes = page.eval_on_selector_all(
            ".chip label",
            "els => els.map(e => [e.getBoundingClientRect().width, "
            "e.getBoundingClientRect().height])",
        )
        assert min(min(w, h) for w, h in sizes) >= 44
    page.set_viewport_size(PORTRAIT)

    # "None of the others" records an explicit No for every factor of the group not answered
    panel = page.locator("#bulk-none-else-aggravating-factors")
    panel.get_by_role("button", name="None of the others").tap()
    panel.locator(".bulk-message").wait_for()
    assert stored(encounter, "agg_car") == "no" and mark(page, "agg_car") == "✗"
    assert stored(encounter, "agg_hills") == "yes" and mark(page, "agg_hills") == "✓"
    assert stored(encounter, "ease_rest") is None and mark(page, "ease_rest") == "○"
    # undo one: back to "not asked"
    panel.locator("summary").tap()
    panel.locator("#bulk-item-agg_stairs button").tap()
    panel.locator("#bulk-item-agg_stairs", has_text="undone — not asked").wait_for()
    assert stored(encounter, "agg_stairs") is None and mark(page, "agg_stairs") == "○"
    # change one: a No becomes a Yes with one tap on the factor
    chip(page, "agg_car").tap()
    saved(page, "agg_car")
    assert stored(encounter, "agg_car") == "yes" and mark(page, "agg_car") == "✓"

    page.reload()
    assert mark(page, "agg_car") == "✓" and mark(page, "agg_running") == "✗"
    assert mark(page, "agg_stairs") == "○" and mark(page, "night_pain") == "✗"
    assert mark(page, "quality_burning") == "?"
    for orientation, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(viewport)
        page.locator("#item-agg_sitting").scroll_into_view_if_needed()
        shot(page, f"history-chips-{orientation}")
        assert_axe_clean(page, f"history chip grid ({orientation})")
    assert page.console_errors == []


def test_sitting_minutes_quick_pick_and_typed_value(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    box = page.locator("input[type=number][name='sitting_minutes']")
    page.locator("label.seg-pick:has(input[value='20'])").tap()
    saved(page, "sitting_minutes")
    assert stored(encounter, "sitting_minutes") == 20 and box.input_value() == "20"
    box.fill("45")
    box.press("Tab")
    page.wait_for_function(
        "() => !document.querySelector('.state-saving') && "
        "document.querySelector('#st-sitting_minutes .state-text')"
    )
    page.wait_for_timeout(300)
    assert stored(encounter, "sitting_minutes") == 45
    assert not page.locator("input[name='sitting_minutes__pick']:checked").count()
    page.reload()
    assert box.input_value() == "45"
    assert not page.locator("input[name='sitting_minutes__pick']:checked").count()
    assert page.console_errors == []


def test_chips_quick_picks_and_region_list_work_without_javascript(
    browser, live_server, clinician, encounter
):
    context, page = login_without_js(browser, live_server, clinician)
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    # without the chart's script the region list is open, with its labelled Left / Right
    assert page.locator("details[data-region-list]").get_attribute("open") is not None
    page.locator("#slot-area_sit_bone__right label.toggle").tap()
    chip(page, "agg_sitting").tap()
    chip(page, "night_pain", "no").tap()
    page.locator("label.seg-pick:has(input[value='30'])").tap()
    with page.expect_navigation():
        page.get_by_role("button", name="None of the others").nth(1).tap()  # easing factors
    assert stored(encounter, "agg_sitting") == "yes"
    assert stored(encounter, "night_pain") == "no"
    assert stored(encounter, "sitting_minutes") == 30
    assert stored(encounter, "area_sit_bone__right") is True
    assert stored(encounter, "ease_rest") == "no" and stored(encounter, "ease_moving") == "no"
    # the page shows it all back as a plain form: chips checked, the pick checked
    assert chip(page, "agg_sitting").locator("input").is_checked()
    assert page.locator("input[name='sitting_minutes__pick'][value='30']").is_checked()
    # a typed value and a tapped pick that disagree: asked to keep one, nothing saved
    page.fill("input[name='sitting_minutes']", "25")
    page.locator("label.seg-pick:has(input[value='60'])").tap()
    with page.expect_navigation():
        page.locator("#step-form").get_by_role("button", name="Save and continue ›").tap()
    assert "Keep one" in page.content()
    assert stored(encounter, "sitting_minutes") == 30
    assert Answer.objects.filter(encounter=encounter, item="sitting_minutes").count() == 1
    context.close()
