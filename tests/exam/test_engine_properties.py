"""Property tests: invariants of the engine over random but valid encounters."""

import json
import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exam.engine import Finding, assess, effective_lrs
from exam.protocol import NOT_TESTED_REASONS, get_protocol

PROTOCOL = get_protocol()
SLOTS = [(i, s) for i in PROTOCOL.items for s in (("left", "right") if i.side_aware else (None,))]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def values_for(item):
    kind = item.answer_type
    if item.choices:
        return st.sampled_from(item.choice_values)
    if kind == "region":
        return st.booleans()
    if kind == "text":
        return st.text(max_size=40)
    if kind in ("pain_0_10", "mrc_0_5", "minutes"):
        return st.integers(int(item.min_value), int(item.max_value))
    return st.floats(item.min_value, item.max_value, allow_nan=False, allow_infinity=False)


@st.composite
def findings(draw, max_size=40):
    chosen = draw(
        st.lists(
            st.sampled_from(SLOTS),
            max_size=max_size,
            unique_by=lambda slot: (slot[0].code, slot[1]),
        )
    )
    result = []
    for item, side in chosen:
        value = draw(values_for(item))
        reason = None
        if value == "not_tested" and draw(st.booleans()):
            reason = draw(st.sampled_from(NOT_TESTED_REASONS))
        result.append(Finding(item.code, side, value, reason))
    return result


sides = st.sampled_from(["left", "right", "both", None])


def probabilities(result):
    return {h.code: h.probability for h in result.hypotheses}


@SETTINGS
@given(findings(), sides)
def test_probabilities_are_valid_and_families_sum_their_members(fs, side):
    result = assess(fs, symptomatic_side=side)
    probs = probabilities(result)
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-9)
    for family, total in result.families.items():
        members = sum(h.probability for h in result.hypotheses if h.family == family)
        assert math.isclose(total, members, abs_tol=1e-12)
    assert result.working_hypothesis.code == result.hypotheses[0].code


@SETTINGS
@given(findings(), sides)
def test_same_input_same_output(fs, side):
    first = json.dumps(assess(fs, symptomatic_side=side).to_dict(), sort_keys=True)
    second = json.dumps(assess(list(fs), symptomatic_side=side).to_dict(), sort_keys=True)
    assert first == second


@SETTINGS
@given(findings(), sides)
def test_any_red_flag_means_referral(fs, side):
    result = assess(fs, symptomatic_side=side)
    assert result.referral_required is bool(result.red_flags)
    if result.red_flags:
        assert result.treatment_path.kind == "red_flag"
        assert result.working_hypothesis.red_flag_override is not None
        assert result.next_tests == () and result.stop_testing


@SETTINGS
@given(findings(), sides, st.sampled_from([rf for rf in PROTOCOL.red_flags]), st.data())
def test_a_positive_red_flag_screen_item_always_refers(fs, side, red_flag, data):
    code = data.draw(st.sampled_from(red_flag.items))
    item = PROTOCOL.items_by_code[code]
    value = {"yes_no_unsure": "yes", "test_result": "positive", "mrc_0_5": 2}[item.answer_type]
    finding_side = data.draw(st.sampled_from(["left", "right"])) if item.side_aware else None
    base = [f for f in fs if not (f.item == code and f.side == finding_side)]
    result = assess(base + [Finding(code, finding_side, value)], symptomatic_side=side)
    assert result.referral_required
    assert red_flag.code in {r.code for r in result.red_flags}


@SETTINGS
@given(findings(), sides, st.data())
def test_not_tested_never_changes_the_assessment(fs, side, data):
    taken = {(f.item, f.side) for f in fs}
    open_slots = [(i, s) for i, s in SLOTS if i.accepts_reason and (i.code, s) not in taken]
    extra_slots = data.draw(
        st.lists(
            st.sampled_from(open_slots), max_size=10, unique_by=lambda slot: (slot[0].code, slot[1])
        )
    )
    extra = [
        Finding(i.code, s, "not_tested", data.draw(st.sampled_from((None,) + NOT_TESTED_REASONS)))
        for i, s in extra_slots
    ]
    before = assess(fs, symptomatic_side=side)
    after = assess(fs + extra, symptomatic_side=side)
    assert probabilities(before) == probabilities(after)
    assert before.families == after.families
    assert before.red_flags == after.red_flags
    assert before.working_hypothesis == after.working_hypothesis
    assert before.inconsistent == after.inconsistent
    assert before.sij_cluster == after.sij_cluster
    assert before.pain_mechanism == after.pain_mechanism
    assert before.treatment_path == after.treatment_path


def multipliers(item, value):
    """Per-hypothesis factor a single answer applies when its dependency groups are empty."""
    lrs = {}
    for ev in PROTOCOL.evidence_by_item.get(item.code, ()):
        polarity = ev.polarity(item, value)
        if polarity:
            lr_pos, lr_neg = effective_lrs(ev)
            lrs.setdefault(ev.hypothesis, []).append(lr_pos if polarity > 0 else lr_neg)
    return {
        h: max([x for x in v if x > 1] or [1]) * min([x for x in v if x < 1] or [1])
        for h, v in lrs.items()
    }


def group_members(code):
    """Items sharing a dependency group or a cluster with `code` (including itself)."""
    keys = {ev.group_key for ev in PROTOCOL.evidence_by_item.get(code, ())}
    members = {ev.item for ev in PROTOCOL.evidence if ev.group_key in keys} | {code}
    for rule in PROTOCOL.clusters:
        if code in {c for c, _ in rule.members}:
            members |= {c for c, _ in rule.members}
    return members


LINKED_ITEMS = sorted({ev.item for ev in PROTOCOL.evidence})


def isolated_change(fs, side, data, pick_extreme):
    """Add one informative answer to an otherwise empty dependency group.

    Returns (hypothesis, before, after) where the answer gives `hypothesis` the most extreme
    multiplier of all hypotheses, or None if the drawn answer does not qualify.
    """
    item = PROTOCOL.items_by_code[data.draw(st.sampled_from(LINKED_ITEMS))]
    value = data.draw(values_for(item))
    factors = multipliers(item, value)
    if not factors:
        return None
    target, factor = pick_extreme(factors.items(), key=lambda kv: kv[1])
    others = [f for h, f in factors.items() if h != target]
    if factor == 1.0 or any(f == factor for f in others):
        return None
    members = group_members(item.code)
    base = [f for f in fs if f.item not in members]
    if item.step == "history":  # the history cap: keep the base free of other history
        base = [f for f in base if PROTOCOL.items_by_code[f.item].step != "history"]
    finding_side = None
    if item.side_aware:
        finding_side = side if side in ("left", "right") else "left"
    before = assess(base, symptomatic_side=side)
    after = assess(base + [Finding(item.code, finding_side, value)], symptomatic_side=side)
    return target, factor, before, after


@SETTINGS
@given(findings(), sides, st.data())
def test_a_supporting_finding_never_lowers_its_hypothesis(fs, side, data):
    outcome = isolated_change(fs, side, data, max)
    assume(outcome is not None and outcome[1] > 1.0)
    target, _, before, after = outcome
    assert probabilities(after)[target] >= probabilities(before)[target] - 1e-12


@SETTINGS
@given(findings(), sides, st.data())
def test_an_opposing_finding_never_raises_its_hypothesis(fs, side, data):
    outcome = isolated_change(fs, side, data, min)
    assume(outcome is not None and outcome[1] < 1.0)
    target, _, before, after = outcome
    assert probabilities(after)[target] <= probabilities(before)[target] + 1e-12


def test_a_side_not_tested_leaves_the_other_sides_negative_counted():
    """Regression found by Hypothesis: with both sides counted, a negative SIJ test on one side
    and "not tested" on the other is one negative, as if the other side had no answer."""
    negative_right = [Finding("sij_thigh_thrust", "right", "negative")]
    before = assess(negative_right, symptomatic_side="both")
    after = assess(
        negative_right + [Finding("sij_thigh_thrust", "left", "not_tested")],
        symptomatic_side="both",
    )
    assert before.sij_cluster.negatives == 1
    assert after.sij_cluster == before.sij_cluster
