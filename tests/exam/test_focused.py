"""Focused exam (issue #12): suggested tests first from the engine's ranking, the rest folded;
the complete exam shows every test as before. The mode is remembered per encounter."""

import pytest
from django.urls import reverse

from exam.services import assessment_for


def step_url(encounter, step, mode=""):
    url = reverse("exam:step", args=[encounter.pk, step])
    return f"{url}?mode={mode}" if mode else url


@pytest.mark.django_db
def test_focused_puts_the_engines_suggestions_first_and_folds_the_rest(client_a, encounter_a):
    ranked = [t for t in assessment_for(encounter_a).next_test_details if t.step == "nerve"]
    assert ranked, "the engine suggests nerve tests for an empty encounter"
    page = client_a.get(step_url(encounter_a, "nerve", "focused")).text
    suggested = page.index("Suggested for this patient")
    first_fold = page.index('<details class="group-fold">')
    for test in ranked[:4]:
        position = page.index(f'id="item-{test.item}"')
        assert suggested < position < first_fold, test.item
        assert f"Suggested: {test.reason}" in page
    for test in ranked[4:]:
        assert page.index(f'id="item-{test.item}"') > first_fold
    assert "Complete exam (show every test)" in page
    # remembered for this encounter, without the parameter
    again = client_a.get(step_url(encounter_a, "movement")).text
    assert "Suggested for this patient" in again and '<details class="group-fold">' in again


@pytest.mark.django_db
def test_complete_shows_everything_as_before(client_a, encounter_a):
    client_a.get(step_url(encounter_a, "nerve", "focused"))
    page = client_a.get(step_url(encounter_a, "nerve", "complete")).text
    assert "Suggested for this patient" not in page
    assert '<details class="group-fold">' not in page
    assert "Focused exam (suggested tests first)" in page
    history = client_a.get(step_url(encounter_a, "history", "focused")).text
    assert "Suggested for this patient" not in history  # history and red flags: always complete


@pytest.mark.django_db
def test_a_new_encounter_opens_focused_and_a_fold_counts_its_answers(
    client_a, encounter_a, clinician_a
):
    from exam.services import encounter_record_answer, protocol_for

    page = client_a.get(step_url(encounter_a, "movement")).text  # no ?mode=: the default
    assert "Suggested for this patient" in page
    assert "Complete exam (show every test)" in page
    suggested = {t.item for t in assessment_for(encounter_a).next_test_details}
    folded = next(
        i
        for i in protocol_for(encounter_a).items_for_step("movement")
        if i.code not in suggested and i.side_aware and i.choices
    )
    encounter_record_answer(
        encounter=encounter_a,
        item_code=folded.code,
        side="left",
        value=folded.choices[0][0],
        by=clinician_a,
    )
    page = client_a.get(step_url(encounter_a, "movement")).text
    fold = page[: page.index(f'id="item-{folded.code}"')].rsplit('<details class="group-fold">', 1)
    assert len(fold) == 2, "the answered test sits in a folded group"
    assert "· 1 answered</span></summary>" in fold[1]
