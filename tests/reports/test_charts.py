"""Outcome trend charts (reports/charts.py): SVG with the values and the cited threshold."""

import re

from weasyprint import HTML

from exam.protocol.outcomes import GROC, HIP_ABDUCTION_RATIO, NPRS_AVERAGE, SLS_PAIN_ONSET
from reports.charts import TOP, Visit, trend_chart_svg
from tests.reports.conftest import pdf_pages_text

DATES = ("3 Nov", "24 Nov", "22 Dec")


def visits(*values):
    return [Visit(f"Visit {i}", DATES[i - 1], v) for i, v in enumerate(values, start=1)]


def dashed_lines(svg: str) -> list[float]:
    return [
        float(y) for y in re.findall(r'<line x1="[\d.]+" y1="([\d.]+)"[^>]*stroke-dasharray', svg)
    ]


def marker_ys(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]


def test_three_visits_of_pain_with_the_mic_line():
    svg = str(trend_chart_svg(NPRS_AVERAGE, visits(7, 4, 2)))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Visit 1 3 Nov: 7; Visit 2 24 Nov: 4; Visit 3 22 Dec: 2" in svg  # aria-label
    assert "lower is better" in svg
    ys = marker_ys(svg)
    assert len(ys) == 3 and ys[0] < ys[1] < ys[2]  # pain falls: markers go down the chart
    for value in ("7", "4", "2"):
        assert f">{value}</text>" in svg
    # The dashed line marks an important change from the first visit: 7 - 2 = 5 on the 0-10
    # axis, i.e. halfway between the 4 and the 7 marker in proportion.
    (line_y,) = dashed_lines(svg)
    y7, y4 = ys[0], ys[1]
    assert abs(line_y - (y7 + (y4 - y7) * 2 / 3)) < 0.2
    assert "important change, 2 points (Salaffi F et al. 2004)" in svg


def test_no_published_threshold_uses_the_measurement_error_and_says_so():
    svg = str(trend_chart_svg(HIP_ABDUCTION_RATIO, visits(70, 80, 95)))
    assert "measurement error, 12% (Thorborg K et al. 2010)" in svg
    assert "no published threshold" in svg
    assert len(dashed_lines(svg)) == 1


def test_nothing_to_judge_against_draws_no_threshold_and_says_why():
    svg = str(trend_chart_svg(SLS_PAIN_ONSET, visits(5, 12, 30)))
    assert dashed_lines(svg) == []
    assert "No published threshold and no measurement error found" in svg


def test_groc_has_its_zero_line_and_a_gap_for_the_first_visit():
    svg = str(trend_chart_svg(GROC, visits(None, 3, 5)))
    assert len(marker_ys(svg)) == 2 and "not recorded" in svg
    assert "0 = about the same" in svg and len(dashed_lines(svg)) == 1


def test_caller_text_is_escaped_and_the_svg_has_no_script_or_style():
    svg = str(trend_chart_svg(NPRS_AVERAGE, [Visit("<script>x</script>", '"a"', 5)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg and "<style" not in svg
    assert all(y >= TOP for y in marker_ys(svg))


def test_no_values_no_chart():
    assert str(trend_chart_svg(NPRS_AVERAGE, visits(None, None))) == ""


def test_weasyprint_renders_the_chart_with_its_text():
    svg = trend_chart_svg(NPRS_AVERAGE, visits(7, 4, 2))
    pdf = HTML(string=f"<html><body><p>Progress</p>{svg}</body></html>").write_pdf()
    text = pdf_pages_text(pdf)[0]
    assert "Average pain" in text and "Salaffi" in text and "Visit 3" in text


def test_progress_panels_for_an_improving_gluteal_course():
    from reports.charts import CourseVisit, course_trend, progress_panels

    course = [
        CourseVisit("Visit 1", "3 Nov", {"nprs_average": 7, "psfs_1": 3, "psfs_2": 4}),
        CourseVisit("Visit 2", "24 Nov", {"nprs_average": 4, "psfs_1": 5, "psfs_2": 6, "groc": 3}),
        CourseVisit("Visit 3", "22 Dec", {"nprs_average": 2, "psfs_1": 8, "psfs_2": 7, "groc": 5}),
    ]
    panels = progress_panels(course)
    assert [p.measure.code for p in panels] == ["nprs_average", "psfs_mean", "groc"]
    pain = panels[0]
    assert pain.latest == 2 and "fell by 5 points (7 to 2)" in pain.statement
    assert "out of 10" in pain.patient_statement and "<svg" in pain.chart
    assert panels[1].change.first == 3.5 and panels[1].change.latest == 7.5
    assert course_trend(panels) == "improving"


def test_a_single_visit_shows_its_value_and_waits_for_the_next():
    from reports.charts import CourseVisit, progress_panels

    (panel,) = progress_panels([CourseVisit("Visit 1", "3 Nov", {"nprs_average": 7})])
    assert panel.change is None and "7 points so far" in panel.statement
    assert panel.patient_statement == ""
