"""Protocol 2027.01: pain quality per body-chart region and free-text notes (issue #12)."""

import pytest

from exam.engine import Finding, assess
from exam.protocol import PROTOCOL_VERSION, REGION, TEXT, get_protocol
from exam.protocol.v2027_01 import GENERAL_NOTE, NOTES_GROUP, note_code, quality_code

PROTOCOL = get_protocol("2027.01")
OLD = get_protocol("2026.12")
REFERENCE_CASE = [
    Finding("area_sit_bone", "right", True),
    Finding("agg_sitting", None, "yes"),
    Finding("quality_deep_ache", None, "yes"),
    Finding("puranen_orava", "right", "positive"),
    Finding("slump", "right", "negative"),
]


def run(findings, protocol=PROTOCOL):
    return assess(findings, symptomatic_side="right", protocol=protocol)


def prob(result, code):
    return next(h.probability for h in result.hypotheses if h.code == code)


def test_2027_01_is_derived_from_2026_12():
    assert PROTOCOL_VERSION >= "2027.01"
    old_codes = [i.code for i in OLD.items]
    new_codes = [i.code for i in PROTOCOL.items]
    assert [c for c in new_codes if c in old_codes] == old_codes  # nothing removed or reordered
    assert "area_buttock" in new_codes  # the generic buttock region
    assert all(i.code not in old_codes for i in PROTOCOL.items if i.group == NOTES_GROUP)


def test_every_region_has_a_pain_quality_item_right_after_it():
    codes = [i.code for i in PROTOCOL.items]
    regions = [i for i in PROTOCOL.items if i.answer_type == REGION]
    assert len(regions) >= 12
    for region in regions:
        quality = PROTOCOL.items_by_code[quality_code(region.code)]
        assert codes.index(quality.code) == codes.index(region.code) + 1
        assert quality.choice_values == ("ache", "burning", "tingling", "numb")
        assert quality.side_aware and quality.step == "history"


def test_every_quality_weight_is_a_labelled_estimate():
    links = [e for e in PROTOCOL.evidence if e.item.endswith("_quality")]
    assert links
    for link in links:
        assert link.estimate and link.citation.startswith("Clinical estimate")
        assert link.lr_neg == 1.0  # an unanswered or other quality is not evidence against


@pytest.mark.parametrize("quality", ["burning", "tingling"])
def test_burning_or_tingling_on_a_region_raises_the_nerve_hypotheses(quality):
    marked = run(
        [
            *REFERENCE_CASE,
            Finding("area_deep_buttock", "right", True),
            Finding("area_deep_buttock_quality", "right", quality),
        ]
    )
    plain = run([*REFERENCE_CASE, Finding("area_deep_buttock", "right", True)])
    for code in ("lumbar_radiculopathy", "sciatic_nerve_sensitisation"):
        assert prob(marked, code) > prob(plain, code)


def test_region_quality_and_the_history_question_count_once():
    """Same dependency group: burning in history plus on two regions = burning once."""
    history_only = run(
        [
            *REFERENCE_CASE,
            Finding("quality_burning", None, "yes"),
            Finding("area_posterior_thigh", "right", True),
        ]
    )
    both = run(
        [
            *REFERENCE_CASE,
            Finding("quality_burning", None, "yes"),
            Finding("area_sit_bone_quality", "right", "burning"),
            Finding("area_posterior_thigh", "right", True),
            Finding("area_posterior_thigh_quality", "right", "tingling"),
        ]
    )
    for h in history_only.hypotheses:
        assert prob(both, h.code) == pytest.approx(h.probability)


def test_numb_and_ache_feed_their_own_descriptors():
    numb = run(
        [
            *REFERENCE_CASE,
            Finding("area_below_knee", "right", True),
            Finding("area_below_knee_quality", "right", "numb"),
        ]
    )
    assert prob(numb, "lumbar_radiculopathy") > prob(run(REFERENCE_CASE), "lumbar_radiculopathy")
    ache_history = run([*REFERENCE_CASE[:2], *REFERENCE_CASE[3:]])
    ache_chart = run(
        [
            *REFERENCE_CASE[:2],
            *REFERENCE_CASE[3:],
            Finding("area_sit_bone_quality", "right", "ache"),
        ]
    )
    assert prob(ache_chart, "myofascial_trigger_points") > prob(
        ache_history, "myofascial_trigger_points"
    )


def test_a_quality_on_the_other_side_does_not_count():
    other = run([*REFERENCE_CASE, Finding("area_sit_bone_quality", "left", "burning")])
    assert other.hypotheses == run(REFERENCE_CASE).hypotheses


def test_there_is_a_note_per_step_and_a_general_note():
    notes = [i for i in PROTOCOL.items if i.group == NOTES_GROUP]
    assert {n.code for n in notes} == {note_code(s.slug) for s in PROTOCOL.steps} | {GENERAL_NOTE}
    for step in PROTOCOL.steps:
        assert PROTOCOL.items_by_code[note_code(step.slug)].step == step.slug
    assert all(n.answer_type == TEXT and not n.side_aware for n in notes)


def test_the_engine_ignores_free_text_notes():
    """Notes, even ones that read like findings, change nothing in the assessment."""
    notes = [
        Finding(note.code, None, "burning pain, saddle numbness, fever; SLR positive")
        for note in PROTOCOL.items
        if note.group == NOTES_GROUP
    ]
    assert len(notes) == len(PROTOCOL.steps) + 1
    assert not [e for e in PROTOCOL.evidence if e.item in {n.item for n in notes}]
    assert run([*REFERENCE_CASE, *notes]).to_dict() == run(REFERENCE_CASE).to_dict()


def test_the_quality_of_an_unmarked_region_is_not_read():
    burning = [Finding("area_deep_buttock_quality", "right", "burning")]
    assert run([*REFERENCE_CASE, *burning]).hypotheses == run(REFERENCE_CASE).hypotheses
    unmarked = [Finding("area_deep_buttock", "right", False), *burning]
    assert run([*REFERENCE_CASE, *unmarked]).hypotheses == run(REFERENCE_CASE).hypotheses
