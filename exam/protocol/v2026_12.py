"""Protocol 2026.12: what changed since 2026.11, as data.

2026.11 stays as released (old encounters re-assess and print with it). This version adds the
content gaps found when mapping published cases, widens the red-flag rules, suggests red-flag
tests when the history calls for them, and makes the body chart's state explicit. Each change
cites a source from the project's evidence base or is labelled a clinical estimate / guideline.
"""

from __future__ import annotations

from dataclasses import replace

from . import sources as src
from .evidence import B_PHT, B_STRAIN, FAI, GT, OA, PHT, STRAIN
from .types import (
    CHOICE,
    DEGREES,
    EQUIVOCAL,
    FAMILIAR,
    FORCE,
    MRC_0_5,
    NOT_TENDER,
    NOT_TESTED,
    PALPATION,
    QUALITY_ESTIMATE,
    QUALITY_META,
    REGION,
    TENDER,
    TEST_RESULT,
    YES_NO_UNSURE,
    Combination,
    ContextTest,
    Criterion,
    Evidence,
    Item,
    Protocol,
    RedFlag,
)

VERSION = "2026.12"

# --- New and changed items ----------------------------------------------------------------------

PALPATION_CHOICES = (
    (FAMILIAR, "Familiar pain reproduced"),
    (TENDER, "Tender, not the familiar pain"),
    (EQUIVOCAL, "Equivocal: unsure whether it is the familiar pain"),
    (NOT_TENDER, "Not tender"),
    (NOT_TESTED, "Not tested"),
)

FABER_CHOICES = (
    ("lateral_hip", "Positive: lateral hip pain"),
    ("groin", "Positive: groin pain"),
    ("buttock_back", "Positive: buttock / back pain"),
    ("positive_unclear", "Positive, location unclear"),
    ("negative", "Negative"),
    (NOT_TESTED, "Not tested"),
)

IR_END_RANGE_CHOICES = (
    ("full_painfree", "Full range, pain-free"),
    ("painful_end_range", "Painful at end range"),
    ("limited_painful", "Limited and painful"),
    ("limited_painfree", "Limited, not painful"),
    (NOT_TESTED, "Not tested"),
)
IR_PAINFUL = ("painful_end_range", "limited_painful")

BUTTOCK = Item(
    code="area_buttock",
    step="history",
    label="Buttock (general, cannot be more specific)",
    patient_label="Buttock",
    answer_type=REGION,
    how="Mark on the body chart where the patient feels it. Use when the patient cannot say "
    "upper, lower or deep.",
    side_aware=True,
    group="Body chart",
    region="posterior",
    evidence_note="Not scored: buttock pain without a more specific location is common to every "
    "hypothesis here. It counts toward the regional spread of pain.",
)

RED_FLAG_ITEMS_NEW = {
    # inserted after this code: new items
    "rf_fever": (
        Item(
            code="rf_unwell",
            step="red-flags",
            group="Infection",
            label="Feels generally unwell (malaise), even without a measured fever",
            patient_label="Feeling generally unwell",
            how="Ask whether they feel unwell in themselves, shivery or unusually exhausted.",
            answer_type=YES_NO_UNSURE,
        ),
        Item(
            code="rf_cannot_bear_weight",
            step="red-flags",
            group="Infection",
            label="Cannot bear weight, or walking is very painful, without an injury to explain it",
            patient_label="Unable to put weight on the leg",
            how="Ask, and watch them walk in: can they take full weight on the painful side?",
            answer_type=YES_NO_UNSURE,
        ),
        Item(
            code="rf_recent_infection",
            step="red-flags",
            group="Infection",
            label="Recent infection, bacteraemia, or an injection / procedure near the spine or "
            "pelvis (last 3 months)",
            patient_label="A recent infection, injection or procedure",
            how="Ask about infections (skin, urine, chest, dental), hospital stays, injections, "
            "acupuncture or procedures near the back or pelvis in the last 3 months.",
            answer_type=YES_NO_UNSURE,
        ),
    ),
    "rf_palpable_gap": (
        Item(
            code="rf_forced_flexion_mechanism",
            step="red-flags",
            group="Hamstring avulsion",
            label="Injury with the hip forced into flexion and the knee straight (water-skiing, "
            "slipping into the splits)",
            patient_label="An injury where the leg was forced up with the knee straight",
            how="Ask how the pain started: a slip or fall that forced the leg forward and up with "
            "the knee straight?",
            answer_type=YES_NO_UNSURE,
        ),
    ),
}

INFECTION_RISK_LABEL = "Long-term infection risk: diabetes, immunosuppression, IV drug use"
INFECTION_RISK_PATIENT_LABEL = "Diabetes or a weakened immune system"
INFECTION_RISK_HOW = (
    "Ask about diabetes, immune-lowering medicines or conditions, and injecting drugs."
)

KNEE_FLEXION = (
    Item(
        code="strength_knee_flex_mrc",
        step="strength",
        label="Knee flexion: MRC grade",
        patient_label="Knee bending strength (grade)",
        answer_type=MRC_0_5,
        how="Prone, knee at 30 and 90 degrees; resisted knee flexion, 0 (no contraction) to 5 "
        "(normal). Marked weakness after a forced-flexion injury suggests avulsion.",
        side_aware=True,
        min_value=0,
        max_value=5,
        group="Knee flexion",
        evidence_note="Not scored toward a hypothesis: the side-to-side difference is reported "
        "(heuristic flag, as for the hip). Grade 4/5 or less after a forced-flexion injury feeds "
        "the hamstring avulsion red flag.",
    ),
    Item(
        code="strength_knee_flex_force",
        step="strength",
        label="Knee flexion: dynamometer force",
        patient_label="Knee bending strength (measured)",
        answer_type=FORCE,
        how="Hand-held dynamometer, prone, knee at 90 degrees, best of several trials.",
        side_aware=True,
        unit="N",
        min_value=0,
        max_value=1000,
        group="Knee flexion",
        evidence_note="Not scored: the side-to-side deficit is reported with a heuristic flag "
        "(>10%; Thorborg 2010 measurement error).",
    ),
    Item(
        code="strength_knee_flex_pain",
        step="strength",
        label="Knee flexion: pain on testing",
        patient_label="Pain when testing knee bending",
        answer_type=YES_NO_UNSURE,
        how="Does resisted knee flexion (30 and 90 degrees) reproduce the familiar buttock or "
        "sit-bone pain?",
        side_aware=True,
        group="Knee flexion",
    ),
)

MOVEMENT_NEW = {
    "hip_ir_range": (
        Item(
            code="hip_ir_end_range",
            step="movement",
            label="Hip internal rotation at end range (without a goniometer)",
            patient_label="Turning the hip inwards",
            answer_type=CHOICE,
            how="Supine, hip and knee at 90 degrees; passive internal rotation to end range with "
            "gentle overpressure. Record range and pain when degrees are not measured.",
            choices=IR_END_RANGE_CHOICES,
            side_aware=True,
            group="Hip joint",
        ),
        Item(
            code="hip_flexion_range",
            step="movement",
            label="Hip flexion range (supine, passive)",
            patient_label="Bending the hip up",
            answer_type=DEGREES,
            how="Supine, passive hip flexion with the knee bent; goniometer, stop at pelvic "
            "tilt. Altman's hip OA rule uses flexion of 115 degrees or less.",
            side_aware=True,
            unit="deg",
            min_value=0,
            max_value=150,
            group="Hip joint",
        ),
    ),
    "resisted_external_derotation": (
        Item(
            code="single_leg_bridge",
            step="movement",
            label="Single-leg bridge (short lever)",
            patient_label="One-leg bottom lift",
            answer_type=TEST_RESULT,
            how="Supine, knee bent about 90 degrees, lift the hips on one leg and hold; positive "
            "= familiar sit-bone / hamstring-origin pain. Also the daily check on the handout.",
            side_aware=True,
            group="Hamstring tendon tests",
        ),
    ),
}


def _insert_after(items: tuple[Item, ...], additions: dict[str, tuple[Item, ...]]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(additions.get(item.code, ()))
    return out


def _items(old: Protocol) -> tuple[Item, ...]:
    changed = []
    for item in old.items:
        if item.answer_type == PALPATION:
            item = replace(item, choices=PALPATION_CHOICES)
        elif item.code == "faber":
            item = replace(item, choices=FABER_CHOICES)
        elif item.code == "rf_infection_risk":
            item = replace(
                item,
                label=INFECTION_RISK_LABEL,
                patient_label=INFECTION_RISK_PATIENT_LABEL,
                how=INFECTION_RISK_HOW,
            )
        changed.append(item)
    additions = {**RED_FLAG_ITEMS_NEW, **MOVEMENT_NEW}
    with_new = _insert_after(tuple(changed), additions)
    # the generic buttock goes first on the chart, knee flexion after the hip movements
    first_region = next(i for i, it in enumerate(with_new) if it.answer_type == REGION)
    with_new.insert(first_region, BUTTOCK)
    last_strength = max(i for i, it in enumerate(with_new) if it.step == "strength")
    with_new[last_strength + 1 : last_strength + 1] = KNEE_FLEXION
    return tuple(with_new)


# --- Evidence -----------------------------------------------------------------------------------

HIP_IR_GROUP = "hip_internal_rotation"

NEW_EVIDENCE = (
    Evidence(
        item="hip_ir_end_range",
        hypothesis=OA,
        lr_pos=2.0,
        lr_neg=0.6,
        citation=src.estimate(
            "Altman 1991: limited internal rotation (<15 deg, with flexion <=115 deg) and painful "
            "internal rotation (with morning stiffness <=60 min and age >50) are the two branches "
            "of the ACR hip OA criteria; no accuracy figure for an unmeasured range alone"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group=HIP_IR_GROUP,
        positive_values=(*IR_PAINFUL, "limited_painfree"),
        negative_values=("full_painfree",),
        note="Shares a dependency group with the measured IR range: one of them counts.",
    ),
    Evidence(
        item="hip_ir_end_range",
        hypothesis=FAI,
        lr_pos=2.0,
        lr_neg=0.8,
        citation=src.estimate(
            "the FAI grading table (restricted IR in neutral LR+ 4.83 / LR- 0.76) applied to an "
            "unmeasured range, so kept lower"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group=HIP_IR_GROUP,
        positive_values=("limited_painful", "limited_painfree"),
        negative_values=("full_painfree",),
    ),
    Evidence(
        item="hip_flexion_range",
        hypothesis=OA,
        lr_pos=2.0,
        lr_neg=0.7,
        citation=src.estimate(
            "Altman 1991: flexion <=115 deg with IR <15 deg classifies hip OA (Sn 0.86, Sp 0.75); "
            "flexion alone has no published figure"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        threshold=115,
        positive_if="le",
    ),
    Evidence(
        item="single_leg_bridge",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(
            B_PHT + "; Goom 2016 uses the short-lever single-leg bridge as the daily meaningful "
            "task; no accuracy study"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="hamstring_origin_load",
    ),
    Evidence(
        item="single_leg_bridge",
        hypothesis=STRAIN,
        lr_pos=1.3,
        lr_neg=0.9,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="strength_knee_flex_pain",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(
            B_PHT + "; Martin RL 2018 (Arthroscopy) used active 30/90 degree knee-flexion tests "
            "but their accuracy figures could not be confirmed"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="hamstring_origin_load",
    ),
    Evidence(
        item="strength_knee_flex_pain",
        hypothesis=STRAIN,
        lr_pos=2.0,
        lr_neg=0.7,
        citation=src.estimate(B_STRAIN + "; pain on resisted contraction of the strained muscle"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="strength_abd_pain",
        hypothesis=STRAIN,
        lr_pos=1.5,
        lr_neg=0.9,
        citation=src.estimate(
            B_STRAIN + "; a gluteal strain hurts on resisted abduction as the tendon does"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
)

TRENDELENBURG_NOTE = (
    "Pooled Sn 0.61 / Sp 0.92 [V]; LR+ 6.83 [V]. The table's pooled LR- of 0.25 does not match "
    "its own Sn/Sp, which give (1 - 0.61) / 0.92 = 0.42 [C]: the more conservative 0.42 is used "
    "(protocol 2026.12)."
)


def _evidence(old: Protocol) -> tuple[Evidence, ...]:
    region = {i.code for i in old.items if i.answer_type == REGION}
    out = []
    for link in old.evidence:
        if link.item in region and link.lr_neg != 1.0:
            # Body chart: an unmarked region is not evidence (same picture, same ranking).
            link = replace(
                link,
                lr_neg=1.0,
                note=(link.note + " " if link.note else "")
                + "Unmarked regions are not scored (protocol 2026.12): the chart records where "
                "it hurts, not where it was checked.",
            )
        elif link.item == "trendelenburg" and link.hypothesis == GT:
            link = replace(link, lr_neg=0.42, quality=QUALITY_META, note=TRENDELENBURG_NOTE)
        elif link.item == "hip_ir_range":
            link = replace(link, group=HIP_IR_GROUP)
        out.append(link)
    return tuple(out) + NEW_EVIDENCE


# --- Red flags ----------------------------------------------------------------------------------


def _yes(code: str) -> Criterion:
    return Criterion(item=code, values=("yes",))


NERVE_TYPE_PICTURE = (
    Criterion(item="spread", values=("line_down_leg",)),
    _yes("quality_burning"),
    _yes("quality_zinging"),
    _yes("quality_tingling"),
    Criterion(item="area_deep_buttock", values=(True,)),
    Criterion(item="area_below_knee", values=(True,)),
)
RUNNER_LOAD = (_yes("agg_running"), Criterion(item="onset", values=("training_jump",)))
GROIN_OR_DEEP_HIP = (
    Criterion(item="area_groin", values=(True,)),
    Criterion(item="area_deep_buttock", values=(True,)),
)

RED_FLAG_CHANGES: dict[str, dict[str, object]] = {
    "cauda_equina": {"priority": 10},
    "infection": {
        "priority": 20,
        "combination": (),
        "combination_min": 0,
        "combinations": (
            Combination(
                label="an infection source or risk with systemic or weight-bearing signs",
                members=(
                    _yes("rf_recent_infection"),
                    _yes("rf_infection_risk"),
                    _yes("rf_unwell"),
                    _yes("rf_cannot_bear_weight"),
                    _yes("rf_constant_night_pain"),
                ),
                min_count=2,
                requires=(
                    (_yes("rf_recent_infection"), _yes("rf_infection_risk"), _yes("rf_unwell")),
                ),
            ),
        ),
        "citation": f"{src.FINUCANE_2020}; {src.SEPTIC_SIJ}",
        "note": "Fever alone triggers. Otherwise two of: recent infection or procedure, long-term "
        "risk, feeling unwell, unable to bear weight, constant night pain - one of them an "
        "infection source, risk or malaise. Septic sacroiliitis can present before any fever.",
    },
    "femoral_neck_stress_fracture": {
        "priority": 20,
        "combinations": (
            Combination(
                label="two bone-stress signs (hop pain, painful end-range IR, training jump, low "
                "energy availability)",
                members=(
                    Criterion(item="rf_hop_pain", values=("positive",)),
                    Criterion(item="hip_ir_end_range", values=IR_PAINFUL),
                    Criterion(item="onset", values=("training_jump",)),
                    _yes("rf_energy_deficiency"),
                ),
                min_count=2,
            ),
        ),
        "citation": f"{src.ROBERTSON_WOOD_2017}; pain at end-range passive rotation (especially "
        "IR) is described as the most sensitive sign (Medscape, qualitative); hop/fulcrum test "
        "accuracy not found",
        "note": "A single sign does not trigger; any two of the four do, with or without a "
        "recorded training jump.",
    },
    "malignancy": {
        "priority": 30,
        "combinations": (
            Combination(
                label="a nerve-type or deep-gluteal picture not improving after months of care",
                requires=(
                    (_yes("rf_not_improving"),),
                    (Criterion(item="duration", values=("over_3_months",)),),
                    NERVE_TYPE_PICTURE,
                ),
            ),
        ),
        "note": "Single soft signs (night pain, age) have poor accuracy; two together trigger. "
        "A 'sciatica' or 'piriformis' picture that has failed care for months triggers at any "
        "age: extraspinal tumours along the sciatic nerve had a mean diagnostic delay of 11.9 "
        "months (Bickels 1999).",
    },
    "proximal_hamstring_avulsion": {
        "priority": 20,
        "combinations": (
            Combination(
                label="forced hip flexion with a straight knee plus a gap, a pop or weak knee "
                "flexion",
                requires=(
                    (_yes("rf_forced_flexion_mechanism"),),
                    (
                        _yes("rf_palpable_gap"),
                        Criterion(item="strength_knee_flex_mrc", values=(0, 1, 2, 3, 4)),
                        Criterion(item="onset", values=("sudden_pop",)),
                    ),
                ),
            ),
        ),
        "citation": f"{src.HAMSTRING_AVULSION}; mechanism from the project evidence base "
        "(sudden forced hip flexion with the knee straight: slip, water-ski, split) [V]",
    },
    "progressive_neuro_deficit": {"priority": 40},
    "inflammatory_sacroiliitis": {
        "combinations": (
            Combination(
                label="a young adult with insidious buttock pain for months, night pain and no "
                "response to care (inflammatory pattern not asked or not recognised)",
                requires=(
                    (Criterion(item="age_band", values=("under_35",)),),
                    (Criterion(item="onset", values=("gradual",)),),
                    (Criterion(item="duration", values=("over_3_months",)),),
                    (_yes("night_pain"),),
                    (_yes("rf_not_improving"),),
                ),
            ),
        ),
        "citation": f"{src.NO_SOURCE_OTHER}; combination: guideline-style inflammatory back "
        "pain features (young, insidious, night pain, chronic, not settling), a clinical "
        "estimate - no source in the project evidence base",
        "note": "The combination catches axial SpA presenting as buttock pain when morning "
        "stiffness was not asked (Kenny & Fraser 2023, JOSPT Cases: a 20-year-old's buttock "
        "pain treated as overuse for a year). Urgency 'soon': a medical review, not an "
        "emergency.",
    },
}


def _red_flags(old: Protocol) -> tuple[RedFlag, ...]:
    return tuple(replace(rf, **RED_FLAG_CHANGES.get(rf.code, {})) for rf in old.red_flags)  # type: ignore[arg-type]


CONTEXT_TESTS = (
    ContextTest(
        item="rf_hop_pain",
        when=(RUNNER_LOAD, GROIN_OR_DEEP_HIP),
        reason="load-related groin or deep hip pain in a runner: exclude a bone stress injury",
        citation=src.ROBERTSON_WOOD_2017,
    ),
    ContextTest(
        item="hip_ir_end_range",
        when=(RUNNER_LOAD, GROIN_OR_DEEP_HIP),
        reason="painful end-range internal rotation is the most sensitive bone-stress sign",
        citation=src.ROBERTSON_WOOD_2017,
    ),
    ContextTest(
        item="strength_knee_flex_mrc",
        when=((_yes("rf_forced_flexion_mechanism"),),),
        reason="forced hip flexion with a straight knee: weak knee flexion suggests an avulsion",
        citation=src.HAMSTRING_AVULSION,
    ),
    ContextTest(
        item="rf_cannot_bear_weight",
        when=((_yes("rf_recent_infection"), _yes("rf_infection_risk"), _yes("rf_unwell")),),
        reason="infection source, risk or malaise: check weight bearing (septic sacroiliitis)",
        citation=src.SEPTIC_SIJ,
    ),
)


def build(old: Protocol) -> Protocol:
    return replace(
        old,
        version=VERSION,
        items=_items(old),
        evidence=_evidence(old),
        red_flags=_red_flags(old),
        context_tests=CONTEXT_TESTS,
    )
