"""A three-visit improving gluteal-tendinopathy course in a real browser (issue #14): the patient
page shows average pain 7 -> 4 -> 2 and phase 1 -> 2 -> 3 with the trend charts, the last
visit's summary shows the charts and statements, and both stay axe-clean in both orientations.

The course is built by seed_demo's own builder (the real services: answers, outcome values,
phase reviews, decisions, signing), so `make run` shows exactly what is tested here.
"""

import re

import pytest

from clinic.management.commands.seed_demo import seed_course
from tests.browser.conftest import LANDSCAPE, PORTRAIT, assert_axe_clean, shot
from tests.factories import make_patient

pytestmark = pytest.mark.browser


@pytest.fixture
def course(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Improvy", family_name="Testcourse"
    )
    seed_course(patient, clinician)
    return patient


def test_three_visit_course_shows_pain_phase_and_charts(logged_in, live_server, course):
    page = logged_in
    for orientation, viewport in [("portrait", PORTRAIT), ("landscape", LANDSCAPE)]:
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/patients/{course.pk}/")
        rows = page.locator("#timeline .timeline-table tbody tr")
        assert rows.count() == 3
        headers = page.locator("#timeline .timeline-table thead th").all_inner_texts()
        cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
        column = {name: [c[headers.index(name)] for c in cells] for name in headers}
        assert column["Average pain (week)"] == ["7/10", "4/10", "2/10"]
        assert column["Pain now"] == ["7/10", "4/10", "2/10"]
        assert column["Phase"] == ["1", "2", "3"]
        charts = page.locator("#timeline svg.trend-chart")
        assert charts.count() >= 4
        pain_chart = charts.first
        assert "Average pain across visits" in pain_chart.get_attribute("aria-label")
        assert "Visit 1" in pain_chart.get_attribute("aria-label")
        label = pain_chart.get_attribute("aria-label")
        assert re.search(r"Visit 1 [^:]+: 7; Visit 2 [^:]+: 4; Visit 3 [^:]+: 2", label)
        box = pain_chart.bounding_box()
        assert box["width"] >= 280 and box["height"] >= 150  # drawn, not collapsed
        body = page.locator("#timeline").inner_text()
        assert "Average pain fell by 5 points (7 to 2), more than the 2-point change" in body
        assert "Improving" in body
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"patient page scrolls sideways in {orientation}"
        shot(page, f"course-patient-{orientation}")
        assert_axe_clean(page, f"patient page ({orientation})")

        last = course.encounters.order_by("-visit_number").first()
        page.goto(f"{live_server.url}/encounters/{last.pk}/step/summary/")
        summary = page.locator("#since-last-visit")
        assert summary.locator("svg.trend-chart").count() >= 4
        text = summary.inner_text()
        assert "2 → 3" in text and "Proposal: advance" in text
        assert "Average pain fell by 5 points (7 to 2)" in text
        shot(page, f"course-summary-{orientation}")
        assert_axe_clean(page, f"summary ({orientation})")
    assert page.console_errors == []
