"""Issue #12, part B, in a real browser at tablet size: body chart v2, live strength deficit,
red-flag banner, offline banner."""

import pytest

from exam.models import Answer
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, shot
from tests.factories import make_encounter, make_patient

pytestmark = pytest.mark.browser


@pytest.fixture
def encounter(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Charty", family_name="McChart"
    )
    return make_encounter(patient=patient, clinician=clinician, side="right")


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- Body chart v2 ------------------------------------------------------------------------------


def test_body_chart_regions_are_labelled_44px_targets_in_both_orientations(
    logged_in, live_server, encounter
):
    page = logged_in
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
        chart = page.locator(".bodychart-svg")
        chart.scroll_into_view_if_needed()
        shot(page, f"i12b-bodychart-{orientation}")
        regions = page.locator(".region[data-field]")
        fields = [regions.nth(i).get_attribute("data-field") for i in range(regions.count())]
        # every region of the protocol's chart, the generic buttock included, on both sides
        assert "area_buttock__right" in fields and "area_buttock__left" in fields
        assert len(fields) == 24
        boxes = {}
        for i, field in enumerate(fields):
            region = regions.nth(i)
            box = region.locator(".region-shape").bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (orientation, field, box)
            boxes[field] = box
            label = region.locator(".region-text")
            assert label.text_content().strip(), f"{field} has no visible label"
            assert label.is_visible()
            text_box = label.bounding_box()
            assert text_box["x"] >= box["x"] - 1
            assert text_box["x"] + text_box["width"] <= box["x"] + box["width"] + 1, field
        # no two targets overlap
        items = list(boxes.items())
        for n, (a, box_a) in enumerate(items):
            for b, box_b in items[n + 1 :]:
                overlap_x = min(box_a["x"] + box_a["width"], box_b["x"] + box_b["width"]) - max(
                    box_a["x"], box_b["x"]
                )
                overlap_y = min(box_a["y"] + box_a["height"], box_b["y"] + box_b["height"]) - max(
                    box_a["y"], box_b["y"]
                )
                assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
        # outlines stand out from the silhouette and from the page (>= 3:1), marked or not
        colours = page.evaluate(
            """() => {
              const shape = document.querySelector('.region .region-shape');
              const body = document.querySelector('.silhouette rect');
              return [getComputedStyle(shape).stroke, getComputedStyle(body).fill,
                      getComputedStyle(shape).fill];
            }"""
        )
        stroke, silhouette, fill = colours
        assert contrast(stroke, silhouette) >= 3 and contrast(stroke, fill) >= 3, colours
        assert_axe_clean(page, f"history {orientation}")
    assert page.console_errors == []


def test_tapping_a_region_marks_it_and_offers_its_pain_quality(logged_in, live_server, encounter):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/history/")
    quality = page.locator("[data-quality-for='area_sit_bone__right']")
    assert not quality.is_visible()  # nothing to describe before the region is marked
    page.locator(".region[data-field='area_sit_bone__right']").tap()
    # the region's own save state is in the folded list of regions (shown if a save fails)
    page.locator("#st-area_sit_bone__right .state-text", has_text="Saved").wait_for(
        state="attached"
    )
    assert page.locator(".region[data-field='area_sit_bone__right'].marked").count() == 1
    quality.wait_for(state="visible")
    quality.locator("label.seg:has(input[value='burning'])").tap()
    page.locator("#st-area_sit_bone_quality__right .state-text", has_text="Saved").wait_for()
    assert "(burning)" in page.locator("#marked-regions").inner_text()
    answer = Answer.objects.get(encounter=encounter, item="area_sit_bone_quality", side="right")
    assert answer.value == "burning"
    page.reload()
    assert page.locator(".region[data-field='area_sit_bone__right'].marked").count() == 1
    assert quality.locator("input[value='burning']").is_checked()
    assert "(burning)" in page.locator("#marked-regions").inner_text()
    # unmarking hides the quality again
    page.locator(".region[data-field='area_sit_bone__right']").tap()
    # the region's own save state is in the folded list of regions (shown if a save fails)
    page.locator("#st-area_sit_bone__right .state-text", has_text="Saved").wait_for(
        state="attached"
    )
    assert not quality.is_visible()
    assert page.console_errors == []


# --- Live strength deficit ----------------------------------------------------------------------


def test_strength_deficit_updates_while_typing_in_the_row_and_the_panel(
    logged_in, live_server, encounter
):
    page = logged_in
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/strength/?mode=complete")
        row = page.locator("#deficit-strength_ext_force")
        panel_line = page.locator("#live-panel li[data-movement='Hip extension']")
        left = page.locator("input[name='strength_ext_force__left']")
        right = page.locator("input[name='strength_ext_force__right']")
        if orientation == "portrait":
            assert "enter both sides" in row.inner_text()
            assert not panel_line.is_visible()
            left.type("25")
            left.press("Tab")
            page.locator("#st-strength_ext_force__left .state-text", has_text="Saved").wait_for()
            right.tap()
            right.type("2")
            assert "92% deficit, right weaker" in row.inner_text()
            right.type("0")  # 20 kg: typed, not saved yet
            assert not Answer.objects.filter(
                encounter=encounter, item="strength_ext_force", side="right"
            ).exists()
            assert "20% deficit, right weaker — flagged (over 10%)" in row.inner_text()
            if page.locator("[data-sheet-toggle]").is_visible():
                page.locator("[data-sheet-toggle]").tap()
            assert "20% deficit, right weaker" in panel_line.inner_text()
            assert panel_line.is_visible()
            right.press("Tab")
            page.locator("#st-strength_ext_force__right .state-text", has_text="Saved").wait_for()
            page.locator("#strength-deficits td", has_text="20% deficit").wait_for()
            row.scroll_into_view_if_needed()
            shot(page, f"i12b-strength-{orientation}")
        else:
            # after a reload the server says the same: the engine is the source of truth
            assert "20% deficit, right weaker — flagged (over 10%)" in row.inner_text()
            assert "20% deficit, right weaker" in panel_line.inner_text()
            right.fill("")
            right.type("24")
            assert "4% deficit, right weaker" in row.inner_text()
            assert "flagged" not in row.inner_text()
            row.scroll_into_view_if_needed()
            shot(page, f"i12b-strength-{orientation}")
    assert page.console_errors == []


# --- Red flags on screen ------------------------------------------------------------------------


def test_a_positive_red_flag_shows_a_banner_with_its_action_on_every_step(
    logged_in, live_server, encounter
):
    page = logged_in
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/red-flags/")
    banner = page.locator("#redflag-page-banner")
    assert not banner.is_visible()
    no = page.locator("label.seg:has(input[name='rf_saddle_numbness'][value='no'])")
    no.tap()
    page.locator("#st-rf_saddle_numbness .state-text", has_text="Saved").wait_for()
    no_colour = no.locator("span").evaluate("e => getComputedStyle(e).backgroundColor")
    yes = page.locator("label.seg:has(input[name='rf_bladder_change'][value='yes'])")
    yes.tap()
    page.locator("#st-rf_bladder_change .state-text", has_text="Saved").wait_for()
    # the banner arrives with the autosave (out of band), full width above the step and panel
    banner.wait_for(state="visible")
    assert "cauda equina syndrome" in banner.inner_text()
    assert "emergency" in banner.inner_text().lower()
    width = page.evaluate("document.documentElement.clientWidth")
    assert banner.bounding_box()["width"] >= width - 40
    # the positive answer looks clearly different from an ordinary selected answer
    yes_colour = yes.locator("span").evaluate("e => getComputedStyle(e).backgroundColor")
    assert yes_colour == "rgb(179, 38, 30)" and yes_colour != no_colour
    assert yes.locator("span").evaluate("e => getComputedStyle(e, '::before').content") == '"⚠ "'
    yes.scroll_into_view_if_needed()
    shot(page, "i12b-redflag-positive-portrait")
    for slug in ("history", "palpation", "strength", "neuro"):
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/{slug}/")
        assert banner.is_visible(), slug
        assert "cauda equina syndrome" in banner.inner_text()
    page.set_viewport_size(LANDSCAPE)
    shot(page, "i12b-redflag-banner-landscape")
    assert_axe_clean(page, "neuro with a red flag, landscape")
    page.set_viewport_size(PORTRAIT)
    # answering it "no" removes the banner again
    page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/red-flags/")
    page.locator("label.seg:has(input[name='rf_bladder_change'][value='no'])").tap()
    page.locator("#st-rf_bladder_change .state-text", has_text="Saved").wait_for()
    banner.wait_for(state="hidden")
    assert page.console_errors == []


# --- Offline ------------------------------------------------------------------------------------

OFFLINE_TEXT = (
    "Offline — your answers are kept on this tablet and will be saved when the connection is back"
)


def test_offline_banner_save_and_continue_stays_and_answers_are_saved_when_back(
    logged_in, live_server, encounter
):
    page = logged_in
    step_url = f"{live_server.url}/encounters/{encounter.pk}/step/nerve/"
    page.goto(step_url)
    banner = page.locator("#offline-banner")
    assert not banner.is_visible()
    page.context.set_offline(True)
    banner.wait_for(state="visible")
    assert banner.inner_text().strip() == OFFLINE_TEXT
    page.locator("label.seg:has(input[name='slump__right'][value='positive'])").tap()
    page.locator("#st-slump__right", has_text="Not saved — no connection").wait_for()
    shot(page, "i12b-offline-portrait")
    # "Save and continue" while offline (the bottom bar's, in reach without scrolling): same
    # page, a clear message, no browser error page; the message is brought into view above the
    # bottom sheet, not hidden under it.
    page.locator(".sheet").get_by_role("button", name="Save and continue").tap()
    message = page.locator("#offline-submit-message")
    message.wait_for(state="visible")
    page.wait_for_function(
        """() => {
          const m = document.getElementById('offline-submit-message').getBoundingClientRect();
          const sheet = document.querySelector('.sheet').getBoundingClientRect();
          return m.top >= 0 && m.bottom <= sheet.top;
        }"""
    )
    assert "you are still on this step and nothing is lost" in message.inner_text()
    assert page.url == step_url
    assert page.locator("h1").inner_text() == "Nerve and tendon tension tests"
    assert page.locator("input[name='slump__right'][value='positive']").is_checked()
    message.scroll_into_view_if_needed()
    shot(page, "i12b-offline-save-and-continue-portrait")
    assert not Answer.objects.filter(encounter=encounter).exists()
    # the connection comes back: the kept answer is sent by itself, the banner goes
    page.context.set_offline(False)
    page.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    banner.wait_for(state="hidden")
    assert not message.is_visible()
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "positive"
    # and "Save and continue" works again
    page.locator(".sheet").get_by_role("button", name="Save and continue").tap()
    page.wait_for_url(lambda url: url.endswith("/step/movement/"))
    # only the browser's and htmx's own reports of the requests that could not be sent
    expected = ("ERR_INTERNET_DISCONNECTED", "htmx:afterRequest", "htmx:sendError")
    assert [e for e in page.console_errors if not any(x in e for x in expected)] == [], (
        page.console_errors
    )


def test_a_failed_request_alone_shows_the_offline_banner_and_the_restore_note_says_why(
    logged_in, live_server, encounter
):
    """The tablet thinks it is online, but requests fail (e.g. the clinic Wi-Fi lost the
    uplink): the banner comes from the failed request; after a reload, the restore note names
    the connection, not a sign-out."""
    page = logged_in
    step_url = f"{live_server.url}/encounters/{encounter.pk}/step/nerve/"
    page.goto(step_url)
    page.route("**/answer/", lambda route: route.abort("internetdisconnected"))
    page.locator("label.seg:has(input[name='slump__right'][value='negative'])").tap()
    page.locator("#offline-banner").wait_for(state="visible")
    assert not Answer.objects.filter(encounter=encounter).exists()
    page.unroute("**/answer/")
    page.reload()  # the kept answer is restored and sent again
    note = page.locator("#restored-note")
    note.wait_for(state="visible")
    assert "kept on this tablet while the connection was down" in note.inner_text()
    assert "signed out" not in note.inner_text()
    page.locator("#st-slump__right .state-text", has_text="Saved").wait_for()
    assert Answer.objects.get(encounter=encounter, item="slump", side="right").value == "negative"
    assert not page.locator("#offline-banner").is_visible()


# --- Summary "why" table at 810 px portrait -----------------------------------------------------


def test_summary_why_table_reads_at_810_portrait(logged_in, live_server, encounter, clinician):
    from exam.services import encounter_record_answer
    from tests.exam.test_focused_b_views import REFERENCE_FINDINGS

    for code, side, value in REFERENCE_FINDINGS:
        encounter_record_answer(
            encounter=encounter,
            item_code=code,
            side="right" if side else None,
            value=value,
            by=clinician,
        )
    page = logged_in
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/encounters/{encounter.pk}/step/summary/")
        for details in page.locator("details.why-trail").all():
            details.evaluate("d => d.open = true")
        numbers = page.locator(".why-trail .nowrap, .working-big .nowrap")
        assert numbers.count() >= 20
        broken = page.evaluate(
            """() => [...document.querySelectorAll('.why-trail .nowrap, .working-big .nowrap')]
                 .filter(e => {
                   const text = document.createRange();
                   text.selectNodeContents(e);
                   const lines = new Set([...text.getClientRects()].map(r => Math.round(r.top)));
                   return lines.size > 1;
                 })
                 .map(e => e.textContent)"""
        )
        assert broken == [], broken
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"summary scrolls sideways in {orientation}"
        page.locator(".why-trail table").first.scroll_into_view_if_needed()
        shot(page, f"i12b-summary-why-{orientation}")
        if orientation == "portrait":
            assert_axe_clean(page, "summary portrait")
