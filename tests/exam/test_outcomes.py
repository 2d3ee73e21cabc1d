"""The outcome-measure catalogue (exam/protocol/outcomes.py): cited thresholds and validation."""

import pytest

from exam.protocol import ProtocolError, get_protocol
from exam.protocol import sources as src
from exam.protocol.outcomes import (
    CHARTED_MEASURES,
    IMPROVEMENT_EXPECTED,
    NO_PUBLISHED_THRESHOLD,
    OUTCOME_MEASURES,
    OUTCOMES_BY_CODE,
    TOTAL_ONLY,
    get_outcome,
    improvement_expected,
    measures_for_path,
    psfs_mean,
    validate_outcome,
)
from exam.protocol.review import outcomes_markdown

SOURCE_TEXTS = [v for k, v in vars(src).items() if k.isupper() and isinstance(v, str)]


def cites_a_source(citation: str) -> bool:
    return any(text in citation for text in SOURCE_TEXTS) or citation.startswith(
        "Clinical estimate based on"
    )


def test_the_issue_s_measures_are_all_there():
    codes = set(OUTCOMES_BY_CODE)
    for code in (
        "nprs_average",
        "nprs_worst",
        "psfs_1",
        "psfs_2",
        "psfs_3",
        "psfs_activity_1",
        "psfs_mean",
        "groc",
        "sls_pain_onset",
        "hip_abduction_ratio",
        "visa_g",
        "visa_h",
    ):
        assert code in codes


@pytest.mark.parametrize("measure", list(OUTCOMES_BY_CODE.values()), ids=lambda m: m.code)
def test_every_score_has_a_range_a_direction_and_a_cited_threshold_or_says_none(measure):
    if not measure.is_score:
        assert measure.carry_forward  # PSFS activity names carry forward
        return
    assert measure.item.min_value is not None and measure.item.max_value is not None
    assert measure.better in ("lower", "higher")
    assert measure.unit
    if measure.mic is not None:
        assert cites_a_source(measure.mic_citation)
        assert measure.describe_threshold().startswith("Minimal important change")
    else:
        # No MIC: say so, and give the measurement error (or say none was found), cited.
        text = measure.describe_threshold()
        assert text.startswith(NO_PUBLISHED_THRESHOLD.capitalize())
        assert "measurement error" in text
        assert measure.error is not None or "no figure found" in measure.error_text
        assert cites_a_source(measure.error_citation)
    assert measure.licence


def test_published_thresholds_are_the_cited_figures():
    assert get_outcome("nprs_average").mic == 2  # Salaffi 2004: 2 points is "much better"
    assert get_outcome("psfs_mean").mic == 2.3  # Abbott & Schmitt 2014, medium change
    assert get_outcome("psfs_1").mic is None and get_outcome("psfs_1").error == 3  # Stratford
    assert get_outcome("hip_abduction_ratio").error == 12  # Thorborg 2010, upper end
    for code in ("groc", "sls_pain_onset", "visa_g", "visa_h"):
        assert get_outcome(code).mic is None and get_outcome(code).error is None


def test_questionnaires_without_a_verified_licence_are_totals_from_the_paper_form():
    for code in ("visa_g", "visa_h"):
        m = get_outcome(code)
        assert m.total_only and "not verified" in m.licence
        assert "paper form" in m.label and "not reproduced" in m.item.how
    assert "not reproduced" in TOTAL_ONLY


def test_condition_scores_are_offered_on_their_own_path_only():
    gt = {m.code for m in measures_for_path("gluteal_tendinopathy")}
    pht = {m.code for m in measures_for_path("proximal_hamstring_tendinopathy")}
    assert "visa_g" in gt and "visa_h" not in gt
    assert "visa_h" in pht and "visa_g" not in pht and "sls_pain_onset" not in pht
    assert {"nprs_average", "psfs_1", "groc"} <= gt & pht


@pytest.mark.parametrize(
    ("code", "value", "words"),
    [
        ("nprs_average", 11, "out of range"),
        ("nprs_worst", -1, "out of range"),
        ("nprs_average", 7.5, "not a whole number"),
        ("nprs_average", True, "not a number"),
        ("nprs_average", "7", "not a number"),
        ("groc", 8, "out of range"),
        ("visa_g", 101, "out of range"),
        ("visa_h", float("nan"), "not a finite number"),
        ("sls_pain_onset", 31, "out of range"),
        ("hip_abduction_ratio", -5, "out of range"),
        ("psfs_2", 12, "out of range"),
        ("psfs_activity_1", "x" * 501, "limit is 500"),
    ],
)
def test_impossible_values_are_refused_with_the_measure_named(code, value, words):
    with pytest.raises(ProtocolError) as exc:
        validate_outcome(code, value)
    message = str(exc.value)
    assert words in message
    assert get_outcome(code).label in message


def test_possible_values_come_back_normalised():
    assert validate_outcome("nprs_average", 7) == 7
    assert validate_outcome("nprs_average", 7.0) == 7
    assert validate_outcome("groc", -7) == -7
    assert validate_outcome("sls_pain_onset", 12) == 12.0
    assert validate_outcome("psfs_activity_1", "  Climbing stairs ") == "Climbing stairs"


def test_unknown_and_derived_codes_are_refused():
    with pytest.raises(ProtocolError, match="Unknown outcome measure"):
        validate_outcome("oswestry", 10)
    with pytest.raises(ProtocolError, match="worked out from the activity scores"):
        validate_outcome("psfs_mean", 5)


def test_psfs_mean_uses_the_activities_scored():
    assert psfs_mean({"psfs_1": 4, "psfs_2": 6}) == 5.0
    assert psfs_mean({"psfs_1": 3, "psfs_2": 4, "psfs_3": 4}) == 3.7
    assert psfs_mean({"psfs_activity_1": "Stairs"}) is None


def test_every_hypothesis_and_family_path_has_a_cited_or_estimated_time():
    paths = get_protocol().treatment_paths
    for code, path in paths.items():
        if path.kind == "red_flag":
            assert improvement_expected(code) is None
            continue
        expected = improvement_expected(code)
        assert expected is not None, code
        assert 1 <= expected.weeks <= 26
        assert cites_a_source(expected.citation)
        assert expected.estimate == expected.citation.startswith("Clinical estimate"), code
    assert set(IMPROVEMENT_EXPECTED) <= set(paths)
    assert improvement_expected("gluteal_tendinopathy").weeks == 8  # LEAP, 8 weeks
    assert not improvement_expected("gluteal_tendinopathy").estimate


def test_the_review_document_lists_the_catalogue():
    text = "\n".join(outcomes_markdown())
    for m in OUTCOME_MEASURES:
        assert f"| {m.code} |" in text
    assert "No published threshold" in text and "total only, from the paper form" in text
    assert "| gluteal_tendinopathy | 8 |" in text


def test_charted_measures_are_scores():
    assert all(m.is_score for m in CHARTED_MEASURES)
