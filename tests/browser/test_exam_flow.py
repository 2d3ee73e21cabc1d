"""The guided exam in a real browser at tablet size, by tapping."""

import re

import pytest

from clinic.models import Encounter, Patient
from exam.models import Answer
from exam.protocol import get_protocol
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, shot
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser

STEPS = [s.slug for s in get_protocol().steps]
# An initial visit records its baseline outcome measures right after the history (issue #14).
PAGES = STEPS[:1] + ["outcomes"] + STEPS[1:]

# A gluteal-tendinopathy picture on the left; everything else gets a neutral answer.
PREFERRED = {
    "age_band": "35_to_50",
    "onset": "gradual",
    "duration": "over_3_months",
    "quality_deep_ache": "yes",
    "agg_stairs": "yes",
    "agg_side_lying": "yes",
    "agg_single_leg": "yes",
    "next_day_worse": "yes",
    "ease_rest": "yes",
    "pain_now": "4",
    "pain_worst": "7",
    "sitting_minutes": "45",
    "palp_greater_trochanter__left": "familiar",
    "palp_gluteus_medius_minimus__left": "tender",
    "strength_abd_force__left": "15",
    "strength_abd_force__right": "21",
    "strength_abd_pain__left": "yes",
    "single_leg_stance__left": "positive",
    "resisted_external_derotation__left": "positive",
    "hip_ir_range__left": "35",
    "hip_ir_range__right": "38",
    "hip_flexion_range__left": "120",
    "hip_flexion_range__right": "125",
    # outcome measures (baseline)
    "nprs_average": "6",
    "nprs_worst": "8",
    "psfs_1": "4",
    "psfs_2": "5",
    "psfs_3": "3",
    "groc": "0",
    "sls_pain_onset": "12",
    "hip_abduction_ratio": "70",
    "visa_g": "55",
    "visa_h": "60",
}
NEUTRAL_ORDER = ["no", "negative", "not_tender", "no_effect", "normal", "5", "3"]
MARKED_REGIONS = ["area_lateral_hip__left"]


def slot_keys(page) -> list[str]:
    """The controls a person can see (a region's pain quality shows once it is marked)."""
    return page.eval_on_selector_all(
        ".slot[hx-post]:not([hidden])",
        "els => els.map(e => JSON.parse(e.getAttribute('hx-vals')).field)",
    )


def wait_until_saved(page) -> None:
    page.wait_for_function("() => !document.querySelector('.state-saving') && window.htmx")
    unsaved = page.locator(".state-unsaved, .state-error, .state-conflict")
    assert unsaved.count() == 0, unsaved.first.inner_text()


def answer_slot(page, key: str) -> None:
    slot = page.locator(f"#slot-{key}")
    radios = slot.locator(f"input[type=radio][name='{key}']")
    if radios.count():
        values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
        wanted = PREFERRED.get(key) or PREFERRED.get(key.split("__")[0])
        if wanted not in values:
            wanted = next((v for v in NEUTRAL_ORDER if v in values), values[0])
        slot.locator(f"label.seg:has(input[name='{key}'][value='{wanted}'])").tap()
        return
    number = slot.locator("input[type=number]")
    if number.count():
        default = "30" if "minutes" in key else "20" if "_force__" in key else "200"  # kg
        number.fill(PREFERRED.get(key, default))
        number.press("Tab")
        return
    text = slot.locator("textarea")
    if text.count():
        text.fill("Run 10 km again and sit through a film")
        text.press("Tab")
        return
    if key in MARKED_REGIONS:  # on the chart (its list of regions is folded)
        page.locator(f".region[data-field='{key}']").tap()


def complete_step(page) -> None:
    for fold in page.locator("details.more-measures:not([open]) > summary").all():
        fold.tap()  # the baseline's rarely used outcome measures
    folded = page.locator("details.group-fold:not([open]) > summary")
    while folded.count():  # focused exam (the default): the groups after the suggested tests
        folded.first.tap()
    for key in slot_keys(page):
        answer_slot(page, key)
    wait_until_saved(page)


def working_hypothesis(page) -> str:
    return page.locator("#live-panel .working-label").inner_text()


def test_full_flow_by_tapping(logged_in, live_server):
    page = logged_in
    # Create a patient.
    page.get_by_role("link", name="+ Add patient").tap()
    page.fill("#id_given_name", "Tappy")
    page.fill("#id_family_name", "McTabletface")
    page.fill("#id_date_of_birth", "1979-03-14")
    page.select_option("#id_sex", "female")
    page.fill("#id_identifier", "TAB-001")
    page.get_by_role("button", name="Save patient").tap()
    page.wait_for_url(re.compile(r"/patients/\d+/$"))
    assert Patient.objects.filter(identifier="TAB-001").exists()

    # Start an encounter (left side).
    page.locator("label.seg:has-text('Left')").tap()
    page.get_by_role("button", name="Start exam").tap()
    page.wait_for_url(re.compile(r"/step/history/$"))
    start = working_hypothesis(page)

    for slug in PAGES:
        assert page.url.endswith(f"/step/{slug}/"), page.url
        complete_step(page)
        if slug == "palpation":
            # Key findings so far: lateral hip + side-lying + familiar trochanter pain.
            assert working_hypothesis(page) != start or start.startswith("Gluteal")
            assert "Gluteal tendinopathy" in working_hypothesis(page)
        with page.expect_navigation():
            page.locator(".sheet").get_by_role("button", name=re.compile("Save and continue")).tap()
        errors = page.locator(".error").all_inner_texts()
        assert not errors, errors

    encounter = Encounter.objects.get(patient__identifier="TAB-001")
    # Every slot outside the body chart answered (its marks and their quality are optional).
    protocol = get_protocol(encounter.protocol_version)
    expected = sum(
        2 if i.side_aware else 1
        for i in protocol.items
        if i.group != "Body chart" and i.code != "age_band"  # derived from the date of birth
    )
    assert (
        Answer.objects.filter(encounter=encounter).exclude(item__startswith="area_").count()
        == expected
    )
    assert page.url.endswith("/step/summary/")
    assert "Gluteal tendinopathy" in page.locator(".working-big").inner_text()
    assert page.console_errors == []

    # Tap a suggested next test: it jumps to that test on its step.
    page.locator("[data-sheet-toggle]").tap()
    suggestion = page.locator("#live-panel .next-tests a").first
    if suggestion.count():
        href = suggestion.get_attribute("href")
        suggestion.tap()
        page.wait_for_url(re.compile(r"#item-"))
        anchor = href.split("#")[1]
        assert page.locator(f"#{anchor}").is_visible()
        page.goto(f"{live_server.url}{href.split('/step/')[0]}/step/summary/")
    else:
        assert page.locator("#live-panel .stop-testing").is_visible()

    # Accept the working hypothesis, then sign: first tap shows the record, second signs.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Accept: Gluteal tendinopathy")).tap()
    assert "Decision recorded" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign encounter…").tap()
    assert "Check and sign" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and sign").tap()
    assert "Signed by" in page.content()
    encounter.refresh_from_db()
    assert encounter.status == "signed" and encounter.decision == "accepted"

    # Open the PDF links.
    for name in ["Patient handout (PDF)", "Clinician summary (PDF)"]:
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Reloady", family_name="McRefresh"
    )
    return make_encounter(patient=patient, clinician=clinician, side="left")


def test_reload_keeps_every_answer(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    complete_step(page)
    chosen = page.eval_on_selector_all(
        "#step-form input[type=radio]:checked", "els => els.map(e => e.name + '=' + e.value)"
    )
    assert len(chosen) >= 10
    page.reload()
    again = page.eval_on_selector_all(
        "#step-form input[type=radio]:checked", "els => els.map(e => e.name + '=' + e.value)"
    )
    assert sorted(again) == sorted(chosen)
    # Resuming the encounter lands on the step last worked on.
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/")
    assert page.url.endswith("/step/nerve/")


def test_failed_save_shows_not_saved_and_retry_succeeds(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/nerve/")
    page.route("**/answer/", lambda route: route.abort("internetdisconnected"))
    page.locator("label.seg:has(input[name='slump__left'][value='positive'])").tap()
    state = page.locator("#st-slump__left")
    state.get_by_text("Not saved").wait_for()
    assert not Answer.objects.filter(encounter=encounter, item="slump").exists()
    page.unroute("**/answer/")
    state.get_by_role("button", name="Retry").tap()
    page.locator("#st-slump__left .state-text", has_text="Saved").wait_for()
    assert Answer.objects.get(encounter=encounter, item="slump", side="left").value == "positive"


def test_rapid_taps_keep_the_last_choice(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    for value in ["2", "7", "4", "9", "5"]:
        page.locator(f"label.seg:has(input[name='pain_now'][value='{value}'])").tap()
    wait_until_saved(page)
    page.locator("#st-pain_now .state-text", has_text="Saved").wait_for()
    answer = Answer.objects.get(encounter=encounter, item="pain_now")
    assert answer.value == 5


def test_out_of_range_value_is_refused_next_to_the_control(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/strength/?mode=complete")
    field = page.locator("#slot-strength_er_force__left input[type=number]")
    field.fill("18")
    field.press("Tab")
    page.locator("#st-strength_er_force__left .state-text", has_text="Saved").wait_for()
    field.fill("5000")
    field.press("Tab")
    page.locator("#st-strength_er_force__left", has_text="Not saved").wait_for()
    assert (
        Answer.objects.get(encounter=encounter, item="strength_er_force", side="left").value == 18
    )


def test_every_step_is_accessible_and_fits_both_orientations(logged_in, live_server, encounter):
    page = logged_in
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        for slug in PAGES + ["summary"]:
            page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/{slug}/")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{slug} scrolls sideways in {orientation}"
            shot(page, f"{slug}-{orientation}")
            assert_axe_clean(page, f"{slug} ({orientation})")
    assert page.console_errors == []


def test_two_tabs_never_silently_overwrite(logged_in, live_server, encounter):
    first = logged_in
    url = f"{live_server.url}/encounters/{encounter.pk}/step/history/"
    first.goto(url)
    second = first.context.new_page()
    second.goto(url)  # both tabs loaded before anything was answered
    first.locator("label.seg:has(input[name='pain_now'][value='3'])").tap()
    first.locator("#st-pain_now .state-text", has_text="Saved").wait_for()
    second.locator("label.seg:has(input[name='pain_now'][value='8'])").tap()
    second.locator("#st-pain_now", has_text="Someone else changed this answer").wait_for()
    assert Answer.objects.get(encounter=encounter, item="pain_now").value == 3
    # The stale tab now shows the other value and can choose again deliberately.
    assert second.locator("input[name='pain_now'][value='3']").is_checked()
    second.locator("label.seg:has(input[name='pain_now'][value='8'])").tap()
    second.locator("#st-pain_now .state-text", has_text="Saved").wait_for()
    assert Answer.objects.get(encounter=encounter, item="pain_now").value == 8
