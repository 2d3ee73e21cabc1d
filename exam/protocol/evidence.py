"""Evidence links of protocol 2026.11: item answer -> hypothesis, as likelihood ratios.

Published figures carry their source and quality tag; the engine shrinks the ones tagged
"likely overestimated" toward 1. History features and tests without accuracy data carry
modest clinical-estimate weights (mostly 0.5-3) whose basis is written out.
"""

from __future__ import annotations

from typing import Any

from . import sources as src
from .types import (
    NOT_TESTED,
    QUALITY_CASE_CONTROL,
    QUALITY_CIRCULAR,
    QUALITY_COHORT,
    QUALITY_ESTIMATE,
    QUALITY_META,
    QUALITY_SECONDARY,
    QUALITY_SINGLE_COHORT,
    ClusterRule,
    Evidence,
)

GT = "gluteal_tendinopathy"
PHT = "proximal_hamstring_tendinopathy"
STRAIN = "muscle_strain"
MTRP = "myofascial_trigger_points"
BURSA = "ischial_bursitis"
DGS = "deep_gluteal_syndrome"
RADIC = "lumbar_radiculopathy"
SCIATIC = "sciatic_nerve_sensitisation"
LUMBAR = "lumbar_somatic_referral"
SIJ = "sij_pain"
OA = "hip_oa"
FAI = "fai_labral"

# Dependency groups: tests/features that stress the same tissue or ask the same question.
# In "battery" groups (screens over several levels or descriptors) a single positive is the
# finding and normal results elsewhere in the battery do not argue against it; in the other
# groups the strongest LR in each direction is used.
BATTERY_GROUPS = frozenset(
    {"neuro_deficit", "distal_spread", "neuropathic_descriptors", "load_aggravators"}
)

B_GT = (
    "the gluteal tendinopathy pattern described by Grimaldi & Fearon 2015 (J Orthop Sports "
    "Phys Ther) and Fearon 2013: lateral hip pain provoked by compression and single-leg load"
)
B_PHT = (
    "the proximal hamstring tendinopathy pattern in Goom 2016 (J Orthop Sports Phys Ther): "
    "sit-bone pain with sitting, hills, sprinting and hip flexion with a straight knee"
)
B_DGS = (
    "the deep gluteal syndrome pattern around Martin 2014 (Knee Surg Sports Traumatol "
    "Arthrosc): deep buttock pain, sitting intolerance (often within 20-30 min), SLR usually "
    "negative"
)
B_RADIC = (
    "Smart 2012 Part 2 and Schafer 2009 (Man Ther): dermatomal referral below the knee and "
    "burning/shooting/electric descriptors point to radicular / peripheral neuropathic pain"
)
B_PNS = (
    "the peripheral nerve sensitisation subgroup of Schafer 2009 (Man Ther): positive "
    "neurodynamic tests and a tender nerve trunk without conduction loss"
)
B_LUMBAR = (
    "the lumbar referral pattern (spinal movement changes the buttock pain) in Laslett "
    "2005/2006 and Long 2004 (Spine)"
)
B_SIJ = (
    "the SIJ pattern in Laslett 2003/2005: pain below L5 over the PSIS / buttock without "
    "centralisation; no accuracy data for palpation or pain location alone"
)
B_OA = (
    "the hip OA pattern in Altman 1991 (Arthritis Rheum) and Sutlive 2008 (J Orthop Sports "
    "Phys Ther): groin/hip pain, age over 50, morning stiffness under 60 min, squatting "
    "aggravates"
)
B_FAI = (
    "the FAI / labral pattern summarised by Reiman 2015 (Br J Sports Med): younger active "
    "people, groin pain in deep flexion with rotation, mechanical symptoms"
)
B_STRAIN = (
    "the acute muscle strain picture (sudden pain in sprinting or kicking, tender belly, "
    "recent onset); Reiman 2013 (J Orthop Sports Phys Ther) found no robust accuracy data"
)
B_MTRP = (
    "the myofascial pain pattern (tender gluteal spots reproducing a diffuse, drifting "
    "ache); no diagnostic-accuracy source in the evidence base"
)
B_BURSA = (
    "the ischiogluteal bursitis picture (pressure pain at the sit bone from hard seats); "
    "no accuracy source, hard to separate from tendinopathy without imaging"
)
B_LOAD = (
    "the load-family pattern in Goom 2016 and Grimaldi & Fearon 2015: tendons are stiffer "
    "and sorer the morning after an overload"
)


def _link(
    item: str,
    hypothesis: str,
    lr_pos: float,
    lr_neg: float,
    citation: str,
    quality: str,
    *,
    estimate: bool = False,
    note: str = "",
    group: str = "",
    pos: tuple[Any, ...] = (),
    neg: tuple[Any, ...] = (),
    threshold: float | None = None,
    positive_if: str = "",
) -> Evidence:
    return Evidence(
        item=item,
        hypothesis=hypothesis,
        lr_pos=lr_pos,
        lr_neg=lr_neg,
        citation=citation,
        quality=quality,
        estimate=estimate,
        note=note,
        group=group,
        positive_values=pos,
        negative_values=neg,
        threshold=threshold,
        positive_if=positive_if,
    )


def _est(
    item: str, hypothesis: str, lr_pos: float, lr_neg: float, basis: str, **kwargs: Any
) -> Evidence:
    return _link(
        item,
        hypothesis,
        lr_pos,
        lr_neg,
        src.estimate(basis),
        QUALITY_ESTIMATE,
        estimate=True,
        **kwargs,
    )


HISTORY_EVIDENCE = (
    # Onset and course
    _est(
        "age_band",
        GT,
        1.2,
        0.6,
        B_GT + "; LEAP enrolled ages 35-70 (Mellor 2018)",
        pos=("35_to_50", "over_50"),
        neg=("under_35",),
    ),
    _est("age_band", OA, 2.5, 0.3, B_OA, pos=("over_50",), neg=("under_35",)),
    _est("age_band", FAI, 2.0, 0.4, B_FAI, pos=("under_35",), neg=("over_50",)),
    _est(
        "onset",
        GT,
        1.3,
        0.6,
        B_GT,
        pos=("gradual", "training_jump"),
        neg=("sudden_during_activity", "sudden_pop", "after_fall"),
    ),
    _est(
        "onset",
        PHT,
        1.3,
        0.6,
        B_PHT,
        pos=("gradual", "training_jump"),
        neg=("sudden_during_activity", "sudden_pop", "after_fall"),
    ),
    _est(
        "onset",
        STRAIN,
        3.0,
        0.4,
        B_STRAIN,
        pos=("sudden_during_activity", "sudden_pop"),
        neg=("gradual",),
    ),
    _est("duration", STRAIN, 2.0, 0.4, B_STRAIN, pos=("under_6_weeks",), neg=("over_3_months",)),
    # Body chart
    _est("area_lateral_hip", GT, 3.0, 0.4, B_GT + "; lateral hip pain defines GTPS (Fearon 2013)"),
    _est("area_sit_bone", PHT, 3.0, 0.4, B_PHT),
    _est("area_sit_bone", BURSA, 3.0, 0.4, B_BURSA),
    _est("area_sit_bone", STRAIN, 1.3, 1.0, B_STRAIN),
    _est("area_lower_buttock", PHT, 1.5, 1.0, B_PHT),
    _est("area_lower_buttock", BURSA, 1.3, 1.0, B_BURSA),
    _est("area_deep_buttock", DGS, 2.5, 0.5, B_DGS),
    _est("area_deep_buttock", SCIATIC, 1.3, 1.0, B_PNS),
    _est("area_deep_buttock", MTRP, 1.3, 1.0, B_MTRP),
    _est("area_upper_buttock", LUMBAR, 1.5, 1.0, B_LUMBAR),
    _est("area_upper_buttock", SIJ, 1.3, 1.0, B_SIJ),
    _est("area_upper_buttock", MTRP, 1.3, 1.0, B_MTRP),
    _est("area_posterior_thigh", PHT, 1.3, 1.0, B_PHT),
    _est("area_posterior_thigh", STRAIN, 1.5, 0.8, B_STRAIN),
    _est("area_posterior_thigh", RADIC, 1.3, 1.0, B_RADIC, group="distal_spread"),
    _est("area_posterior_thigh", DGS, 1.3, 1.0, B_DGS, group="distal_spread"),
    _est("area_posterior_thigh", SCIATIC, 1.5, 1.0, B_PNS, group="distal_spread"),
    _est("area_below_knee", RADIC, 3.0, 0.5, B_RADIC, group="distal_spread"),
    _est("area_below_knee", DGS, 1.5, 1.0, B_DGS, group="distal_spread"),
    _est("area_below_knee", SCIATIC, 1.5, 1.0, B_PNS, group="distal_spread"),
    _est("area_foot", RADIC, 3.0, 1.0, B_RADIC, group="distal_spread"),
    _est("area_foot", DGS, 1.5, 1.0, B_DGS, group="distal_spread"),
    _est("area_foot", SCIATIC, 1.5, 1.0, B_PNS, group="distal_spread"),
    _est("spread", RADIC, 2.0, 1.0, B_RADIC, group="distal_spread", pos=("line_down_leg",)),
    _est("spread", DGS, 1.5, 1.0, B_DGS, group="distal_spread", pos=("line_down_leg",)),
    _est("spread", SCIATIC, 1.8, 1.0, B_PNS, group="distal_spread", pos=("line_down_leg",)),
    _est("spread", MTRP, 1.5, 1.0, B_MTRP, pos=("drifts",)),
    _est(
        "spread",
        GT,
        1.2,
        1.0,
        B_GT + "; localised pain is a nociceptive feature (Smart 2012 Part 3)",
        pos=("localised",),
    ),
    _est(
        "spread",
        PHT,
        1.2,
        1.0,
        B_PHT + "; localised pain is a nociceptive feature (Smart 2012 Part 3)",
        pos=("localised",),
    ),
    _est("area_low_back", LUMBAR, 2.5, 0.5, B_LUMBAR),
    _est("area_low_back", RADIC, 1.5, 0.8, B_RADIC),
    _est("area_low_back", SIJ, 1.3, 1.0, B_SIJ),
    _est("area_sij", SIJ, 2.5, 0.4, B_SIJ),
    _est("area_sij", LUMBAR, 1.3, 1.0, B_LUMBAR),
    _est("area_groin", OA, 2.5, 0.5, B_OA),
    _est("area_groin", FAI, 2.5, 0.5, B_FAI),
    # Quality
    _est("quality_deep_ache", MTRP, 1.3, 1.0, B_MTRP),
    _est(
        "quality_deep_ache",
        LUMBAR,
        1.2,
        1.0,
        B_LUMBAR + "; somatic referred pain is a deep, poorly localised ache",
    ),
    *(
        _est(code, hyp, lr_pos, lr_neg, basis, group="neuropathic_descriptors")
        for code in ("quality_burning", "quality_zinging", "quality_tingling")
        for hyp, lr_pos, lr_neg, basis in (
            (RADIC, 1.8, 0.8, B_RADIC),
            (DGS, 1.5, 0.9, B_DGS),
            (SCIATIC, 1.8, 0.8, B_PNS),
        )
    ),
    _est(
        "quality_numbness",
        RADIC,
        2.0,
        0.9,
        B_RADIC + "; numbness is a negative sensory sign of "
        "conduction loss (Schafer 2009 denervation subgroup)",
    ),
    _est("quality_numbness", DGS, 1.3, 1.0, B_DGS),
    _est("quality_numbness", SCIATIC, 0.8, 1.0, B_PNS),
    # Aggravating factors
    _est("agg_sitting", PHT, 1.8, 0.6, B_PHT, group="sitting"),
    _est("agg_sitting", DGS, 2.0, 0.5, B_DGS, group="sitting"),
    _est("agg_sitting", BURSA, 2.0, 0.5, B_BURSA, group="sitting"),
    _est(
        "sitting_minutes",
        DGS,
        2.2,
        0.8,
        B_DGS,
        group="sitting",
        threshold=30,
        positive_if="le",
        note="Positive when pain builds within 30 minutes of sitting.",
    ),
    _est(
        "sitting_minutes",
        PHT,
        1.5,
        0.9,
        B_PHT,
        group="sitting",
        threshold=30,
        positive_if="le",
        note="Positive when pain builds within 30 minutes of sitting.",
    ),
    _est("agg_car", DGS, 1.5, 1.0, B_DGS, group="sitting"),
    _est("agg_car", PHT, 1.3, 1.0, B_PHT, group="sitting"),
    _est("agg_stairs", GT, 1.5, 0.8, B_GT, group="load_aggravators"),
    _est("agg_single_leg", GT, 1.8, 0.8, B_GT, group="load_aggravators"),
    _est("agg_hills", GT, 1.3, 1.0, B_GT, group="load_aggravators"),
    _est("agg_hills", PHT, 1.5, 1.0, B_PHT, group="load_aggravators"),
    _est("agg_running", GT, 1.3, 1.0, B_GT, group="load_aggravators"),
    _est("agg_running", PHT, 1.5, 1.0, B_PHT, group="load_aggravators"),
    _est("agg_running", STRAIN, 1.5, 1.0, B_STRAIN, group="load_aggravators"),
    _est("agg_side_lying", GT, 2.5, 0.7, B_GT),
    _est(
        "agg_stretch", PHT, 1.5, 1.0, B_PHT + " (static hamstring stretching compresses the tendon)"
    ),
    _est("agg_stretch", DGS, 1.5, 1.0, B_DGS),
    _est("agg_stretch", SCIATIC, 1.8, 1.0, B_PNS + "; stretching tensions a sensitive nerve"),
    _est("agg_stretch", GT, 1.2, 1.0, B_GT + " (stretching into adduction compresses the tendons)"),
    _est("agg_bending", LUMBAR, 1.8, 0.7, B_LUMBAR),
    _est("agg_bending", RADIC, 1.5, 1.0, B_RADIC),
    _est("agg_bending", PHT, 1.3, 1.0, B_PHT),
    _est("agg_squat", OA, 1.8, 0.7, B_OA),
    _est("agg_squat", FAI, 1.8, 0.7, B_FAI),
    _est(
        "agg_squat",
        GT,
        0.7,
        1.2,
        "Fearon 2013: no difficulty with shoes and socks was part of "
        "the GTPS classification tree, so difficulty points slightly away from GT",
    ),
    _est(
        "agg_cough_sneeze",
        RADIC,
        2.0,
        0.9,
        B_RADIC + "; cough/sneeze pain is a classic dural sign without retrieved accuracy data",
    ),
    _est("agg_cough_sneeze", LUMBAR, 1.3, 1.0, B_LUMBAR),
    _est("hx_clicking", FAI, 2.0, 0.9, B_FAI),
    _est("hx_clicking", OA, 1.2, 1.0, B_OA),
    # 24-hour pattern and background
    _est("morning_stiffness", OA, 1.3, 0.7, B_OA, pos=("under_30", "30_to_60"), neg=("over_60",)),
    _est("next_day_worse", GT, 1.3, 1.0, B_LOAD),
    _est("next_day_worse", PHT, 1.3, 1.0, B_LOAD),
    _est(
        "hx_back_history",
        RADIC,
        1.5,
        0.8,
        "Smart 2012 Part 2: a history of nerve pathology or "
        "mechanical compromise is part of the peripheral neuropathic cluster",
    ),
    _est("hx_back_history", LUMBAR, 1.5, 0.8, B_LUMBAR),
    _est("hx_back_history", SCIATIC, 1.3, 1.0, B_PNS),
)

_SHRINK_NOTE = "Case-control accuracy; the engine shrinks it toward 1."

EXAM_EVIDENCE = (
    # Palpation
    _est(
        "palp_greater_trochanter",
        GT,
        1.8,
        0.3,
        "Grimaldi 2017 (Br J Sports Med): palpation was the most sensitive test (Sn 0.80, "
        "secondary source) and absence of tenderness makes GT unlikely; specificity was not "
        "reported, so LR+ is kept low and LR- assumes Sp 0.5-0.8 (0.25-0.4)",
    ),
    _est("palp_gluteus_medius_minimus", MTRP, 2.0, 0.6, B_MTRP),
    _est("palp_gluteus_medius_minimus", GT, 1.3, 0.9, B_GT),
    _est("palp_gluteus_medius_minimus", STRAIN, 1.3, 1.0, B_STRAIN),
    _est(
        "palp_ischial_tuberosity",
        PHT,
        2.0,
        0.4,
        B_PHT + "; Cacchio 2012 used tenderness in its reference standard, so it has no "
        "independent accuracy figure",
    ),
    _est("palp_ischial_tuberosity", BURSA, 2.5, 0.3, B_BURSA),
    _est(
        "palp_deep_gluteal",
        DGS,
        2.5,
        0.5,
        B_DGS + "; the Martin 2014 tests palpate the sciatic notch region",
    ),
    _est("palp_deep_gluteal", SCIATIC, 1.5, 0.8, B_PNS),
    _est("palp_deep_gluteal", MTRP, 1.5, 0.9, B_MTRP),
    _est("palp_sciatic_trunk", SCIATIC, 2.5, 0.6, B_PNS),
    _est("palp_sciatic_trunk", DGS, 1.3, 1.0, B_DGS),
    _est("palp_sciatic_trunk", RADIC, 1.3, 1.0, B_RADIC),
    _est("palp_sij_psis", SIJ, 1.8, 0.6, B_SIJ),
    _est("palp_sij_psis", LUMBAR, 1.2, 1.0, B_LUMBAR),
    _est("palp_lumbar_spine", LUMBAR, 2.0, 0.6, B_LUMBAR),
    _est("palp_lumbar_spine", RADIC, 1.3, 0.9, B_RADIC),
    _est("palp_hamstring_belly", STRAIN, 2.5, 0.5, B_STRAIN),
    _est("palp_hamstring_belly", PHT, 1.2, 1.0, B_PHT),
    # Strength: pain on resisted testing (deficits are reported, not scored: no validated cut-off)
    _link(
        "strength_abd_pain",
        GT,
        5.50,
        0.37,
        src.REIMAN_2013_POOLED,
        QUALITY_META,
        group="gluteal_tendon_load",
        note="Pain on resisted hip abduction, pooled Sn 0.71 / Sp 0.84 [V].",
    ),
    _est(
        "strength_ir_pain",
        GT,
        1.3,
        0.9,
        "Grimaldi 2017: tests combining compression with active "
        "tension (e.g. FADER-R) were the most specific; per-test figures unconfirmed",
    ),
    _est(
        "strength_er_pain",
        DGS,
        1.5,
        0.9,
        B_DGS + "; resisted abduction/ER (Pace test) has no accuracy data",
    ),
    _est("strength_ext_pain", PHT, 1.8, 0.8, B_PHT + " (tensile load on the tendon)"),
    _est("strength_ext_pain", STRAIN, 1.8, 0.8, B_STRAIN),
    # Nerve tension
    _link(
        "slr",
        RADIC,
        1.23,
        0.35,
        src.DEVILLE_2000,
        QUALITY_META,
        group="sciatic_neurodynamic",
        note="Pooled Sn 0.91 / Sp 0.26 in surgical series: a negative SLR is the useful result.",
    ),
    _est("slr", SCIATIC, 2.0, 0.5, B_PNS, group="sciatic_neurodynamic"),
    _link(
        "slr",
        DGS,
        1.0,
        0.90,
        src.MARTIN_2014,
        QUALITY_CASE_CONTROL,
        note="Only LR- (0.90) is used: a negative SLR does not argue against DGS. Martin's LR+ "
        "3.2 came from 10 hip-arthroscopy controls and is not applied, because in a "
        "sciatica population a positive SLR points first to the nerve root (Deville 2000).",
    ),
    _link(
        "slump",
        RADIC,
        4.9,
        0.19,
        src.MAJLESI_2008,
        QUALITY_SECONDARY,
        estimate=True,
        group="sciatic_neurodynamic",
        note="Treated as an estimate: Sn 0.84 is from a secondary source and the specificity "
        "(0.83 or 0.89) is unconfirmed; the lower value is used.",
    ),
    _est("slump", SCIATIC, 2.0, 0.5, B_PNS, group="sciatic_neurodynamic"),
    _link(
        "crossed_slr",
        RADIC,
        2.42,
        0.81,
        src.DEVILLE_2000,
        QUALITY_META,
        note="Pooled Sn 0.29 / Sp 0.88.",
    ),
    _link(
        "seated_piriformis_stretch",
        DGS,
        5.22,
        0.53,
        src.MARTIN_2014,
        QUALITY_CASE_CONTROL,
        group="piriformis_tests",
        note=_SHRINK_NOTE,
    ),
    _link(
        "active_piriformis",
        DGS,
        3.90,
        0.27,
        src.MARTIN_2014,
        QUALITY_CASE_CONTROL,
        group="piriformis_tests",
        note=_SHRINK_NOTE + " Martin reports the combination of both "
        "tests as most accurate; within the group only the strongest result counts.",
    ),
    _link(
        "fair",
        DGS,
        5.2,
        0.14,
        src.FISHMAN_2002,
        QUALITY_CIRCULAR,
        group="piriformis_tests",
        note="Sn 0.881 / Sp 0.832 [V], LRs computed [C]; the reference standard is FAIR-based "
        "electrodiagnosis, so the engine shrinks it toward 1.",
    ),
    _est("seated_piriformis_stretch", SCIATIC, 1.3, 1.0, B_PNS, group="piriformis_tests"),
    _est("fair", SCIATIC, 1.3, 1.0, B_PNS, group="piriformis_tests"),
    _link(
        "puranen_orava",
        PHT,
        4.2,
        0.29,
        src.CACCHIO_2012,
        QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
    ),
    _link(
        "bent_knee_stretch",
        PHT,
        6.5,
        0.18,
        src.CACCHIO_2012,
        QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
    ),
    _link(
        "modified_bent_knee_stretch",
        PHT,
        10.2,
        0.12,
        src.CACCHIO_2012,
        QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
    ),
    *(
        _est(code, STRAIN, 1.5, 0.8, B_STRAIN, group="hamstring_stretch_tests")
        for code in ("puranen_orava", "bent_knee_stretch", "modified_bent_knee_stretch")
    ),
    # Movement
    _est(
        "repeated_movements",
        LUMBAR,
        3.0,
        0.7,
        "Laslett 2005/2006: centralisation has specificity 0.80-1.00 but sensitivity below 0.5 "
        "for discogenic pain; LR+ 3 sits at the conservative end",
        pos=("centralises",),
        neg=("no_effect",),
    ),
    _est(
        "repeated_movements",
        LUMBAR,
        1.5,
        1.0,
        B_LUMBAR + "; peripheralisation shows the spine "
        "changes the symptoms (warning sign: avoid that direction)",
        pos=("peripheralises",),
    ),
    _est(
        "repeated_movements",
        RADIC,
        2.0,
        0.8,
        B_RADIC + "; radicular pain that centralises or peripheralises is spine-driven",
        pos=("centralises", "peripheralises"),
        neg=("no_effect",),
    ),
    _link(
        "fadir",
        FAI,
        1.02,
        0.48,
        src.REIMAN_2013_POOLED + "; " + src.REIMAN_2015,
        QUALITY_META,
        group="intra_articular",
        note="Labral tear vs MR arthrography: Sn 0.94 / Sp 0.08. A screening test: a negative "
        "result helps, a positive one proves little.",
    ),
    _est(
        "fadir",
        OA,
        1.2,
        0.6,
        B_OA + "; FADIR provokes the joint but has no OA accuracy data",
        group="intra_articular",
    ),
    _link(
        "faber",
        GT,
        4.5,
        0.23,
        src.FEARON_2013,
        QUALITY_CASE_CONTROL,
        pos=("lateral_hip",),
        neg=("negative",),
        note="Lateral hip pain on FABER: Sn 0.81 / Sp 0.82 [V] vs OA patients and pain-free "
        "controls; LRs computed [C] and shrunk by the engine.",
    ),
    _link(
        "faber",
        FAI,
        0.83,
        1.17,
        src.FAI_GRADING_TABLE,
        QUALITY_SINGLE_COHORT,
        group="intra_articular",
        pos=("lateral_hip", "groin", "buttock_back"),
        neg=("negative",),
        note="FABER pain LR+ 0.79-0.87, LR- 1.14-1.21 (midpoints used): it does not help rule "
        "FAI in.",
    ),
    _est("faber", OA, 1.3, 1.0, B_OA, group="intra_articular", pos=("groin",)),
    _est(
        "faber",
        SIJ,
        1.5,
        1.0,
        "van der Wurff 2006 (Arch Phys Med Rehabil) includes FABER in "
        "an SIJ multitest; no single-test accuracy retrieved",
        pos=("buttock_back",),
    ),
    _link(
        "hip_ir_range",
        OA,
        3.4,
        0.6,
        src.ALTMAN_1991,
        QUALITY_COHORT,
        estimate=True,
        threshold=15,
        positive_if="lt",
        note="Positive = IR under 15 deg. LR+ 3.4 belongs to Altman's whole branch (hip pain + "
        "IR <15 + flexion <=115), applied here to its IR criterion; LR- is an estimate "
        "because IR >=15 deg does not exclude OA (Altman's alternative branch).",
    ),
    _link(
        "hip_ir_range",
        FAI,
        4.83,
        0.76,
        src.FAI_GRADING_TABLE,
        QUALITY_SINGLE_COHORT,
        threshold=15,
        positive_if="lt",
        note="'Restricted IR in neutral'; the source gives no cut-off, 15 deg is used to match "
        "the OA rule. Shrunk by the engine.",
    ),
    _est(
        "single_leg_stance",
        GT,
        4.0,
        0.62,
        "Grimaldi 2017 (Br J Sports Med): SLS Sn 0.38 / Sp 1.00 (secondary source) gives LR- "
        "0.62 but an undefined LR+; LR+ 4 assumes Sp of about 0.9. Lequesne 2008's LR+ ~37 "
        "(case-control) is not used",
        group="gluteal_tendon_load",
    ),
    _link(
        "trendelenburg",
        GT,
        6.83,
        0.25,
        src.REIMAN_2013_POOLED,
        QUALITY_META,
        group="gluteal_tendon_load",
        note="Pooled Sn 0.61 / Sp 0.92 for gluteal tendinopathy or tear.",
    ),
    _link(
        "resisted_external_derotation",
        GT,
        32.6,
        0.12,
        src.LEQUESNE_2008,
        QUALITY_CASE_CONTROL,
        group="gluteal_tendon_load",
        note="Sn 0.88 / Sp 0.973 [V], LRs computed [C]. 17 "
        "patients vs pain-free controls: heavily shrunk by the engine.",
    ),
    _link(
        "sij_distraction",
        SIJ,
        3.2,
        0.49,
        src.LASLETT_2005,
        QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.60 / Sp 0.81 [V]; LRs [C].",
    ),
    _link(
        "sij_thigh_thrust",
        SIJ,
        2.8,
        0.17,
        src.LASLETT_2005,
        QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.88 / Sp 0.69 [V]; LRs [C].",
    ),
    _link(
        "sij_compression",
        SIJ,
        2.2,
        0.45,
        src.LASLETT_2005,
        QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.69 / Sp 0.69 [V]; LRs [C].",
    ),
    _link(
        "sij_sacral_thrust",
        SIJ,
        2.5,
        0.49,
        src.LASLETT_2005,
        QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.63 / Sp 0.75 [V]; LRs [C].",
    ),
    _link(
        "sij_gaenslen",
        SIJ,
        1.8,
        0.66,
        src.LASLETT_2005,
        QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.53 / Sp 0.71 [V]; LRs [C].",
    ),
)

_TAWA_NOTE = "Counted once per battery: one abnormal level is the finding."

NEURO_EVIDENCE = (
    *(
        link
        for key in ("l2", "l3", "l4", "l5", "s1")
        for link in (
            _est(
                f"myotome_{key}",
                RADIC,
                2.0,
                0.8,
                "the review of neurological examination (BMC Musculoskelet Disord, doi "
                "10.1186/s12891-016-1383-2): myotome testing Sn 0.13-0.61, specificity not "
                "summarised",
                group="neuro_deficit",
                threshold=4,
                positive_if="le",
                note="Positive = grade 4/5 or less. " + _TAWA_NOTE,
            ),
            _est(
                f"myotome_{key}",
                SCIATIC,
                0.6,
                1.0,
                B_PNS,
                group="neuro_deficit",
                threshold=4,
                positive_if="le",
            ),
            _link(
                f"dermatome_{key}",
                RADIC,
                1.6,
                0.62,
                src.TAWA_2017,
                QUALITY_META,
                group="neuro_deficit",
                pos=("reduced",),
                neg=("normal",),
                note="Sensory testing Sn 0.61 / Sp 0.63 [V]; LRs [C]. " + _TAWA_NOTE,
            ),
            _est(
                f"dermatome_{key}",
                SCIATIC,
                0.6,
                1.0,
                B_PNS,
                group="neuro_deficit",
                pos=("reduced",),
            ),
        )
    ),
    *(
        link
        for code in ("reflex_knee", "reflex_ankle")
        for link in (
            _est(
                code,
                RADIC,
                2.5,
                0.85,
                "the review of neurological examination (BMC Musculoskelet Disord, doi "
                "10.1186/s12891-016-1383-2): reflex loss is the most specific neurological "
                "sign (Sp 0.60-0.93); sensitivity not summarised",
                group="neuro_deficit",
                pos=("reduced", "absent"),
                neg=("normal",),
                note=_TAWA_NOTE,
            ),
            _est(code, SCIATIC, 0.6, 1.0, B_PNS, group="neuro_deficit", pos=("reduced", "absent")),
        )
    ),
)

EVIDENCE = HISTORY_EVIDENCE + EXAM_EVIDENCE + NEURO_EVIDENCE

SIJ_CLUSTER = ClusterRule(
    code="sij_cluster",
    label="SIJ provocation cluster (Laslett: >=3 of 6 positive)",
    hypothesis=SIJ,
    group="sij_provocation",
    members=(
        ("sij_distraction", None),
        ("sij_thigh_thrust", "symptomatic"),
        ("sij_compression", None),
        ("sij_sacral_thrust", None),
        ("sij_gaenslen", "left"),
        ("sij_gaenslen", "right"),
    ),
    min_positive=3,
    lr_pos=4.3,
    lr_neg=0.08,
    citation=src.LASLETT_2005 + "; " + src.LASLETT_2003,
    quality=QUALITY_COHORT,
    estimate=False,
    note="Cluster Sn 0.94 / Sp 0.78 [V], LRs computed [C]. Applied once instead of the individual "
    "tests when decided: positive at >=3 positives, negative when 3 can no longer be reached. "
    "A positive cluster is not applied when pain centralises on repeated movements (Laslett "
    "2003: exclude centralisers first).",
    suspended_by=(("repeated_movements", "centralises"),),
)

CLUSTERS = (SIJ_CLUSTER,)

# Answers that are never evidence, listed for documentation and tests.
NEUTRAL_VALUES = ("unsure", "equivocal", NOT_TESTED, "tender")
