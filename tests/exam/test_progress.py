"""Progress across visits (exam/progress.py): statements, phase proposal, not-improving prompt."""

import pytest

from exam import progress as p
from exam.engine import assess
from exam.protocol import get_protocol
from exam.protocol.outcomes import (
    GROC,
    HIP_ABDUCTION_RATIO,
    NPRS_AVERAGE,
    PSFS_MEAN,
    SLS_PAIN_ONSET,
    VISA_G,
    get_outcome,
)


def change(measure, *values):
    return p.measure_change(measure, list(values))


def test_the_issue_s_example_statement():
    c = change(NPRS_AVERAGE, 7, 4)
    assert c.verdict == p.IMPROVED
    assert p.progress_statement(c) == (
        "Average pain fell by 3 points (7 to 4), more than the 2-point change that patients "
        "notice (Salaffi F et al. 2004)."
    )


def test_first_to_latest_across_three_visits():
    c = change(NPRS_AVERAGE, 7, 4, 2)
    assert (c.first, c.latest, c.visits, c.gain) == (7, 2, 3, 5)
    assert "fell by 5 points (7 to 2)" in p.progress_statement(c)


@pytest.mark.parametrize(
    ("values", "verdict", "words"),
    [
        ((7, 6), p.NO_CLEAR_CHANGE, "less than the 2-point change"),
        ((7, 5), p.IMPROVED, "as much as the 2-point change"),
        ((4, 7), p.WORSE, "rose by 3 points (4 to 7): worse by at least the 2-point"),
        ((5, 5), p.NO_CLEAR_CHANGE, "unchanged at 5 points."),
    ],
)
def test_pain_changes_are_judged_against_the_mic(values, verdict, words):
    c = change(NPRS_AVERAGE, *values)
    assert c.verdict == verdict
    statement = p.progress_statement(c)
    assert words.replace(": worse", ", worse") in statement or words in statement


def test_higher_is_better_measures_count_a_rise_as_improvement():
    c = change(PSFS_MEAN, 3, 6)
    assert c.verdict == p.IMPROVED
    assert "2.3-point change that patients notice (Abbott JH & Schmitt JS 2014)" in (
        p.progress_statement(c)
    )
    assert change(PSFS_MEAN, 6, 3).verdict == p.WORSE


def test_no_published_threshold_falls_back_to_the_measurement_error():
    c = change(HIP_ABDUCTION_RATIO, 70, 90)
    assert c.verdict == p.IMPROVED
    assert p.progress_statement(c) == (
        "Abduction strength rose by 20% (70 to 90). No published threshold; that is more than "
        "the measurement error of 12% (Thorborg K et al. 2010)."
    )
    assert change(HIP_ABDUCTION_RATIO, 70, 75).verdict == p.NO_CLEAR_CHANGE


def test_without_threshold_or_error_the_change_is_not_judged():
    for measure in (SLS_PAIN_ONSET, VISA_G):
        c = change(measure, 10, 20)
        assert c.verdict == p.UNJUDGED
        assert "No published threshold, and no measurement error was found" in (
            p.progress_statement(c)
        )


def test_groc_is_read_as_the_patient_s_own_rating():
    assert change(GROC, None, 3).verdict == p.IMPROVED
    assert change(GROC, 2, -1).verdict == p.WORSE
    assert change(GROC, 0).verdict == p.NO_CLEAR_CHANGE
    assert "+3 on -7 to +7 (better" in p.progress_statement(change(GROC, 3))
    assert change(GROC) is None


def test_one_value_is_not_a_change():
    assert change(NPRS_AVERAGE, 7) is None
    assert change(NPRS_AVERAGE, None, 7, None) is None


def test_patient_words_have_no_sources_and_say_what_changed():
    text = p.patient_statement(change(NPRS_AVERAGE, 7, 4, 2))
    assert text == (
        "Your average pain over the last week: gone down from 7 to 2 out of 10. That is a real "
        "improvement."
    )
    assert "Salaffi" not in text
    assert "worse" in p.patient_statement(change(NPRS_AVERAGE, 3, 7))
    assert "seconds" in p.patient_statement(change(SLS_PAIN_ONSET, 5, 15))
    assert (
        p.patient_statement(change(GROC, 4)) == "You feel you are better than at your first visit."
    )


def test_overall_trend():
    improving = [change(NPRS_AVERAGE, 7, 4)]
    assert p.overall_trend(improving) == p.IMPROVING
    assert p.overall_trend(improving + [change(PSFS_MEAN, 6, 3)]) == p.WORSENING
    assert p.overall_trend([change(NPRS_AVERAGE, 7, 6)]) == p.STABLE
    assert p.overall_trend([change(GROC, -2)]) == p.WORSENING
    # Performance tests alone do not decide, nor do unjudged changes.
    assert p.overall_trend([change(HIP_ABDUCTION_RATIO, 70, 95)]) == p.UNKNOWN
    assert p.overall_trend([change(VISA_G, 40, 80)]) == p.UNKNOWN
    assert p.overall_trend([]) == p.UNKNOWN


KEYS = ("exercise-1", "exercise-2", "path-1")


def propose(criteria, trend, phase=1, phase_count=4):
    return p.propose_phase(
        criteria=criteria, criterion_keys=KEYS, trend=trend, phase=phase, phase_count=phase_count
    )


def test_all_criteria_met_and_improving_proposes_advance():
    result = propose(dict.fromkeys(KEYS, p.MET), p.IMPROVING)
    assert result.decision == p.ADVANCE and "All 3 criteria of phase 1" in result.reason


def test_a_criterion_not_met_or_not_marked_proposes_hold():
    result = propose({"exercise-1": p.MET, "exercise-2": p.NOT_MET}, p.IMPROVING)
    assert result.decision == p.HOLD
    assert "1 of 3 criteria" in result.reason and "1 not marked yet" in result.reason


def test_worsening_steps_back_except_in_the_first_phase():
    assert propose(dict.fromkeys(KEYS, p.MET), p.WORSENING, phase=2).decision == p.STEP_BACK
    first = propose(dict.fromkeys(KEYS, p.MET), p.WORSENING, phase=1)
    assert first.decision == p.HOLD and "working hypothesis" in first.reason


def test_last_phase_with_everything_met_holds():
    result = propose(dict.fromkeys(KEYS, p.MET), p.IMPROVING, phase=4, phase_count=4)
    assert result.decision == p.HOLD and "last phase" in result.reason


def test_stable_measures_still_advance_when_criteria_are_met_but_say_so():
    result = propose(dict.fromkeys(KEYS, p.MET), p.STABLE)
    assert result.decision == p.ADVANCE and "not yet changed" in result.reason


def test_gluteal_tendinopathy_not_improving_by_8_weeks_prompts_a_rethink():
    assert (
        p.not_improving(path_code="gluteal_tendinopathy", weeks_since_first=6, trend=p.STABLE)
        is None
    )
    prompt = p.not_improving(path_code="gluteal_tendinopathy", weeks_since_first=8, trend=p.STABLE)
    assert prompt is not None
    assert "8 weeks after the first visit" in prompt.reason and "by 8 weeks." in prompt.reason
    assert "Mellor" in prompt.citation and not prompt.estimate
    assert "Re-run the red-flag screen" in prompt.red_flag_summary


def test_improving_patients_get_no_prompt_and_worse_ones_always_do():
    assert (
        p.not_improving(path_code="gluteal_tendinopathy", weeks_since_first=20, trend=p.IMPROVING)
        is None
    )
    worse = p.not_improving(
        path_code="gluteal_tendinopathy", weeks_since_first=1, trend=p.WORSENING
    )
    assert worse is not None and "getting worse" in worse.reason


def test_estimated_times_are_labelled_in_the_prompt():
    prompt = p.not_improving(path_code="lumbar_radiculopathy", weeks_since_first=6, trend=p.STABLE)
    assert prompt is not None and prompt.estimate and "(clinical estimate)" in prompt.reason


def test_the_prompt_uses_today_s_assessment_for_tests_and_red_flags():
    protocol = get_protocol()
    assessment = assess([], symptomatic_side="right", protocol=protocol)
    prompt = p.not_improving(
        path_code="gluteal_tendinopathy",
        weeks_since_first=10,
        trend=p.STABLE,
        assessment=assessment,
    )
    expected = [t.label for t in assessment.next_test_details if t.could_change_working_hypothesis]
    assert expected and list(prompt.tests) == expected
    assert "Red-flag screen not complete today" in prompt.red_flag_summary
    assert not prompt.red_flags_positive


def test_a_positive_red_flag_today_is_named_in_the_prompt():
    protocol = get_protocol()
    flag = protocol.red_flags[0]
    item = protocol.items_by_code[flag.items[0]]
    from exam.engine import Finding

    value = "yes" if "yes" in item.choice_values else "positive"
    side = "left" if item.side_aware else None
    assessment = assess(
        [Finding(item=item.code, side=side, value=value)],
        symptomatic_side="right",
        protocol=protocol,
    )
    assert assessment.red_flags
    prompt = p.not_improving(
        path_code="gluteal_tendinopathy",
        weeks_since_first=1,
        trend=p.WORSENING,
        assessment=assessment,
    )
    assert prompt.red_flags_positive and assessment.red_flags[0].label in prompt.red_flag_summary


def test_short_source():
    assert p.short_source(get_outcome("nprs_average").mic_citation) == "Salaffi F et al. 2004"
