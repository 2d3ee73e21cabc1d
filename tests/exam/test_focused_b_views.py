"""Issue #12 part B over HTTP (no browser, so also the no-JavaScript path)."""

import re

import pytest
from django.urls import reverse

from tests.exam.test_views import HX, autosave, stored

pytestmark = pytest.mark.django_db


def deficit_line(html: str) -> str:
    match = re.search(r'id="deficit-strength_ext_force"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no side-to-side line in the hip extension row"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_no_js_strength_form_shows_the_deficit_after_saving(client_a, encounter_a):
    """encounter_a is left-sided: the left is compared with the right."""
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "strength"]))
    assert "enter both sides" in deficit_line(page.text)
    response = client_a.post(
        reverse("exam:step", args=[encounter_a.pk, "strength"]),
        {
            "strength_ext_force__left": "16",
            "strength_ext_force__left__version": "0",
            "strength_ext_force__right": "20",
            "strength_ext_force__right__version": "0",
            "go": "stay",
        },
    )
    assert response.status_code == 302
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "strength"]))
    assert "20% deficit, left weaker — flagged (over 10%)" in deficit_line(page.text)
    # the live panel lists it too, as a heuristic that is not weighted
    panel = page.text[page.text.index('id="live-panel"') :]
    assert "Hip extension: <span data-deficit-text>20% deficit, left weaker" in panel
    assert "not weighted in the ranking" in panel


def test_autosave_of_a_strength_number_returns_the_row_and_table_out_of_band(client_a, encounter_a):
    autosave(client_a, encounter_a, "strength_ext_force__left", "18")
    response = autosave(client_a, encounter_a, "strength_ext_force__right", "20")
    assert response.status_code == 200
    assert 'id="deficit-strength_ext_force"' in response.text
    assert "10% deficit, left weaker" in deficit_line(response.text)
    assert "flagged" not in deficit_line(response.text)  # 10% is not above the 10% flag
    assert re.search(r'id="strength-deficits" hx-swap-oob="true"', response.text)
    assert stored(encounter_a, "strength_ext_force", "right").value == 20


def test_other_steps_do_not_send_strength_fragments(client_a, encounter_a):
    response = client_a.post(
        reverse("exam:answer", args=[encounter_a.pk]),
        {"field": "slr__left", "slr__left": "negative", "slr__left__version": "0"},
        **HX,
    )
    assert response.status_code == 200
    assert 'id="deficit-' not in response.text
    assert 'id="strength-deficits"' not in response.text


REFERENCE_FINDINGS = [
    ("area_sit_bone", "left", True),
    ("agg_sitting", None, "yes"),
    ("quality_deep_ache", None, "yes"),
    ("puranen_orava", "left", "positive"),
    ("bent_knee_stretch", "left", "positive"),
    ("modified_bent_knee_stretch", "left", "positive"),
    ("palp_ischial_tuberosity", "left", "familiar"),
    ("slump", "left", "negative"),
    ("slr", "left", "negative"),
    ("fadir", "left", "negative"),
]


def test_summary_why_table_numbers_do_not_wrap_and_sources_are_listed_once(
    client_a, encounter_a, clinician_a
):
    from exam.services import encounter_record_answer

    for code, side, value in REFERENCE_FINDINGS:
        encounter_record_answer(
            encounter=encounter_a, item_code=code, side=side, value=value, by=clinician_a
        )
    page = client_a.get(reverse("exam:step", args=[encounter_a.pk, "summary"])).text
    why = page[page.index("Why — findings") : page.index('<ol class="refs">')]
    rows = re.findall(r"<tr><td>.*?</tr>", why, re.S)
    assert len(rows) >= 8
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        lr_cell = re.search(r'<td class="nowrap lr-cell">([\d.]+)</td>', row)
        assert lr_cell, row  # every LR in a cell that never wraps
        # the source column holds a reference number, never the citation sentence itself
        assert re.search(r'<span class="ref-num nowrap">\[\d+\]</span>', cells[3]), row
        assert len(re.sub(r"<[^>]+>", "", cells[3])) < 200, row
    for band in re.findall(r"<summary><span>.*?</summary>", why, re.S):
        assert re.search(r'<span class="nowrap">(about|under|over) \d+ %</span>', band), band
    refs = page[
        page.index('<ol class="refs">') : page.index("</ol>", page.index('<ol class="refs">'))
    ]
    citations = re.findall(r'<li value="(\d+)" id="ref-\d+">(.*?)</li>', refs, re.S)
    assert [int(n) for n, _ in citations] == list(range(1, len(citations) + 1))
    sentences = [c.split(' <span class="muted">')[0] for _, c in citations]
    assert len(set(sentences)) == len(sentences)  # each source listed once
    for sentence in sentences:
        assert sentence not in why, sentence  # ...and never repeated in the rows
