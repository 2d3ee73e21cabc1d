""" "Save and continue" always in reach, and the close page decision first (issue #12).

The step's "Save and continue ›" is also in the live sheet: its bottom bar in portrait, the top
of the side panel in landscape. It submits the step form (form= attribute), with or without JS.
Content scrolls under the portrait sheet, so axe (target-size included) is run at several scroll
positions, not only at the top of the page.
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from clinic.models import Encounter
from exam.models import Answer
from tests.browser.conftest import (
    LANDSCAPE,
    PORTRAIT,
    assert_axe_clean,
    login_without_js,
    open_fold,
    shot,
)
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser

STEPS = ["history", "outcomes", "red-flags", "palpation", "strength", "nerve", "movement", "neuro"]
SAVE = "Save and continue ›"


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Barry", family_name="McReach"
    )
    return make_encounter(patient=patient, clinician=clinician, side="right")


def bar_button(page):
    return page.locator(".sheet").get_by_role("button", name=SAVE)


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def target_size_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["target-size"]}})
    return [
        f"{v['id']}: {n['target']}"
        for v in results.response["violations"]
        for n in v["nodes"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_bar_button_is_in_reach_at_every_scroll_position_and_axe_stays_clean(
    logged_in, live_server, encounter, orientation
):
    page = logged_in
    page.set_viewport_size(PORTRAIT if orientation == "portrait" else LANDSCAPE)
    for slug in STEPS:
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/{slug}/")
        height = page.evaluate("document.documentElement.scrollHeight - innerHeight")
        for fraction in (0, 0.3, 0.55, 0.8, 1):
            page.evaluate(f"window.scrollTo(0, {int(height * fraction)})")
            assert in_view(page, bar_button(page)), f"{slug} at {fraction:.0%}: not in view"
            bad = target_size_violations(page)
            assert not bad, f"{slug} ({orientation}) scrolled {fraction:.0%}: {bad}"
        shot(page, f"i12y-bar-{slug}-{orientation}")
        if slug in ("red-flags", "palpation", "strength"):
            page.evaluate("window.scrollTo(0, 0)")
            assert_axe_clean(page, f"{slug} ({orientation})")
    # the button at the end of the form is still there
    assert page.locator("form#step-form").get_by_role("button", name=SAVE).count() == 1


def test_the_bar_buttons_sit_well_below_the_sheets_edge(logged_in, live_server, encounter):
    """Why a control scrolling under the portrait sheet is never cut to a sliver (axe
    target-size): it is either above the sheet, wholly covered by the sheet, or straddling the
    sheet's top edge, where the bar's buttons (24 px or more below that edge) do not reach it.
    Checked on a long step with the ranking folded and unfolded."""
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/palpation/?mode=complete")
    for state in ("folded", "unfolded"):
        gaps = page.evaluate(
            """() => {
              const sheet = document.querySelector('.sheet').getBoundingClientRect();
              return [...document.querySelectorAll('.sheet-bar .btn')]
                .map(b => b.getBoundingClientRect().top - sheet.top);
            }"""
        )
        assert len(gaps) == 2 and min(gaps) >= 24, (state, gaps)
        shot(page, f"i12y-sheet-{state}-portrait")
        if state == "folded":
            page.get_by_role("button", name="Show ranking").tap()
            page.locator(".sheet.expanded").wait_for()


def test_save_and_continue_from_the_bar_saves_the_step_and_moves_on(
    logged_in, live_server, encounter
):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    page.locator("label.seg:has(input[name='slump__right'][value='positive'])").tap()
    page.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    assert in_view(page, bar_button(page))
    bar_button(page).tap()
    page.wait_for_url(re.compile(r"/step/movement/$"))
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "positive"


def test_without_js_the_bar_button_submits_the_step_form(browser, live_server, encounter):
    context, page = login_without_js(browser, live_server, encounter.clinician)
    try:
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
        open_fold(page, "slr__right")  # <details> opens without JS
        page.locator("label.seg:has(input[name='slr__right'][value='negative'])").tap()
        with page.expect_navigation():
            bar_button(page).tap()
        assert page.url.endswith("/step/movement/")
        assert Answer.objects.get(encounter=encounter, item="slr", side="right").value == (
            "negative"
        )
    finally:
        context.close()


def _decision_top_checks(page):
    """What a clinician sees on opening the summary: the decision and the appointment picks
    in the first screen (above the sheet), before the evidence details."""
    order = page.evaluate(
        "['working', 'decision', 'sign', 'why'].map(id => document.getElementById(id))"
        ".map(el => el.getBoundingClientRect().top)"
    )
    assert order == sorted(order), order
    sheet_top = page.evaluate("document.querySelector('.sheet').getBoundingClientRect().top")
    accept = page.get_by_role("button", name=re.compile("^Accept:")).bounding_box()
    pick = page.locator("fieldset.appointment-picks label.seg").first.bounding_box()
    # at most a short scroll: both within 1.3 screens of the top
    assert pick["y"] + pick["height"] <= sheet_top + 0.3 * 1080
    assert accept["y"] + accept["height"] <= sheet_top + 0.3 * 1080


def test_summary_decision_first_and_quick_pick_fills_the_date(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/summary/")
    _decision_top_checks(page)
    box = page.get_by_label("Next appointment (printed on the handout)")
    page.locator("fieldset.appointment-picks label.seg", has_text="3 weeks").tap()
    day = encounter.date + datetime.timedelta(weeks=3)
    expected = f"In 3 weeks: {day:%a} {day.day} {day:%b %Y}"
    assert box.input_value() == expected
    shot(page, "i12y-summary-pick-portrait")
    # typing instead switches the pick to "Type it"
    box.fill("")
    box.press_sequentially("Thu")
    assert page.locator("input[name='next_in_weeks'][value='']").is_checked()
    # pick again and accept: stored as shown
    page.locator("fieldset.appointment-picks label.seg", has_text="3 weeks").tap()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Accept:")).tap()
    encounter.refresh_from_db()
    assert encounter.decision == Encounter.Decision.ACCEPTED
    assert encounter.next_appointment == expected
    for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(viewport)
        assert_axe_clean(page, f"summary after the decision ({name})")
        shot(page, f"i12y-summary-decided-{name}")


def test_summary_quick_pick_without_js(browser, live_server, encounter):
    context, page = login_without_js(browser, live_server, encounter.clinician)
    try:
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/summary/")
        page.locator("fieldset.appointment-picks label.seg", has_text="6 weeks").tap()
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Accept:")).tap()
        encounter.refresh_from_db()
        assert encounter.next_appointment.startswith("In 6 weeks: ")
        assert "Decision recorded." in page.inner_text("body")
    finally:
        context.close()


def test_live_deficit_keeps_the_typed_numbers_when_a_slow_save_answers(
    logged_in, live_server, encounter
):
    """kg entry (protocol 2027.02): the left side's save answers while the right side is being
    typed; the deficit line then still describes the typed numbers, not the saved ones."""
    page = logged_in

    def slow(route):
        page.wait_for_timeout(800)
        route.continue_()

    page.route("**/answer/", slow)
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/strength/?mode=complete")
    row = page.locator("#deficit-strength_ext_force")
    left = page.locator("input[name='strength_ext_force__left']")
    right = page.locator("input[name='strength_ext_force__right']")
    assert page.locator("#slot-strength_ext_force__left .unit").inner_text() == "kg"
    left.tap()
    left.type("25")
    right.tap()  # the left side is saved now (slowly)
    right.type("20")
    expect(row).to_contain_text("20% deficit, right weaker — flagged (over 10%)")
    page.locator("#st-strength_ext_force__left .state-text", has_text="Saved").wait_for()
    page.wait_for_timeout(200)  # the saved answer's deficit line has been swapped in
    expect(row).to_contain_text("20% deficit, right weaker — flagged (over 10%)")
