"""Evidence links of protocol 2026.11: item answer -> hypothesis, as likelihood ratios.

Published figures carry their source and quality tag; the engine shrinks the ones tagged
"likely overestimated" toward 1. History features and tests without accuracy data carry
modest clinical-estimate weights (mostly 0.5-3) whose basis is written out.
"""

from __future__ import annotations

from . import sources as src
from .types import (
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


HISTORY_EVIDENCE = (
    # Onset and course
    Evidence(
        item="age_band",
        hypothesis=GT,
        lr_pos=1.2,
        lr_neg=0.6,
        citation=src.estimate(B_GT + "; LEAP enrolled ages 35-70 (Mellor 2018)"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("35_to_50", "over_50"),
        negative_values=("under_35",),
    ),
    Evidence(
        item="age_band",
        hypothesis=OA,
        lr_pos=2.5,
        lr_neg=0.3,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("over_50",),
        negative_values=("under_35",),
    ),
    Evidence(
        item="age_band",
        hypothesis=FAI,
        lr_pos=2.0,
        lr_neg=0.4,
        citation=src.estimate(B_FAI),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("under_35",),
        negative_values=("over_50",),
    ),
    Evidence(
        item="onset",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=0.6,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("gradual", "training_jump"),
        negative_values=("sudden_during_activity", "sudden_pop", "after_fall"),
    ),
    Evidence(
        item="onset",
        hypothesis=PHT,
        lr_pos=1.3,
        lr_neg=0.6,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("gradual", "training_jump"),
        negative_values=("sudden_during_activity", "sudden_pop", "after_fall"),
    ),
    Evidence(
        item="onset",
        hypothesis=STRAIN,
        lr_pos=3.0,
        lr_neg=0.4,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("sudden_during_activity", "sudden_pop"),
        negative_values=("gradual",),
    ),
    Evidence(
        item="duration",
        hypothesis=STRAIN,
        lr_pos=2.0,
        lr_neg=0.4,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("under_6_weeks",),
        negative_values=("over_3_months",),
    ),
    # Body chart
    Evidence(
        item="area_lateral_hip",
        hypothesis=GT,
        lr_pos=3.0,
        lr_neg=0.4,
        citation=src.estimate(B_GT + "; lateral hip pain defines GTPS (Fearon 2013)"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_sit_bone",
        hypothesis=PHT,
        lr_pos=3.0,
        lr_neg=0.4,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_sit_bone",
        hypothesis=BURSA,
        lr_pos=3.0,
        lr_neg=0.4,
        citation=src.estimate(B_BURSA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_sit_bone",
        hypothesis=STRAIN,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_lower_buttock",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_lower_buttock",
        hypothesis=BURSA,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_BURSA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_deep_buttock",
        hypothesis=DGS,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_deep_buttock",
        hypothesis=SCIATIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_deep_buttock",
        hypothesis=MTRP,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_upper_buttock",
        hypothesis=LUMBAR,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_upper_buttock",
        hypothesis=SIJ,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_SIJ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_upper_buttock",
        hypothesis=MTRP,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_posterior_thigh",
        hypothesis=PHT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_posterior_thigh",
        hypothesis=STRAIN,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_posterior_thigh",
        hypothesis=RADIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_posterior_thigh",
        hypothesis=DGS,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_posterior_thigh",
        hypothesis=SCIATIC,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_below_knee",
        hypothesis=RADIC,
        lr_pos=3.0,
        lr_neg=0.5,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_below_knee",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_below_knee",
        hypothesis=SCIATIC,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_foot",
        hypothesis=RADIC,
        lr_pos=3.0,
        lr_neg=1.0,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_foot",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="area_foot",
        hypothesis=SCIATIC,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
    ),
    Evidence(
        item="spread",
        hypothesis=RADIC,
        lr_pos=2.0,
        lr_neg=1.0,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
        positive_values=("line_down_leg",),
    ),
    Evidence(
        item="spread",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
        positive_values=("line_down_leg",),
    ),
    Evidence(
        item="spread",
        hypothesis=SCIATIC,
        lr_pos=1.8,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="distal_spread",
        positive_values=("line_down_leg",),
    ),
    Evidence(
        item="spread",
        hypothesis=MTRP,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("drifts",),
    ),
    Evidence(
        item="spread",
        hypothesis=GT,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(
            B_GT + "; localised pain is a nociceptive feature (Smart 2012 Part 3)"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("localised",),
    ),
    Evidence(
        item="spread",
        hypothesis=PHT,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(
            B_PHT + "; localised pain is a nociceptive feature (Smart 2012 Part 3)"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("localised",),
    ),
    Evidence(
        item="area_low_back",
        hypothesis=LUMBAR,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_low_back",
        hypothesis=RADIC,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_low_back",
        hypothesis=SIJ,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_SIJ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_sij",
        hypothesis=SIJ,
        lr_pos=2.5,
        lr_neg=0.4,
        citation=src.estimate(B_SIJ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_sij",
        hypothesis=LUMBAR,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_groin",
        hypothesis=OA,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="area_groin",
        hypothesis=FAI,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_FAI),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    # Quality
    Evidence(
        item="quality_deep_ache",
        hypothesis=MTRP,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="quality_deep_ache",
        hypothesis=LUMBAR,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(
            B_LUMBAR + "; somatic referred pain is a deep, poorly localised ache"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    *(
        Evidence(
            item=code,
            hypothesis=hyp,
            lr_pos=lr_pos,
            lr_neg=lr_neg,
            citation=src.estimate(basis),
            quality=QUALITY_ESTIMATE,
            estimate=True,
            group="neuropathic_descriptors",
        )
        for code in ("quality_burning", "quality_zinging", "quality_tingling")
        for hyp, lr_pos, lr_neg, basis in (
            (RADIC, 1.8, 0.8, B_RADIC),
            (DGS, 1.5, 0.9, B_DGS),
            (SCIATIC, 1.8, 0.8, B_PNS),
        )
    ),
    Evidence(
        item="quality_numbness",
        hypothesis=RADIC,
        lr_pos=2.0,
        lr_neg=0.9,
        citation=src.estimate(
            B_RADIC + "; numbness is a negative sensory sign of "
            "conduction loss (Schafer 2009 denervation subgroup)"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="quality_numbness",
        hypothesis=DGS,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="quality_numbness",
        hypothesis=SCIATIC,
        lr_pos=0.8,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    # Aggravating factors
    Evidence(
        item="agg_sitting",
        hypothesis=PHT,
        lr_pos=1.8,
        lr_neg=0.6,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
    ),
    Evidence(
        item="agg_sitting",
        hypothesis=DGS,
        lr_pos=2.0,
        lr_neg=0.5,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
    ),
    Evidence(
        item="agg_sitting",
        hypothesis=BURSA,
        lr_pos=2.0,
        lr_neg=0.5,
        citation=src.estimate(B_BURSA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
    ),
    Evidence(
        item="sitting_minutes",
        hypothesis=DGS,
        lr_pos=2.2,
        lr_neg=0.8,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
        threshold=30,
        positive_if="le",
        note="Positive when pain builds within 30 minutes of sitting.",
    ),
    Evidence(
        item="sitting_minutes",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=0.9,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
        threshold=30,
        positive_if="le",
        note="Positive when pain builds within 30 minutes of sitting.",
    ),
    Evidence(
        item="agg_car",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
    ),
    Evidence(
        item="agg_car",
        hypothesis=PHT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sitting",
    ),
    Evidence(
        item="agg_stairs",
        hypothesis=GT,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_single_leg",
        hypothesis=GT,
        lr_pos=1.8,
        lr_neg=0.8,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_hills",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_hills",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_running",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_running",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_running",
        hypothesis=STRAIN,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="load_aggravators",
    ),
    Evidence(
        item="agg_side_lying",
        hypothesis=GT,
        lr_pos=2.5,
        lr_neg=0.7,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_stretch",
        hypothesis=PHT,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_PHT + " (static hamstring stretching compresses the tendon)"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_stretch",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_stretch",
        hypothesis=SCIATIC,
        lr_pos=1.8,
        lr_neg=1.0,
        citation=src.estimate(B_PNS + "; stretching tensions a sensitive nerve"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_stretch",
        hypothesis=GT,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(B_GT + " (stretching into adduction compresses the tendons)"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_bending",
        hypothesis=LUMBAR,
        lr_pos=1.8,
        lr_neg=0.7,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_bending",
        hypothesis=RADIC,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_bending",
        hypothesis=PHT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_squat",
        hypothesis=OA,
        lr_pos=1.8,
        lr_neg=0.7,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_squat",
        hypothesis=FAI,
        lr_pos=1.8,
        lr_neg=0.7,
        citation=src.estimate(B_FAI),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_squat",
        hypothesis=GT,
        lr_pos=0.7,
        lr_neg=1.2,
        citation=src.estimate(
            "Fearon 2013: no difficulty with shoes and socks was part of "
            "the GTPS classification tree, so difficulty points slightly away from GT"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_cough_sneeze",
        hypothesis=RADIC,
        lr_pos=2.0,
        lr_neg=0.9,
        citation=src.estimate(
            B_RADIC + "; cough/sneeze pain is a classic dural sign without retrieved accuracy data"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="agg_cough_sneeze",
        hypothesis=LUMBAR,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="hx_clicking",
        hypothesis=FAI,
        lr_pos=2.0,
        lr_neg=0.9,
        citation=src.estimate(B_FAI),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="hx_clicking",
        hypothesis=OA,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    # 24-hour pattern and background
    Evidence(
        item="morning_stiffness",
        hypothesis=OA,
        lr_pos=1.3,
        lr_neg=0.7,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("under_30", "30_to_60"),
        negative_values=("over_60",),
    ),
    Evidence(
        item="next_day_worse",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_LOAD),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="next_day_worse",
        hypothesis=PHT,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_LOAD),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="hx_back_history",
        hypothesis=RADIC,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(
            "Smart 2012 Part 2: a history of nerve pathology or "
            "mechanical compromise is part of the peripheral neuropathic cluster"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="hx_back_history",
        hypothesis=LUMBAR,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="hx_back_history",
        hypothesis=SCIATIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
)

_SHRINK_NOTE = "Case-control accuracy; the engine shrinks it toward 1."

EXAM_EVIDENCE = (
    # Palpation
    Evidence(
        item="palp_greater_trochanter",
        hypothesis=GT,
        lr_pos=1.8,
        lr_neg=0.3,
        citation=src.estimate(
            "Grimaldi 2017 (Br J Sports Med): palpation was the most sensitive test (Sn 0.80, "
            "secondary source) and absence of tenderness makes GT unlikely; specificity was not "
            "reported, so LR+ is kept low and LR- assumes Sp 0.5-0.8 (0.25-0.4)"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_gluteus_medius_minimus",
        hypothesis=MTRP,
        lr_pos=2.0,
        lr_neg=0.6,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_gluteus_medius_minimus",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=0.9,
        citation=src.estimate(B_GT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_gluteus_medius_minimus",
        hypothesis=STRAIN,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_ischial_tuberosity",
        hypothesis=PHT,
        lr_pos=2.0,
        lr_neg=0.4,
        citation=src.estimate(
            B_PHT + "; Cacchio 2012 used tenderness in its reference standard, so it has no "
            "independent accuracy figure"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_ischial_tuberosity",
        hypothesis=BURSA,
        lr_pos=2.5,
        lr_neg=0.3,
        citation=src.estimate(B_BURSA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_deep_gluteal",
        hypothesis=DGS,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_DGS + "; the Martin 2014 tests palpate the sciatic notch region"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_deep_gluteal",
        hypothesis=SCIATIC,
        lr_pos=1.5,
        lr_neg=0.8,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_deep_gluteal",
        hypothesis=MTRP,
        lr_pos=1.5,
        lr_neg=0.9,
        citation=src.estimate(B_MTRP),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_sciatic_trunk",
        hypothesis=SCIATIC,
        lr_pos=2.5,
        lr_neg=0.6,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_sciatic_trunk",
        hypothesis=DGS,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_DGS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_sciatic_trunk",
        hypothesis=RADIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_sij_psis",
        hypothesis=SIJ,
        lr_pos=1.8,
        lr_neg=0.6,
        citation=src.estimate(B_SIJ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_sij_psis",
        hypothesis=LUMBAR,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_lumbar_spine",
        hypothesis=LUMBAR,
        lr_pos=2.0,
        lr_neg=0.6,
        citation=src.estimate(B_LUMBAR),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_lumbar_spine",
        hypothesis=RADIC,
        lr_pos=1.3,
        lr_neg=0.9,
        citation=src.estimate(B_RADIC),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_hamstring_belly",
        hypothesis=STRAIN,
        lr_pos=2.5,
        lr_neg=0.5,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="palp_hamstring_belly",
        hypothesis=PHT,
        lr_pos=1.2,
        lr_neg=1.0,
        citation=src.estimate(B_PHT),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    # Strength: pain on resisted testing (deficits are reported, not scored: no validated cut-off)
    Evidence(
        item="strength_abd_pain",
        hypothesis=GT,
        lr_pos=5.50,
        lr_neg=0.37,
        citation=src.REIMAN_2013_POOLED,
        quality=QUALITY_META,
        group="gluteal_tendon_load",
        note="Pain on resisted hip abduction, pooled Sn 0.71 / Sp 0.84 [V].",
        estimate=False,
    ),
    Evidence(
        item="strength_ir_pain",
        hypothesis=GT,
        lr_pos=1.3,
        lr_neg=0.9,
        citation=src.estimate(
            "Grimaldi 2017: tests combining compression with active "
            "tension (e.g. FADER-R) were the most specific; per-test figures unconfirmed"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="strength_er_pain",
        hypothesis=DGS,
        lr_pos=1.5,
        lr_neg=0.9,
        citation=src.estimate(B_DGS + "; resisted abduction/ER (Pace test) has no accuracy data"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="strength_ext_pain",
        hypothesis=PHT,
        lr_pos=1.8,
        lr_neg=0.8,
        citation=src.estimate(B_PHT + " (tensile load on the tendon)"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    Evidence(
        item="strength_ext_pain",
        hypothesis=STRAIN,
        lr_pos=1.8,
        lr_neg=0.8,
        citation=src.estimate(B_STRAIN),
        quality=QUALITY_ESTIMATE,
        estimate=True,
    ),
    # Nerve tension
    Evidence(
        item="slr",
        hypothesis=RADIC,
        lr_pos=1.23,
        lr_neg=0.35,
        citation=src.DEVILLE_2000,
        quality=QUALITY_META,
        group="sciatic_neurodynamic",
        note="Pooled Sn 0.91 / Sp 0.26 in surgical series: a negative SLR is the useful result.",
        estimate=False,
    ),
    Evidence(
        item="slr",
        hypothesis=SCIATIC,
        lr_pos=2.0,
        lr_neg=0.5,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sciatic_neurodynamic",
    ),
    Evidence(
        item="slr",
        hypothesis=DGS,
        lr_pos=1.0,
        lr_neg=0.90,
        citation=src.MARTIN_2014,
        quality=QUALITY_CASE_CONTROL,
        note="Only LR- (0.90) is used: a negative SLR does not argue against DGS. Martin's LR+ "
        "3.2 came from 10 hip-arthroscopy controls and is not applied, because in a "
        "sciatica population a positive SLR points first to the nerve root (Deville 2000).",
        estimate=False,
    ),
    Evidence(
        item="slump",
        hypothesis=RADIC,
        lr_pos=4.9,
        lr_neg=0.19,
        citation=src.MAJLESI_2008,
        quality=QUALITY_SECONDARY,
        estimate=True,
        group="sciatic_neurodynamic",
        note="Treated as an estimate: Sn 0.84 is from a secondary source and the specificity "
        "(0.83 or 0.89) is unconfirmed; the lower value is used.",
    ),
    Evidence(
        item="slump",
        hypothesis=SCIATIC,
        lr_pos=2.0,
        lr_neg=0.5,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="sciatic_neurodynamic",
    ),
    Evidence(
        item="crossed_slr",
        hypothesis=RADIC,
        lr_pos=2.42,
        lr_neg=0.81,
        citation=src.DEVILLE_2000,
        quality=QUALITY_META,
        note="Pooled Sn 0.29 / Sp 0.88.",
        estimate=False,
    ),
    Evidence(
        item="seated_piriformis_stretch",
        hypothesis=DGS,
        lr_pos=5.22,
        lr_neg=0.53,
        citation=src.MARTIN_2014,
        quality=QUALITY_CASE_CONTROL,
        group="piriformis_tests",
        note=_SHRINK_NOTE,
        estimate=False,
    ),
    Evidence(
        item="active_piriformis",
        hypothesis=DGS,
        lr_pos=3.90,
        lr_neg=0.27,
        citation=src.MARTIN_2014,
        quality=QUALITY_CASE_CONTROL,
        group="piriformis_tests",
        note=_SHRINK_NOTE + " Martin reports the combination of both "
        "tests as most accurate; within the group only the strongest result counts.",
        estimate=False,
    ),
    Evidence(
        item="fair",
        hypothesis=DGS,
        lr_pos=5.2,
        lr_neg=0.14,
        citation=src.FISHMAN_2002,
        quality=QUALITY_CIRCULAR,
        group="piriformis_tests",
        note="Sn 0.881 / Sp 0.832 [V], LRs computed [C]; the reference standard is FAIR-based "
        "electrodiagnosis, so the engine shrinks it toward 1.",
        estimate=False,
    ),
    Evidence(
        item="seated_piriformis_stretch",
        hypothesis=SCIATIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="piriformis_tests",
    ),
    Evidence(
        item="fair",
        hypothesis=SCIATIC,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_PNS),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="piriformis_tests",
    ),
    Evidence(
        item="puranen_orava",
        hypothesis=PHT,
        lr_pos=4.2,
        lr_neg=0.29,
        citation=src.CACCHIO_2012,
        quality=QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
        estimate=False,
    ),
    Evidence(
        item="bent_knee_stretch",
        hypothesis=PHT,
        lr_pos=6.5,
        lr_neg=0.18,
        citation=src.CACCHIO_2012,
        quality=QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
        estimate=False,
    ),
    Evidence(
        item="modified_bent_knee_stretch",
        hypothesis=PHT,
        lr_pos=10.2,
        lr_neg=0.12,
        citation=src.CACCHIO_2012,
        quality=QUALITY_CASE_CONTROL,
        group="hamstring_stretch_tests",
        note=_SHRINK_NOTE,
        estimate=False,
    ),
    *(
        Evidence(
            item=code,
            hypothesis=STRAIN,
            lr_pos=1.5,
            lr_neg=0.8,
            citation=src.estimate(B_STRAIN),
            quality=QUALITY_ESTIMATE,
            estimate=True,
            group="hamstring_stretch_tests",
        )
        for code in ("puranen_orava", "bent_knee_stretch", "modified_bent_knee_stretch")
    ),
    # Movement
    Evidence(
        item="repeated_movements",
        hypothesis=LUMBAR,
        lr_pos=3.0,
        lr_neg=0.7,
        citation=src.estimate(
            "Laslett 2005/2006: centralisation has specificity 0.80-1.00 but sensitivity below 0.5 "
            "for discogenic pain; LR+ 3 sits at the conservative end"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("centralises",),
        negative_values=("no_effect",),
    ),
    Evidence(
        item="repeated_movements",
        hypothesis=LUMBAR,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(
            B_LUMBAR + "; peripheralisation shows the spine "
            "changes the symptoms (warning sign: avoid that direction)"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("peripheralises",),
    ),
    Evidence(
        item="repeated_movements",
        hypothesis=RADIC,
        lr_pos=2.0,
        lr_neg=0.8,
        citation=src.estimate(
            B_RADIC + "; radicular pain that centralises or peripheralises is spine-driven"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("centralises", "peripheralises"),
        negative_values=("no_effect",),
    ),
    Evidence(
        item="fadir",
        hypothesis=FAI,
        lr_pos=1.02,
        lr_neg=0.48,
        citation=src.REIMAN_2013_POOLED + "; " + src.REIMAN_2015,
        quality=QUALITY_META,
        group="intra_articular",
        note="Labral tear vs MR arthrography: Sn 0.94 / Sp 0.08. A screening test: a negative "
        "result helps, a positive one proves little.",
        estimate=False,
    ),
    Evidence(
        item="fadir",
        hypothesis=OA,
        lr_pos=1.2,
        lr_neg=0.6,
        citation=src.estimate(B_OA + "; FADIR provokes the joint but has no OA accuracy data"),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="intra_articular",
    ),
    Evidence(
        item="faber",
        hypothesis=GT,
        lr_pos=4.5,
        lr_neg=0.23,
        citation=src.FEARON_2013,
        quality=QUALITY_CASE_CONTROL,
        positive_values=("lateral_hip",),
        negative_values=("negative",),
        note="Lateral hip pain on FABER: Sn 0.81 / Sp 0.82 [V] vs OA patients and pain-free "
        "controls; LRs computed [C] and shrunk by the engine.",
        estimate=False,
    ),
    Evidence(
        item="faber",
        hypothesis=FAI,
        lr_pos=0.83,
        lr_neg=1.17,
        citation=src.FAI_GRADING_TABLE,
        quality=QUALITY_SINGLE_COHORT,
        group="intra_articular",
        positive_values=("lateral_hip", "groin", "buttock_back"),
        negative_values=("negative",),
        note="FABER pain LR+ 0.79-0.87, LR- 1.14-1.21 (midpoints used): it does not help rule "
        "FAI in.",
        estimate=False,
    ),
    Evidence(
        item="faber",
        hypothesis=OA,
        lr_pos=1.3,
        lr_neg=1.0,
        citation=src.estimate(B_OA),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="intra_articular",
        positive_values=("groin",),
    ),
    Evidence(
        item="faber",
        hypothesis=SIJ,
        lr_pos=1.5,
        lr_neg=1.0,
        citation=src.estimate(
            "van der Wurff 2006 (Arch Phys Med Rehabil) includes FABER in "
            "an SIJ multitest; no single-test accuracy retrieved"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        positive_values=("buttock_back",),
    ),
    Evidence(
        item="hip_ir_range",
        hypothesis=OA,
        lr_pos=3.4,
        lr_neg=0.6,
        citation=src.ALTMAN_1991,
        quality=QUALITY_COHORT,
        estimate=True,
        threshold=15,
        positive_if="lt",
        note="Positive = IR under 15 deg. LR+ 3.4 belongs to Altman's whole branch (hip pain + "
        "IR <15 + flexion <=115), applied here to its IR criterion; LR- is an estimate "
        "because IR >=15 deg does not exclude OA (Altman's alternative branch).",
    ),
    Evidence(
        item="hip_ir_range",
        hypothesis=FAI,
        lr_pos=4.83,
        lr_neg=0.76,
        citation=src.FAI_GRADING_TABLE,
        quality=QUALITY_SINGLE_COHORT,
        threshold=15,
        positive_if="lt",
        note="'Restricted IR in neutral'; the source gives no cut-off, 15 deg is used to match "
        "the OA rule. Shrunk by the engine.",
        estimate=False,
    ),
    Evidence(
        item="single_leg_stance",
        hypothesis=GT,
        lr_pos=4.0,
        lr_neg=0.62,
        citation=src.estimate(
            "Grimaldi 2017 (Br J Sports Med): SLS Sn 0.38 / Sp 1.00 (secondary source) gives LR- "
            "0.62 but an undefined LR+; LR+ 4 assumes Sp of about 0.9. Lequesne 2008's LR+ ~37 "
            "(case-control) is not used"
        ),
        quality=QUALITY_ESTIMATE,
        estimate=True,
        group="gluteal_tendon_load",
    ),
    Evidence(
        item="trendelenburg",
        hypothesis=GT,
        lr_pos=6.83,
        lr_neg=0.25,
        citation=src.REIMAN_2013_POOLED,
        quality=QUALITY_META,
        group="gluteal_tendon_load",
        note="Pooled Sn 0.61 / Sp 0.92 for gluteal tendinopathy or tear.",
        estimate=False,
    ),
    Evidence(
        item="resisted_external_derotation",
        hypothesis=GT,
        lr_pos=32.6,
        lr_neg=0.12,
        citation=src.LEQUESNE_2008,
        quality=QUALITY_CASE_CONTROL,
        group="gluteal_tendon_load",
        note="Sn 0.88 / Sp 0.973 [V], LRs computed [C]. 17 "
        "patients vs pain-free controls: heavily shrunk by the engine.",
        estimate=False,
    ),
    Evidence(
        item="sij_distraction",
        hypothesis=SIJ,
        lr_pos=3.2,
        lr_neg=0.49,
        citation=src.LASLETT_2005,
        quality=QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.60 / Sp 0.81 [V]; LRs [C].",
        estimate=False,
    ),
    Evidence(
        item="sij_thigh_thrust",
        hypothesis=SIJ,
        lr_pos=2.8,
        lr_neg=0.17,
        citation=src.LASLETT_2005,
        quality=QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.88 / Sp 0.69 [V]; LRs [C].",
        estimate=False,
    ),
    Evidence(
        item="sij_compression",
        hypothesis=SIJ,
        lr_pos=2.2,
        lr_neg=0.45,
        citation=src.LASLETT_2005,
        quality=QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.69 / Sp 0.69 [V]; LRs [C].",
        estimate=False,
    ),
    Evidence(
        item="sij_sacral_thrust",
        hypothesis=SIJ,
        lr_pos=2.5,
        lr_neg=0.49,
        citation=src.LASLETT_2005,
        quality=QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.63 / Sp 0.75 [V]; LRs [C].",
        estimate=False,
    ),
    Evidence(
        item="sij_gaenslen",
        hypothesis=SIJ,
        lr_pos=1.8,
        lr_neg=0.66,
        citation=src.LASLETT_2005,
        quality=QUALITY_COHORT,
        group="sij_provocation",
        note="Sn 0.53 / Sp 0.71 [V]; LRs [C].",
        estimate=False,
    ),
)

_TAWA_NOTE = "Counted once per battery: one abnormal level is the finding."

NEURO_EVIDENCE = (
    *(
        link
        for key in ("l2", "l3", "l4", "l5", "s1")
        for link in (
            Evidence(
                item=f"myotome_{key}",
                hypothesis=RADIC,
                lr_pos=2.0,
                lr_neg=0.8,
                citation=src.estimate(
                    "the review of neurological examination (BMC Musculoskelet Disord, doi "
                    "10.1186/s12891-016-1383-2): myotome testing Sn 0.13-0.61, specificity not "
                    "summarised"
                ),
                quality=QUALITY_ESTIMATE,
                estimate=True,
                group="neuro_deficit",
                threshold=4,
                positive_if="le",
                note="Positive = grade 4/5 or less. " + _TAWA_NOTE,
            ),
            Evidence(
                item=f"myotome_{key}",
                hypothesis=SCIATIC,
                lr_pos=0.6,
                lr_neg=1.0,
                citation=src.estimate(B_PNS),
                quality=QUALITY_ESTIMATE,
                estimate=True,
                group="neuro_deficit",
                threshold=4,
                positive_if="le",
            ),
            Evidence(
                item=f"dermatome_{key}",
                hypothesis=RADIC,
                lr_pos=1.6,
                lr_neg=0.62,
                citation=src.TAWA_2017,
                quality=QUALITY_META,
                group="neuro_deficit",
                positive_values=("reduced",),
                negative_values=("normal",),
                note="Sensory testing Sn 0.61 / Sp 0.63 [V]; LRs [C]. " + _TAWA_NOTE,
                estimate=False,
            ),
            Evidence(
                item=f"dermatome_{key}",
                hypothesis=SCIATIC,
                lr_pos=0.6,
                lr_neg=1.0,
                citation=src.estimate(B_PNS),
                quality=QUALITY_ESTIMATE,
                estimate=True,
                group="neuro_deficit",
                positive_values=("reduced",),
            ),
        )
    ),
    *(
        link
        for code in ("reflex_knee", "reflex_ankle")
        for link in (
            Evidence(
                item=code,
                hypothesis=RADIC,
                lr_pos=2.5,
                lr_neg=0.85,
                citation=src.estimate(
                    "the review of neurological examination (BMC Musculoskelet Disord, doi "
                    "10.1186/s12891-016-1383-2): reflex loss is the most specific neurological "
                    "sign (Sp 0.60-0.93); sensitivity not summarised"
                ),
                quality=QUALITY_ESTIMATE,
                estimate=True,
                group="neuro_deficit",
                positive_values=("reduced", "absent"),
                negative_values=("normal",),
                note=_TAWA_NOTE,
            ),
            Evidence(
                item=code,
                hypothesis=SCIATIC,
                lr_pos=0.6,
                lr_neg=1.0,
                citation=src.estimate(B_PNS),
                quality=QUALITY_ESTIMATE,
                estimate=True,
                group="neuro_deficit",
                positive_values=("reduced", "absent"),
            ),
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
