"""The reasoning engine: clinical scenarios (data files) and the rules that make them work.

Pure-Python tests: no database, no Django request.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from exam import engine
from exam.engine import Finding, assess, effective_lrs
from exam.protocol import ProtocolError, get_protocol

PROTOCOL = get_protocol()
SCENARIO_DIR = Path(__file__).parent / "scenarios"
SCENARIOS = sorted(SCENARIO_DIR.glob("*.json"))
REPO_ROOT = Path(__file__).resolve().parents[2]


def run(findings, side="left"):
    return assess([Finding(*f) for f in findings], symptomatic_side=side)


def prob(result, code):
    return next(h.probability for h in result.hypotheses if h.code == code)


def uses(result, code):
    return next(h.evidence for h in result.hypotheses if h.code == code)


# --- Scenarios ----------------------------------------------------------------------------------


def test_there_are_at_least_twenty_scenarios():
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path):
    data = json.loads(path.read_text())
    expected = data["expected"]
    findings = [
        Finding(f["item"], f["side"], f["value"], f.get("reason"))
        for f in data["input"]["findings"]
    ]
    result = assess(findings, symptomatic_side=data["input"]["symptomatic_side"]).to_dict()

    tops = expected["top_hypothesis"]
    tops = tops if isinstance(tops, list) else [tops]
    families = expected["family"]
    families = families if isinstance(families, list) else [families]
    ranking = [(h["code"], round(h["probability"], 3)) for h in result["hypotheses"][:4]]
    assert result["working_hypothesis"]["code"] in tops, ranking
    assert result["working_hypothesis"]["family"] in families, result["families"]
    assert result["referral_required"] is expected["red_flag"]
    assert sorted(r["code"] for r in result["red_flags"]) == sorted(expected["red_flag_codes"])
    if "inconsistent" in expected:
        assert result["inconsistent"] is expected["inconsistent"], result["inconsistency_note"]
    if "confidence_in" in expected:
        assert result["working_hypothesis"]["confidence"] in expected["confidence_in"]
    if "sij_cluster_result" in expected:
        assert result["sij_cluster"]["result"] == expected["sij_cluster_result"]
    if expected["red_flag"]:
        assert result["treatment_path"]["kind"] == "red_flag"
        assert result["treatment_path"]["code"] == result["red_flags"][0]["code"]
    assert data["description"] and data["source_pattern"]


# --- Purity -------------------------------------------------------------------------------------


def test_engine_import_does_not_import_django():
    code = (
        "import sys, exam.engine, exam.protocol; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO_ROOT)},
    )
    assert out.stdout.strip() == "[]"


def test_output_is_identical_across_processes_with_different_hash_seeds():
    example = REPO_ROOT / "examples" / "assess-example.json"
    code = (
        "import json, sys; from exam.engine import Finding, assess; "
        f"d = json.load(open({str(example)!r})); "
        "r = assess([Finding(f['item'], f['side'], f['value'], f.get('reason')) "
        "for f in d['findings']], symptomatic_side=d['symptomatic_side']); "
        "print(json.dumps(r.to_dict(), sort_keys=True))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(REPO_ROOT), "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


# --- Output shape -------------------------------------------------------------------------------


def test_to_dict_is_json_serialisable_with_the_documented_keys():
    result = run([("area_lateral_hip", "left", True), ("slr", "left", "negative")]).to_dict()
    text = json.dumps(result)
    assert json.loads(text) == result
    for key in (
        "protocol_version",
        "working_hypothesis",
        "hypotheses",
        "families",
        "red_flags",
        "referral_required",
        "inconsistent",
        "inconsistency_note",
        "next_tests",
        "stop_testing",
        "stop_testing_message",
        "pain_mechanism",
        "strength",
        "sij_cluster",
        "treatment_path",
    ):
        assert key in result, key
    assert set(result["working_hypothesis"]) >= {
        "code",
        "label",
        "family",
        "confidence",
        "probability",
    }
    assert set(result["families"]) == {"load", "nerve", "referred"}
    hyp = result["hypotheses"][0]
    assert set(hyp) >= {"code", "label", "family", "probability", "prior", "evidence"}
    ev = hyp["evidence"][0]
    assert set(ev) >= {
        "item",
        "label",
        "side",
        "value",
        "lr",
        "direction",
        "citation",
        "quality",
        "estimate",
    }
    assert set(result["pain_mechanism"]) >= {"nociceptive", "peripheral_neuropathic", "nociplastic"}
    for mechanism in ("nociceptive", "peripheral_neuropathic", "nociplastic"):
        assert set(result["pain_mechanism"][mechanism]) >= {"features", "likely"}
    assert set(result["sij_cluster"]) >= {"positives", "tested", "result"}
    assert result["protocol_version"] == PROTOCOL.version


def test_probabilities_are_consistent():
    result = run([("area_sit_bone", "left", True), ("slump", "left", "positive")])
    total = sum(h.probability for h in result.hypotheses)
    assert math.isclose(total, 1.0, abs_tol=1e-9)
    for family, value in result.families.items():
        members = sum(h.probability for h in result.hypotheses if h.family == family)
        assert math.isclose(value, members, abs_tol=1e-12)
    probs = [h.probability for h in result.hypotheses]
    assert probs == sorted(probs, reverse=True)


def test_empty_input_returns_the_priors():
    result = assess([], symptomatic_side=None)
    for h in PROTOCOL.hypotheses:
        assert prob(result, h.code) == pytest.approx(h.prior)
    assert result.working_hypothesis.code == "lumbar_somatic_referral"
    assert result.working_hypothesis.confidence == "uncertain"
    assert result.treatment_path.kind == "family"  # uncertain: the broader family path
    assert result.next_tests and not result.stop_testing


def test_wording_is_decision_support_not_diagnosis():
    result = run([("area_lateral_hip", "left", True)])
    assert "consistent with" in result.working_hypothesis.wording.lower()
    assert "diagnos" not in result.working_hypothesis.wording.lower()


# --- Bayesian rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["equivocal", "not_tested"])
def test_neutral_test_results_change_nothing(value):
    base = run([("area_lateral_hip", "left", True)])
    other = run([("area_lateral_hip", "left", True), ("single_leg_stance", "left", value)])
    assert [h.probability for h in base.hypotheses] == [h.probability for h in other.hypotheses]


def test_unsure_and_tender_change_nothing():
    base = run([])
    other = run([("agg_sitting", None, "unsure"), ("palp_greater_trochanter", "left", "tender")])
    assert [h.probability for h in base.hypotheses] == [h.probability for h in other.hypotheses]


def test_positive_and_negative_apply_lr_plus_and_minus():
    pos = run([("trendelenburg", "left", "positive")])
    neg = run([("trendelenburg", "left", "negative")])
    (used,) = [u for u in uses(pos, "gluteal_tendinopathy") if u.item == "trendelenburg"]
    assert used.lr == pytest.approx(6.83) and used.direction == "up" and used.counted
    (used,) = [u for u in uses(neg, "gluteal_tendinopathy") if u.item == "trendelenburg"]
    assert used.lr == pytest.approx(0.42) and used.direction == "down"  # 2026.12 recheck
    assert "2013" in used.citation and used.quality == "meta-analysis" and not used.estimate


def test_case_control_lrs_are_shrunk_toward_one():
    ev = next(
        e
        for e in PROTOCOL.evidence
        if e.item == "modified_bent_knee_stretch"
        and e.hypothesis == "proximal_hamstring_tendinopathy"
    )
    lr_pos, lr_neg = effective_lrs(ev)
    assert lr_pos == pytest.approx(math.sqrt(10.2))
    assert lr_neg == pytest.approx(math.sqrt(0.12))
    derotation = next(e for e in PROTOCOL.evidence if e.item == "resisted_external_derotation")
    assert effective_lrs(derotation)[0] == engine.SHRUNK_LR_MAX  # sqrt(32.6) capped at 5
    result = run([("modified_bent_knee_stretch", "left", "positive")])
    (used,) = [
        u
        for u in uses(result, "proximal_hamstring_tendinopathy")
        if u.item == "modified_bent_knee_stretch"
    ]
    assert used.lr_source == 10.2 and used.lr == pytest.approx(math.sqrt(10.2))


def test_same_tissue_tests_are_not_multiplied():
    one = run([("seated_piriformis_stretch", "left", "positive")])
    both = run(
        [
            ("seated_piriformis_stretch", "left", "positive"),
            ("active_piriformis", "left", "positive"),
        ]
    )
    assert prob(both, "deep_gluteal_syndrome") == pytest.approx(prob(one, "deep_gluteal_syndrome"))
    counted = [u.item for u in uses(both, "deep_gluteal_syndrome") if u.counted]
    assert counted == ["seated_piriformis_stretch"]  # the stronger of the two
    not_counted = [u for u in uses(both, "deep_gluteal_syndrome") if not u.counted]
    assert [u.item for u in not_counted] == ["active_piriformis"]


def test_battery_group_one_abnormal_level_is_the_finding():
    abnormal = run([("dermatome_s1", "left", "reduced")])
    with_normals = run(
        [
            ("dermatome_s1", "left", "reduced"),
            ("dermatome_l2", "left", "normal"),
            ("dermatome_l3", "left", "normal"),
        ]
    )
    assert prob(with_normals, "lumbar_radiculopathy") == pytest.approx(
        prob(abnormal, "lumbar_radiculopathy")
    )
    all_normal = run([("dermatome_l5", "left", "normal"), ("dermatome_s1", "left", "normal")])
    assert (
        prob(all_normal, "lumbar_radiculopathy")
        < PROTOCOL.hypotheses_by_code["lumbar_radiculopathy"].prior
    )


def test_history_weights_are_capped():
    many = [
        ("area_lateral_hip", "left", True),
        ("agg_side_lying", None, "yes"),
        ("agg_single_leg", None, "yes"),
        ("next_day_worse", None, "yes"),
        ("onset", None, "gradual"),
        ("age_band", None, "35_to_50"),
        ("spread", None, "localised"),
    ]
    result = run(many)
    gt = next(h for h in result.hypotheses if h.code == "gluteal_tendinopathy")
    assert gt.history_capped
    prior = PROTOCOL.hypotheses_by_code["gluteal_tendinopathy"].prior
    weights = {
        h.code: h.probability / PROTOCOL.hypotheses_by_code[h.code].prior for h in result.hypotheses
    }
    ratio = weights["gluteal_tendinopathy"] / weights["hip_oa"]  # hip_oa untouched by these
    assert ratio == pytest.approx(engine.HISTORY_LR_CAP)
    assert prior < gt.probability


def test_findings_on_the_other_side_do_not_count():
    base = run([("area_low_back", "left", True)], side="left")
    other = run(
        [
            ("area_low_back", "left", True),
            ("single_leg_stance", "right", "positive"),
            ("area_lateral_hip", "right", True),
        ],
        side="left",
    )
    assert [h.probability for h in base.hypotheses] == [h.probability for h in other.hypotheses]
    either = run([("single_leg_stance", "right", "positive")], side=None)
    assert (
        prob(either, "gluteal_tendinopathy")
        > PROTOCOL.hypotheses_by_code["gluteal_tendinopathy"].prior
    )


def test_later_duplicate_answers_win():
    result = run([("slr", "left", "positive"), ("slr", "left", "negative")])
    (used,) = [u for u in uses(result, "lumbar_radiculopathy") if u.item == "slr"]
    assert used.value == "negative"


# --- SIJ cluster --------------------------------------------------------------------------------

SIJ_THREE = [
    ("sij_distraction", None, "positive"),
    ("sij_thigh_thrust", "left", "positive"),
    ("sij_compression", None, "positive"),
]


def test_positive_sij_cluster_is_applied_once_instead_of_the_tests():
    result = run(SIJ_THREE)
    assert result.sij_cluster.result == "positive"
    assert result.sij_cluster.positives == 3 and result.sij_cluster.tested == 3
    sij = uses(result, "sij_pain")
    counted = [u for u in sij if u.counted]
    assert [u.item for u in counted] == ["sij_cluster"] and counted[0].lr == pytest.approx(4.3)
    assert all(not u.counted for u in sij if u.item.startswith("sij_") and u.item != "sij_cluster")
    weight = prob(result, "sij_pain") / prob(result, "hip_oa")
    prior_ratio = (
        PROTOCOL.hypotheses_by_code["sij_pain"].prior / PROTOCOL.hypotheses_by_code["hip_oa"].prior
    )
    assert weight == pytest.approx(prior_ratio * 4.3)


def test_negative_sij_cluster_when_three_positives_are_out_of_reach():
    findings = [
        ("sij_distraction", None, "negative"),
        ("sij_thigh_thrust", "left", "negative"),
        ("sij_compression", None, "negative"),
        ("sij_sacral_thrust", None, "positive"),
        ("sij_gaenslen", "left", "negative"),
    ]
    result = run(findings)
    assert result.sij_cluster.result == "negative"
    (used,) = [u for u in uses(result, "sij_pain") if u.counted]
    assert used.item == "sij_cluster" and used.lr == pytest.approx(0.08)


def test_incomplete_cluster_uses_the_strongest_individual_tests():
    result = run([("sij_distraction", None, "positive"), ("sij_compression", None, "positive")])
    assert result.sij_cluster.result == "incomplete"
    counted = [u.item for u in uses(result, "sij_pain") if u.counted]
    assert counted == ["sij_distraction"]  # LR+ 3.2 beats 2.2; not multiplied


def test_gaenslen_counts_both_sides():
    result = run(
        [
            ("sij_distraction", None, "positive"),
            ("sij_gaenslen", "left", "positive"),
            ("sij_gaenslen", "right", "positive"),
        ],
        side="left",
    )
    assert result.sij_cluster.positives == 3 and result.sij_cluster.result == "positive"


def test_centralisation_suspends_a_positive_cluster():
    result = run(SIJ_THREE + [("repeated_movements", None, "centralises")])
    assert result.sij_cluster.result == "suspended"
    assert not [u for u in uses(result, "sij_pain") if u.counted]


# --- Red flags ----------------------------------------------------------------------------------


def test_red_flag_overrides_the_path_and_requires_referral():
    result = run(
        [
            ("area_lateral_hip", "left", True),
            ("palp_greater_trochanter", "left", "familiar"),
            ("rf_saddle_numbness", None, "yes"),
        ]
    ).to_dict()
    assert result["referral_required"] is True
    (flag,) = result["red_flags"]
    assert flag["code"] == "cauda_equina" and flag["urgency"] == "emergency"
    assert flag["triggered_by"] == ["rf_saddle_numbness"]
    assert flag["patient_action"] and flag["action"]
    assert result["working_hypothesis"]["code"] == "gluteal_tendinopathy"
    assert result["working_hypothesis"]["red_flag_override"]["code"] == "cauda_equina"
    assert result["treatment_path"]["code"] == "cauda_equina"
    assert result["treatment_path"]["deferred_hypothesis_path"] == "gluteal_tendinopathy"
    assert result["stop_testing"] is True and result["next_tests"] == []


def test_red_flags_are_ordered_by_urgency():
    result = run(
        [
            ("rf_claudication", None, "yes"),
            ("rf_pop_bruising", None, "yes"),
            ("rf_fever", None, "yes"),
        ]
    )
    assert [r.urgency for r in result.red_flags] == ["emergency", "urgent", "soon"]


def test_myotome_grade_three_on_either_side_is_a_red_flag():
    result = run([("myotome_l4", "right", 3)], side="left")
    assert [r.code for r in result.red_flags] == ["progressive_neuro_deficit"]
    assert not run([("myotome_l4", "right", 4)], side="left").red_flags


def test_a_single_soft_sign_does_not_trigger():
    assert not run([("age_band", None, "over_50")]).red_flags
    assert not run([("rf_constant_night_pain", None, "yes")]).red_flags
    assert not run([("onset", None, "training_jump")]).red_flags


def test_unsure_red_flag_answers_are_listed_for_follow_up():
    result = run([("rf_bladder_change", None, "unsure")])
    assert result.red_flags_unsure == ("rf_bladder_change",)
    assert not result.red_flags
    assert "rf_bladder_change" not in result.red_flags_unanswered


# --- Confidence, inconsistency, next test -------------------------------------------------------


def test_confidence_thresholds():
    def confidence(top, runner_up, inconsistent, supported=True):
        findings = [
            ("faber", "left", "lateral_hip"),
            ("trendelenburg", "left", "positive"),
        ]
        score = run(findings if supported else []).hypotheses[0]
        return engine._confidence(top, runner_up, inconsistent, score)[0]

    assert confidence(0.7, 0.3, False) == "clear"
    assert confidence(0.7, 0.3, False, supported=False) == "probable"  # no published exam LRs
    assert confidence(0.6, 0.31, False) == "probable"  # not twice the runner-up
    assert confidence(0.7, 0.1, True) == "probable"  # inconsistency caps confidence
    assert confidence(0.45, 0.4, False) == "probable"
    assert confidence(0.39, 0.2, False) == "uncertain"


def test_two_equivocal_key_tests_are_inconsistent():
    one = run([("slump", "left", "equivocal")])
    two = run([("slump", "left", "equivocal"), ("fadir", "left", "equivocal")])
    assert not one.inconsistent
    assert two.inconsistent
    note = two.inconsistency_note.lower()
    assert "sensitised" in note and "guarding" in note and "equivocal" in note


def test_strong_findings_in_two_close_families_are_inconsistent():
    result = run([("trendelenburg", "left", "positive"), ("slump", "left", "positive")])
    assert result.inconsistent
    assert "two families" in result.inconsistency_note


def test_next_tests_are_untested_exam_items_ranked_by_gain():
    result = run([("area_lateral_hip", "left", True)])
    assert result.next_tests
    steps = {PROTOCOL.items_by_code[c].step for c in result.next_tests}
    assert steps <= {"palpation", "strength", "nerve", "movement", "neuro"}
    ranked = [
        (not d.could_change_working_hypothesis, -d.expected_gain_bits)
        for d in result.next_test_details
    ]
    assert ranked == sorted(ranked)  # tests that could change the hypothesis first, then by gain
    first = PROTOCOL.items_by_code[result.next_tests[0]]
    side = "left" if first.side_aware else None
    value = first.choice_values[-1] if first.choices else first.min_value
    answered = run([("area_lateral_hip", "left", True), (first.code, side, value)])
    assert first.code not in answered.next_tests


def test_a_test_already_done_on_the_symptomatic_side_is_not_suggested():
    result = run([("slump", "left", "not_tested", "contraindicated")])
    assert "slump" not in result.next_tests


def test_stop_testing_needs_a_dominant_hypothesis_and_a_complete_red_flag_screen():
    strong = [
        ("area_lateral_hip", "left", True),
        ("agg_side_lying", None, "yes"),
        ("palp_greater_trochanter", "left", "familiar"),
        ("single_leg_stance", "left", "positive"),
        ("trendelenburg", "left", "positive"),
        ("faber", "left", "lateral_hip"),
        ("strength_abd_pain", "left", "yes"),
    ]
    incomplete = run(strong)
    assert incomplete.stop_testing is False
    assert "red-flag screen is incomplete" in incomplete.stop_testing_message
    screen = [
        (i.code, None, "no" if i.answer_type == "yes_no_unsure" else "negative")
        for i in PROTOCOL.items_for_step("red-flags")
    ]
    complete = run(strong + screen)
    assert complete.stop_testing is True
    assert "adds little" in complete.stop_testing_message
    assert not any(d.could_change_working_hypothesis for d in complete.next_test_details)
    early = run(screen)
    assert early.stop_testing is False


# --- Strength, mechanism, treatment path --------------------------------------------------------


def strength_row(result, movement):
    return next(r for r in result.strength if r.movement == movement)


def test_strength_deficit_uses_the_symptomatic_side():
    result = run(
        [
            ("strength_abd_force", "left", 14),
            ("strength_abd_force", "right", 20),
            ("strength_er_force", "left", 9.5),
            ("strength_er_force", "right", 10),
            ("strength_ir_mrc", "left", 4),
            ("strength_ir_mrc", "right", 5),
        ]
    )
    abd = strength_row(result, "Hip abduction")
    assert abd.deficit_pct == pytest.approx(30.0)
    assert abd.flagged and abd.clearly_relevant and abd.weaker_side == "left"
    assert "heuristic" in abd.note.lower() and "Thorborg" in abd.note
    er = strength_row(result, "Hip external rotation")
    assert er.deficit_pct == pytest.approx(5.0) and not er.flagged
    ir = strength_row(result, "Hip internal rotation")
    assert ir.basis == "mrc" and ir.deficit_pct is None and ir.flagged
    ext = strength_row(result, "Hip extension")
    assert ext.deficit_pct is None and not ext.flagged


def test_strength_deficit_when_side_unknown_compares_weaker_to_stronger():
    result = run(
        [("strength_abd_force", "left", 20), ("strength_abd_force", "right", 17)], side=None
    )
    abd = strength_row(result, "Hip abduction")
    assert abd.deficit_pct == pytest.approx(15.0) and abd.weaker_side == "right"
    assert abd.flagged and not abd.clearly_relevant


def test_symptomatic_side_stronger_is_not_flagged():
    result = run([("strength_abd_force", "left", 22), ("strength_abd_force", "right", 20)])
    abd = strength_row(result, "Hip abduction")
    assert abd.deficit_pct == pytest.approx(-10.0) and not abd.flagged


def test_peripheral_neuropathic_mechanism():
    result = run(
        [
            ("area_below_knee", "left", True),
            ("slump", "left", "positive"),
            ("quality_burning", None, "yes"),
            ("reflex_ankle", "left", "reduced"),
        ]
    )
    mech = result.pain_mechanism
    assert mech.peripheral_neuropathic.likely is True
    assert mech.nociceptive.likely is False


def test_nociceptive_mechanism():
    result = run(
        [
            ("spread", None, "localised"),
            ("day_to_day", None, "predictable"),
            ("quality_burning", None, "no"),
            ("night_pain", None, "no"),
        ]
    )
    assert result.pain_mechanism.nociceptive.likely is True


def test_nociplastic_mechanism_adds_advice_to_the_path():
    findings = [
        ("duration", None, "over_3_months"),
        ("spread", None, "widespread"),
        ("palp_allodynia", None, "positive"),
        ("hx_touch_sensitivity", None, "yes"),
        ("hx_sleep_disturbed", None, "yes"),
        ("day_to_day", None, "variable"),
    ]
    result = run(findings)
    np = result.pain_mechanism.nociplastic
    assert np.likely and np.grade == "probable"
    assert result.treatment_path.mechanism_advice
    without_signs = [f for f in findings if f[0] != "palp_allodynia"]
    assert run(without_signs).pain_mechanism.nociplastic.grade == "unlikely"
    assert not run(without_signs).treatment_path.mechanism_advice


def test_treatment_path_follows_the_working_hypothesis_when_confident():
    result = run(
        [
            ("area_lateral_hip", "left", True),
            ("agg_side_lying", None, "yes"),
            ("palp_greater_trochanter", "left", "familiar"),
            ("single_leg_stance", "left", "positive"),
        ]
    )
    path = result.treatment_path
    assert path.code == "gluteal_tendinopathy" and path.kind == "hypothesis"
    assert path.patient["title"] and path.phases
    assert any("Silbernagel" in w.clinician for w in path.progress_criteria)


# --- Invalid input ------------------------------------------------------------------------------


def test_unknown_item_raises_naming_the_code():
    with pytest.raises(ProtocolError, match="bogus_item"):
        run([("bogus_item", None, "yes")])


def test_wrong_side_or_value_raises_naming_the_item():
    with pytest.raises(ProtocolError, match="slr"):
        run([("slr", None, "positive")])
    with pytest.raises(ProtocolError, match="Pain now"):
        run([("pain_now", None, 12)])


def test_invalid_symptomatic_side_raises():
    with pytest.raises(ProtocolError, match="Symptomatic side"):
        assess([], symptomatic_side="middle")


def test_explicit_protocol_version():
    result = assess([], symptomatic_side=None, protocol=get_protocol("2026.11"))
    assert result.protocol_version == "2026.11"
