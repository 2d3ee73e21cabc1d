"""Bulk "all normal" actions in a real browser (issue #12): set, undo one, reload, stale tab."""

import pytest

from exam.models import Answer
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, open_fold, shot
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser

# step, button, a slot the clinician answers by hand first (and its answer), a slot to undo.
CASES = [
    ("red-flags", "None of these", ("rf_fever", "yes"), ("rf_weight_loss", "no")),
    (
        "palpation",
        "Nothing else tender",
        ("palp_ischial_tuberosity__left", "familiar"),
        ("palp_sij_psis__left", "not_tender"),
    ),
    ("neuro", "Normal both sides", ("reflex_ankle__left", "reduced"), ("myotome_l5__right", "5")),
]


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Bulky", family_name="McNormal"
    )
    return make_encounter(patient=patient, clinician=clinician, side="left")


def stored(encounter, key):
    code, _, side = key.partition("__")
    answer = Answer.objects.filter(encounter=encounter, item=code, side=side).first()
    return None if answer is None else answer.value


def radio(page, key, value):
    return page.locator(f"input[name='{key}'][value='{value}']")


def tap_answer(page, key, value):
    open_fold(page, key)
    page.locator(f"label.seg:has(input[name='{key}'][value='{value}'])").tap()
    page.locator(f"#st-{key} .state-text", has_text="Saved").wait_for()


@pytest.mark.parametrize(("step", "button", "hand", "undo"), CASES)
def test_bulk_sets_shows_undoes_and_survives_reload(
    logged_in, live_server, encounter, step, button, hand, undo
):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/{step}/")
    tap_answer(page, *hand)
    page.get_by_role("button", name=button).tap()
    page.locator(".bulk-panel .bulk-message").wait_for()
    set_count = Answer.objects.filter(encounter=encounter).count() - 1
    assert set_count >= 8
    assert f": {set_count} answers" in page.locator(".bulk-panel .bulk-message").inner_text()
    # The swapped slots show their new answer; the clinician's own answer is untouched.
    assert radio(page, *undo).is_checked()
    assert radio(page, *hand).is_checked()
    assert str(stored(encounter, hand[0])) == hand[1]
    assert str(stored(encounter, undo[0])) == undo[1]
    # Every answer it set is listed, each with its own Undo.
    page.locator(".bulk-panel summary").tap()
    assert page.locator(".bulk-panel .bulk-list li").count() == set_count
    for orientation, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(viewport)
        shot(page, f"bulk-{step}-{orientation}")
        assert_axe_clean(page, f"{step} after the bulk action ({orientation})")
    page.set_viewport_size(PORTRAIT)

    undo_button = page.locator(f"#bulk-item-{undo[0]} button", has_text="Undo")
    undo_button.tap()
    page.locator(f"#bulk-item-{undo[0]}", has_text="undone — not asked").wait_for()
    assert not radio(page, *undo).is_checked()
    assert stored(encounter, undo[0]) is None
    assert Answer.objects.filter(encounter=encounter).count() == set_count  # only that one

    page.reload()
    assert not radio(page, *undo).is_checked()
    assert radio(page, *hand).is_checked()
    checked = page.locator("#step-form input[type=radio]:checked").count()
    assert checked == set_count  # the hand answer + every bulk answer but the undone one
    assert page.locator(f"#bulk-item-{undo[0]}", has_text="undone — not asked").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize(("step", "button", "hand", "undo"), CASES)
def test_a_stale_second_tab_gets_the_conflict(
    logged_in, live_server, encounter, step, button, hand, undo
):
    first = logged_in
    url = f"{live_server.url}/encounters/{encounter.pk}/step/{step}/"
    first.goto(url)
    second = first.context.new_page()
    second.goto(url)  # loaded before the first tab's answer
    tap_answer(first, *hand)
    second.get_by_role("button", name=button).tap()
    alert = second.locator(".bulk-panel [role=alert]")
    alert.wait_for()
    assert "Nothing was set" in alert.inner_text()
    assert Answer.objects.filter(encounter=encounter).count() == 1  # nothing overwritten
    assert second.locator(f"input[name='{hand[0]}'][value='{hand[1]}']").is_checked()
    # Having seen the other answer, a second tap sets the rest and keeps it.
    second.get_by_role("button", name=button).tap()
    second.locator(".bulk-panel .bulk-message").wait_for()
    assert str(stored(encounter, hand[0])) == hand[1]
    assert str(stored(encounter, undo[0])) == undo[1]


def test_compact_history_rows_and_none_of_the_others(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    for viewport in (LANDSCAPE, PORTRAIT):
        page.set_viewport_size(viewport)
        heights = dict(
            page.eval_on_selector_all(
                ".item-chip", "els => els.map(e => [e.id, e.getBoundingClientRect().height])"
            )
        )
        assert len(heights) >= 20
        assert max(heights.values()) <= 56, {k: h for k, h in heights.items() if h > 56}
    tap_answer(page, "agg_hills", "yes")
    panel = page.locator("#bulk-none-else-aggravating-factors")
    panel.get_by_role("button", name="None of the others").tap()
    panel.locator(".bulk-message").wait_for()
    assert radio(page, "agg_car", "no").is_checked()
    assert radio(page, "agg_hills", "yes").is_checked()
    assert not page.locator("input[name='ease_rest']:checked").count()  # another group
    assert stored(encounter, "agg_car") == "no" and stored(encounter, "agg_hills") == "yes"
    panel.locator("summary").tap()
    panel.locator("#bulk-item-agg_stairs button").tap()
    panel.locator("#bulk-item-agg_stairs", has_text="undone — not asked").wait_for()
    assert stored(encounter, "agg_stairs") is None
    page.reload()
    assert not page.locator("input[name='agg_stairs']:checked").count()
    assert radio(page, "agg_car", "no").is_checked()
    shot(page, "history-compact-portrait")
    assert_axe_clean(page, "history after none of the others")
    assert page.console_errors == []
