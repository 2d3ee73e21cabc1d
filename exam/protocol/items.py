"""Steps and items of protocol 2026.11: what is asked, tested and recorded, in order."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .types import (
    CHOICE,
    DEGREES,
    FORCE,
    MINUTES,
    MRC_0_5,
    NOT_TESTED,
    PAIN_0_10,
    PALPATION,
    PALPATION_CHOICES,
    REGION,
    TEST_RESULT,
    TEST_RESULT_CHOICES,
    TEXT,
    YES_NO_UNSURE,
    YES_NO_UNSURE_CHOICES,
    Item,
    Step,
)

STEPS = (
    Step(
        "history",
        "History",
        "Your story",
        "Map the pattern first: where, what it feels like, what brings it on and eases it.",
    ),
    Step(
        "red-flags",
        "Red-flag screen",
        "Safety questions",
        "Ask every question. Any positive answer stops the usual path and calls for referral.",
    ),
    Step(
        "palpation",
        "Palpation",
        "Pressing on sore spots",
        "Firm, specific pressure. Record whether it reproduces the patient's familiar pain.",
    ),
    Step(
        "strength",
        "Hip strength",
        "Hip strength",
        "Compare sides. Dynamometer force (N, best of several trials) is preferred over grades.",
    ),
    Step(
        "nerve",
        "Nerve and tendon tension tests",
        "Nerve and tendon tests",
        "Positive means the familiar symptoms, ideally changed by structural differentiation.",
    ),
    Step(
        "movement",
        "Movement tests",
        "Movement tests",
        "Tests that bias the spine, the hip joint, the sacroiliac joint or the gluteal tendons.",
    ),
    Step(
        "neuro",
        "Neurological screen",
        "Nerve check",
        "Myotomes, dermatomes and reflexes, both sides.",
    ),
)


def _yn(
    code: str, step: str, group: str, label: str, patient_label: str, how: str, **extra: Any
) -> Item:
    return Item(
        code=code,
        step=step,
        label=label,
        patient_label=patient_label,
        answer_type=YES_NO_UNSURE,
        how=how,
        group=group,
        choices=YES_NO_UNSURE_CHOICES,
        **extra,
    )


def _test(
    code: str,
    step: str,
    group: str,
    label: str,
    patient_label: str,
    how: str,
    side_aware: bool = True,
    **extra: Any,
) -> Item:
    return Item(
        code=code,
        step=step,
        label=label,
        patient_label=patient_label,
        answer_type=TEST_RESULT,
        how=how,
        group=group,
        side_aware=side_aware,
        choices=TEST_RESULT_CHOICES,
        **extra,
    )


def _choice(
    code: str,
    step: str,
    group: str,
    label: str,
    patient_label: str,
    how: str,
    choices: tuple[tuple[str, str], ...],
    side_aware: bool = False,
    **extra: Any,
) -> Item:
    return Item(
        code=code,
        step=step,
        label=label,
        patient_label=patient_label,
        answer_type=CHOICE,
        how=how,
        group=group,
        choices=choices,
        side_aware=side_aware,
        **extra,
    )


def _region(code: str, label: str, patient_label: str, view: str) -> Item:
    return Item(
        code=code,
        step="history",
        label=label,
        patient_label=patient_label,
        answer_type=REGION,
        how="Mark on the body chart where the patient feels it.",
        side_aware=True,
        group="Body chart",
        region=view,
    )


def _palpate(code: str, label: str, patient_label: str, how: str) -> Item:
    return Item(
        code=code,
        step="palpation",
        label=label,
        patient_label=patient_label,
        answer_type=PALPATION,
        how=how,
        side_aware=True,
        group="Palpation sites",
        choices=PALPATION_CHOICES,
    )


H = "history"

HISTORY = (
    # Onset and course
    _choice(
        "age_band",
        H,
        "About the patient",
        "Age band",
        "Age",
        "Ask the patient's age.",
        (("under_35", "Under 35"), ("35_to_50", "35 to 50"), ("over_50", "Over 50")),
        flag_values=("over_50",),
    ),
    _choice(
        "onset",
        H,
        "Onset and mechanism",
        "Onset / mechanism",
        "How it started",
        "How did it start? Was there a change in training or a specific moment?",
        (
            ("gradual", "Gradual, no clear cause"),
            ("training_jump", "After a jump in training or activity load"),
            ("sudden_during_activity", "Sudden sharp pain during activity (sprint, kick)"),
            ("sudden_pop", "Felt or heard a pop"),
            ("after_fall", "After a fall or direct blow"),
            ("unknown", "Unsure"),
        ),
        flag_values=("training_jump",),
    ),
    _choice(
        "duration",
        H,
        "Onset and mechanism",
        "Duration of symptoms",
        "How long you have had it",
        "How long ago did this episode start?",
        (
            ("under_6_weeks", "Under 6 weeks"),
            ("6_weeks_to_3_months", "6 weeks to 3 months"),
            ("over_3_months", "Over 3 months"),
        ),
    ),
    # Body chart
    _region("area_upper_buttock", "Upper buttock", "Upper buttock", "posterior"),
    _region("area_lower_buttock", "Lower buttock", "Lower buttock", "posterior"),
    _region(
        "area_deep_buttock",
        "Deep buttock (mid-buttock, piriformis region)",
        "Deep in the middle of the buttock",
        "posterior",
    ),
    _region(
        "area_lateral_hip",
        "Lateral hip over the greater trochanter",
        "Outside of the hip (bony point)",
        "lateral",
    ),
    _region("area_sit_bone", "Ischial tuberosity (sit bone)", "Sit bone", "posterior"),
    _region("area_posterior_thigh", "Posterior thigh", "Back of the thigh", "posterior"),
    _region("area_below_knee", "Below the knee (calf / shin)", "Below the knee", "posterior"),
    _region("area_foot", "Foot", "Foot", "posterior"),
    _region("area_low_back", "Low back", "Low back", "posterior"),
    _region(
        "area_sij",
        "SIJ area (below L5, over the PSIS)",
        "Dimple area at the back of the pelvis",
        "posterior",
    ),
    _region("area_groin", "Groin / anterior hip", "Groin / front of the hip", "anterior"),
    # Quality
    _yn(
        "quality_deep_ache",
        H,
        "Quality",
        "Deep, heavy or bruised ache",
        "Deep ache",
        "Ask the patient to describe it in their own words first, then check each descriptor.",
    ),
    _yn("quality_burning", H, "Quality", "Burning", "Burning", "Does it ever burn?"),
    _yn(
        "quality_zinging",
        H,
        "Quality",
        "Zinging, electric or shooting",
        "Zinging or electric",
        "Does it ever zing, shoot or feel electric?",
    ),
    _yn(
        "quality_tingling",
        H,
        "Quality",
        "Tingling / pins and needles",
        "Tingling",
        "Any pins and needles?",
    ),
    _yn(
        "quality_numbness",
        H,
        "Quality",
        "Numbness",
        "Numbness",
        "Any area that feels numb or dead?",
    ),
    _choice(
        "spread",
        H,
        "Spread",
        "Spread pattern",
        "How it spreads",
        "Does it stay in one spot, move around, run down the leg, or cover many areas?",
        (
            ("localised", "Stays in one spot"),
            ("drifts", "Drifts / changes place"),
            ("line_down_leg", "Runs in a line down the leg"),
            ("widespread", "Widespread / many areas"),
        ),
    ),
    # Aggravating factors
    _yn(
        "agg_sitting",
        H,
        "Aggravating factors",
        "Sitting provokes",
        "Sitting",
        "Does sitting bring it on? Hard seats?",
    ),
    Item(
        "sitting_minutes",
        H,
        "Minutes of sitting until pain builds",
        "Minutes of sitting before it hurts",
        MINUTES,
        "Ask how long they can sit before the pain builds (0 = immediately).",
        unit="min",
        min_value=0,
        max_value=600,
        group="Aggravating factors",
    ),
    _yn(
        "agg_car",
        H,
        "Aggravating factors",
        "Car rides provoke",
        "Car rides",
        "Are car rides a problem?",
    ),
    _yn("agg_stairs", H, "Aggravating factors", "Stairs provoke", "Stairs", "Are stairs painful?"),
    _yn(
        "agg_hills",
        H,
        "Aggravating factors",
        "Hills provoke",
        "Hills",
        "Walking or running up hills?",
    ),
    _yn(
        "agg_running",
        H,
        "Aggravating factors",
        "Running / intervals / sprints provoke",
        "Running or sprints",
        "Running, intervals or sprinting?",
    ),
    _yn(
        "agg_single_leg",
        H,
        "Aggravating factors",
        "Single-leg work provokes (stance, step-ups)",
        "Standing on one leg",
        "Standing on one leg, step-ups, getting dressed standing?",
    ),
    _yn(
        "agg_side_lying",
        H,
        "Aggravating factors",
        "Lying on the painful side provokes",
        "Lying on that side",
        "Can they lie on the painful side at night?",
    ),
    _yn(
        "agg_stretch",
        H,
        "Aggravating factors",
        "Stretching provokes (figure-four, hamstring stretch)",
        "Stretching",
        "Do stretches such as the figure-four or a hamstring stretch make it worse?",
    ),
    _yn(
        "agg_bending",
        H,
        "Aggravating factors",
        "Bending / hip hinging provokes",
        "Bending forward",
        "Bending forward or hinging at the hips?",
    ),
    _yn(
        "agg_squat",
        H,
        "Aggravating factors",
        "Squatting / deep hip flexion (shoes and socks) provokes",
        "Squatting or putting on socks",
        "Squatting, low chairs, putting on shoes and socks?",
    ),
    _yn(
        "agg_cough_sneeze",
        H,
        "Aggravating factors",
        "Coughing / sneezing provokes leg pain",
        "Coughing or sneezing",
        "Does coughing or sneezing send pain into the buttock or leg?",
    ),
    _yn(
        "hx_clicking",
        H,
        "Aggravating factors",
        "Clicking, catching or locking in the hip",
        "Clicking or catching in the hip",
        "Any clicking, catching or locking deep in the hip?",
    ),
    # Easing factors
    _yn(
        "ease_rest",
        H,
        "Easing factors",
        "Eases with rest or change of position",
        "Rest or changing position helps",
        "Does rest or changing position ease it?",
    ),
    _yn(
        "ease_moving",
        H,
        "Easing factors",
        "Eases with walking / moving about",
        "Moving about helps",
        "Does getting up and moving about ease it?",
    ),
    # 24-hour pattern
    _choice(
        "morning_stiffness",
        H,
        "24-hour pattern",
        "Morning stiffness",
        "Morning stiffness",
        "How long are they stiff on getting up?",
        (
            ("none", "None"),
            ("under_30", "Under 30 minutes"),
            ("30_to_60", "30 to 60 minutes"),
            ("over_60", "Over 60 minutes"),
        ),
    ),
    _yn(
        "next_day_worse",
        H,
        "24-hour pattern",
        "Worse the morning after activity",
        "Worse the day after activity",
        "Is it stiffer or sorer the morning after a busy day?",
    ),
    _yn(
        "night_pain",
        H,
        "24-hour pattern",
        "Pain wakes them at night",
        "Pain at night",
        "Does pain wake them at night?",
    ),
    _choice(
        "day_to_day",
        H,
        "24-hour pattern",
        "Day-to-day variability",
        "How it changes from day to day",
        "Is it predictable with what they do, or does it vary without a clear reason?",
        (
            ("predictable", "Predictable with load"),
            ("variable", "Varies a lot without a clear reason"),
        ),
    ),
    # Pain and background
    Item(
        "pain_now",
        H,
        "Pain now (NPRS)",
        "Pain right now",
        PAIN_0_10,
        "0 = no pain, 10 = worst pain imaginable.",
        min_value=0,
        max_value=10,
        group="Pain and goals",
    ),
    Item(
        "pain_worst",
        H,
        "Worst pain in the last week (NPRS)",
        "Worst pain this week",
        PAIN_0_10,
        "0 = no pain, 10 = worst pain imaginable.",
        min_value=0,
        max_value=10,
        group="Pain and goals",
    ),
    _yn(
        "hx_back_history",
        H,
        "Background",
        "Previous back problem, sciatica or nerve injury",
        "Back trouble or sciatica before",
        "Any previous back trouble, sciatica or nerve injury?",
    ),
    _yn(
        "hx_touch_sensitivity",
        H,
        "Background",
        "Light touch or clothing on the area hurts",
        "Light touch hurts",
        "Does light touch, clothing or bedsheets on the area hurt?",
    ),
    _yn(
        "hx_sleep_disturbed",
        H,
        "Background",
        "Sleep disturbed with frequent waking",
        "Poor sleep",
        "Is sleep broken most nights?",
    ),
    _yn(
        "hx_fatigue_fog",
        H,
        "Background",
        "Fatigue or problems concentrating",
        "Tiredness or foggy thinking",
        "Ongoing tiredness or trouble concentrating?",
    ),
    _yn(
        "hx_sensory_sensitivity",
        H,
        "Background",
        "Sensitive to sound, light or smells",
        "Sensitive to noise, light or smells",
        "More sensitive than usual to noise, light, smells?",
    ),
    _yn(
        "hx_distress",
        H,
        "Background",
        "High worry, low mood or fear of movement",
        "Worry or low mood",
        "Is the pain worrying them, lowering mood, or making them avoid movement?",
    ),
    Item(
        "function_goals",
        H,
        "Function goals",
        "What you want to get back to",
        TEXT,
        "In the patient's words: what do they want to be able to do again?",
        group="Pain and goals",
    ),
)

R = "red-flags"

RED_FLAG_ITEMS = (
    _yn(
        "rf_bladder_change",
        R,
        "Cauda equina",
        "New bladder change (hesitancy, retention, loss of urge, leaking)",
        "New trouble starting or controlling your wee, or not feeling the need to go",
        "Ask directly; patients rarely volunteer it.",
    ),
    _yn(
        "rf_saddle_numbness",
        R,
        "Cauda equina",
        "Saddle / genital / anal numbness",
        "Numbness between the legs or around the back passage (feels odd when wiping)",
        "Ask about sensation when wiping after the toilet.",
    ),
    _yn(
        "rf_bowel_change",
        R,
        "Cauda equina",
        "New bowel control change",
        "New loss of bowel control",
        "Any new loss of control or not knowing when the bowel is full?",
    ),
    _yn(
        "rf_sexual_dysfunction",
        R,
        "Cauda equina",
        "New sexual dysfunction",
        "New change in sexual function",
        "Any new change in sexual sensation or function?",
    ),
    _yn(
        "rf_bilateral_leg_symptoms",
        R,
        "Cauda equina",
        "Sciatica / leg symptoms in both legs",
        "Leg pain or tingling in both legs",
        "Are both legs affected?",
    ),
    _yn(
        "rf_progressive_weakness",
        R,
        "Neurological",
        "Weakness or numbness getting worse week to week (e.g. foot drop)",
        "Weakness or numbness that is getting worse",
        "Is the weakness or numbness spreading or getting worse?",
    ),
    _yn(
        "rf_cancer_history",
        R,
        "Cancer",
        "Past history of cancer",
        "Cancer in the past",
        "Any cancer in the past, even years ago?",
    ),
    _yn(
        "rf_weight_loss",
        R,
        "Cancer",
        "Unexplained weight loss",
        "Losing weight without trying",
        "Any weight loss without trying?",
    ),
    _yn(
        "rf_constant_night_pain",
        R,
        "Cancer",
        "Constant pain not eased by rest or any position, worse at night",
        "Constant pain that nothing eases, worse at night",
        "Is there any position or rest that eases it at all?",
    ),
    _yn(
        "rf_not_improving",
        R,
        "Cancer",
        "Not improving after 4-6 weeks of appropriate care",
        "Not getting better after 4 to 6 weeks of treatment",
        "Has appropriate care helped at all?",
    ),
    _yn(
        "rf_palpable_mass",
        R,
        "Cancer",
        "Palpable buttock or pelvic mass",
        "A lump in the buttock",
        "Any lump felt by the patient or on examination?",
    ),
    _yn(
        "rf_fever",
        R,
        "Infection",
        "Fever, chills or night sweats",
        "Fever, chills or night sweats",
        "Ask about temperature, shivers, drenching sweats.",
    ),
    _yn(
        "rf_infection_risk",
        R,
        "Infection",
        "Infection risk: recent infection, injection/acupuncture, IV drug use, immunosuppression, "
        "diabetes",
        "Recent infection, injection, or a weakened immune system",
        "Ask about recent infections, injections, immune-lowering medicines, diabetes.",
    ),
    _yn(
        "rf_load_jump_weight_bearing",
        R,
        "Stress fracture",
        "Groin / deep hip pain after a training jump, now painful to bear weight or walk",
        "Pain on walking or standing that started after a jump in training",
        "Ask runners, military recruits and anyone who increased load recently.",
    ),
    _yn(
        "rf_energy_deficiency",
        R,
        "Stress fracture",
        "Low energy availability: menstrual irregularity, restricted eating, prior stress fracture",
        "Irregular periods, under-eating or a previous stress fracture",
        "Ask sensitively about periods, eating and previous bone stress injuries.",
    ),
    _test(
        "rf_hop_pain",
        R,
        "Stress fracture",
        "Pain on single-leg hop",
        "Pain when hopping",
        "Only if walking is pain-free: hop on the affected leg; pain = positive. Do not hop if "
        "weight bearing already hurts.",
        side_aware=False,
    ),
    _yn(
        "rf_pop_bruising",
        R,
        "Hamstring avulsion",
        "Pop with forced hip flexion and straight knee, bruising spreading down the thigh",
        "A pop followed by bruising down the back of the thigh",
        "Slip, water-ski or splits injury? Bruising 3-7 days later?",
    ),
    _yn(
        "rf_palpable_gap",
        R,
        "Hamstring avulsion",
        "Palpable gap / absent tendon at the ischium with marked weakness",
        "A gap where the hamstring tendon should be",
        "Palpate the ischial origin with the knee resisted in flexion.",
    ),
    _yn(
        "rf_claudication",
        R,
        "Other medical",
        "Buttock pain on walking relieved by standing still (vascular risk factors)",
        "Buttock pain when walking that stops when you stand still",
        "Ask about walking distance, smoking, diabetes, vascular disease.",
    ),
    _yn(
        "rf_inflammatory_stiffness",
        R,
        "Other medical",
        "Inflammatory pattern: age under 45, morning stiffness over 30 min, better with exercise",
        "Long morning stiffness that eases with exercise",
        "Ask about morning stiffness duration and response to exercise.",
    ),
)

PALPATION_ITEMS = (
    _palpate(
        "palp_greater_trochanter",
        "Greater trochanter / gluteal tendon insertion",
        "Bony point on the outside of the hip",
        "Side-lying or supine; firm pressure over the trochanter.",
    ),
    _palpate(
        "palp_gluteus_medius_minimus",
        "Gluteus medius / minimus muscle belly",
        "Side buttock muscles",
        "Firm pressure above the trochanter, below the iliac crest.",
    ),
    _palpate(
        "palp_ischial_tuberosity",
        "Ischial tuberosity / hamstring origin",
        "Sit bone",
        "Side-lying with hip flexed; press on the ischial tuberosity.",
    ),
    _palpate(
        "palp_deep_gluteal",
        "Deep gluteal space / piriformis / sciatic notch",
        "Deep in the middle of the buttock",
        "Prone; press through gluteus maximus at the sciatic notch and lateral to the ischium.",
    ),
    _palpate(
        "palp_sciatic_trunk",
        "Sciatic nerve trunk (mid posterior thigh)",
        "Nerve at the back of the thigh",
        "Prone; press along the sciatic nerve between the hamstrings.",
    ),
    _palpate(
        "palp_sij_psis",
        "SIJ / PSIS",
        "Back of the pelvis",
        "Prone; press on and just below the PSIS.",
    ),
    _palpate(
        "palp_lumbar_spine",
        "Lumbar spine (unilateral PA pressure)",
        "Low back",
        "Prone; posteroanterior pressure over L3-S1 on this side.",
    ),
    _palpate(
        "palp_hamstring_belly",
        "Hamstring muscle belly",
        "Back-of-thigh muscle",
        "Prone; palpate along the hamstring bellies.",
    ),
    _test(
        "palp_allodynia",
        "palpation",
        "Sensitivity",
        "Allodynia / hypersensitivity in the painful region",
        "Sensitivity to light touch",
        "Stroke the painful area lightly with a brush or fingertip; pain = positive.",
        side_aware=False,
    ),
)

MOVEMENTS = (
    ("er", "external rotation"),
    ("ir", "internal rotation"),
    ("abd", "abduction"),
    ("ext", "extension"),
)


def _strength_items() -> tuple[Item, ...]:
    items: list[Item] = []
    for key, name in MOVEMENTS:
        group = f"Hip {name}"
        items += [
            Item(
                f"strength_{key}_mrc",
                "strength",
                f"Hip {name}: MRC grade",
                f"Hip {name} strength (grade)",
                MRC_0_5,
                "Manual muscle test, 0 (no contraction) to 5 (normal).",
                side_aware=True,
                min_value=0,
                max_value=5,
                group=group,
            ),
            Item(
                f"strength_{key}_force",
                "strength",
                f"Hip {name}: dynamometer force",
                f"Hip {name} strength (measured)",
                FORCE,
                "Hand-held dynamometer, standardised position, best of several trials.",
                side_aware=True,
                unit="N",
                min_value=0,
                max_value=1000,
                group=group,
            ),
            _yn(
                f"strength_{key}_pain",
                "strength",
                group,
                f"Hip {name}: pain on testing",
                f"Pain when testing hip {name}",
                "Does the resisted test reproduce the familiar pain?",
                side_aware=True,
            ),
        ]
    return tuple(items)


NV = "nerve"

NERVE_ITEMS = (
    _test(
        "slr",
        NV,
        "Neurodynamic tests",
        "Straight-leg raise with structural differentiation",
        "Straight-leg raise",
        "Passive SLR; positive = familiar leg pain (typically below the knee) changed by ankle "
        "dorsiflexion or neck flexion.",
    ),
    _test(
        "crossed_slr",
        NV,
        "Neurodynamic tests",
        "Crossed straight-leg raise",
        "Raising the other leg",
        "Raise the unaffected leg; positive = pain in the affected leg.",
        side_aware=False,
    ),
    _test(
        "slump",
        NV,
        "Neurodynamic tests",
        "Slump test with structural differentiation",
        "Seated slump test",
        "Slump + neck flexion + knee extension + ankle DF; positive = familiar symptoms changed "
        "by releasing neck flexion.",
    ),
    _test(
        "seated_piriformis_stretch",
        NV,
        "Deep gluteal tests",
        "Seated piriformis stretch test",
        "Seated hip stretch test",
        "Sitting, knee extended; examiner adducts and internally rotates the hip while palpating "
        "lateral to the ischium; positive = familiar deep buttock pain.",
    ),
    _test(
        "active_piriformis",
        NV,
        "Deep gluteal tests",
        "Active piriformis test",
        "Side-lying hip push test",
        "Side-lying on the good side, heel on the table: push heel down, abduct/ER against "
        "resistance while the examiner palpates piriformis; positive = familiar pain.",
    ),
    _test(
        "fair",
        NV,
        "Deep gluteal tests",
        "FAIR (flexion, adduction, internal rotation)",
        "Hip twist test",
        "Side-lying or supine, hip flexed 60-90 deg, adducted and internally rotated; positive = "
        "buttock or sciatic pain.",
    ),
    _test(
        "puranen_orava",
        NV,
        "Hamstring tendon tests",
        "Puranen-Orava test",
        "Standing hamstring stretch test",
        "Standing, foot on a bench at ~90 deg hip flexion, knee straight, actively stretch; "
        "positive = pain at the ischial tuberosity.",
    ),
    _test(
        "bent_knee_stretch",
        NV,
        "Hamstring tendon tests",
        "Bent-knee stretch test",
        "Bent-knee stretch test",
        "Supine; fully flex hip and knee, then slowly extend the knee; positive = pain at the "
        "ischial tuberosity.",
    ),
    _test(
        "modified_bent_knee_stretch",
        NV,
        "Hamstring tendon tests",
        "Modified bent-knee stretch test",
        "Quick bent-knee stretch test",
        "Supine, legs straight; fully flex hip and knee then rapidly straighten the knee; "
        "positive = pain at the ischial tuberosity.",
    ),
)

MV = "movement"

MOVEMENT_ITEMS = (
    _choice(
        "repeated_movements",
        MV,
        "Lumbar spine",
        "Lumbar repeated movements (MDT)",
        "Repeated back movements",
        "Repeated flexion/extension/side-glide; centralises = referred pain retreats toward "
        "the midline and stays better.",
        (
            ("centralises", "Centralises"),
            ("peripheralises", "Peripheralises"),
            ("no_effect", "No effect"),
            (NOT_TESTED, "Not tested"),
        ),
    ),
    _test(
        "fadir",
        MV,
        "Hip joint",
        "FADIR (flexion, adduction, internal rotation)",
        "Hip pinch test",
        "Supine, hip 90 deg flexion, adduction + IR with overpressure; positive = familiar groin "
        "or hip pain.",
    ),
    _choice(
        "faber",
        MV,
        "Hip joint",
        "FABER (Patrick) - where is the pain?",
        "Figure-four test",
        "Flexion, abduction, external rotation with overpressure at the knee; record where the "
        "familiar pain is felt.",
        (
            ("lateral_hip", "Lateral hip pain"),
            ("groin", "Groin pain"),
            ("buttock_back", "Buttock / SIJ pain"),
            ("negative", "No familiar pain"),
            (NOT_TESTED, "Not tested"),
        ),
        side_aware=True,
    ),
    Item(
        "hip_ir_range",
        MV,
        "Hip internal rotation range (supine, 90 deg flexion)",
        "How far the hip turns in",
        DEGREES,
        "Goniometer, passive IR with hip and knee at 90 deg. Threshold used: <15 deg "
        "(Altman 1991).",
        side_aware=True,
        unit="°",
        min_value=0,
        max_value=90,
        group="Hip joint",
        evidence_note="Altman 1991 uses IR <15 deg; Sutlive 2008 uses <=25 deg within a 5-item "
        "rule. This protocol uses Altman's 15 deg.",
    ),
    _test(
        "single_leg_stance",
        MV,
        "Gluteal tendon",
        "Single-leg stance 30 s",
        "Standing on one leg for 30 seconds",
        "Stand on the affected leg up to 30 s, fingertip on the wall; positive = lateral hip "
        "pain (>=2/10).",
    ),
    _test(
        "trendelenburg",
        MV,
        "Gluteal tendon",
        "Trendelenburg sign",
        "Hip drop when on one leg",
        "Single-leg stance; positive = pelvis drops on the unsupported side.",
    ),
    _test(
        "resisted_external_derotation",
        MV,
        "Gluteal tendon",
        "Resisted external derotation",
        "Resisted hip turn test",
        "Supine, hip 90 deg flexed and externally rotated; patient resists the return to "
        "neutral rotation; positive = familiar lateral hip pain.",
    ),
    _test(
        "sij_distraction",
        MV,
        "SIJ provocation",
        "SIJ distraction",
        "Pelvis pressure test 1",
        "Supine, posterolateral pressure on both ASIS; positive = familiar pain.",
        side_aware=False,
    ),
    _test(
        "sij_thigh_thrust",
        MV,
        "SIJ provocation",
        "Thigh thrust",
        "Pelvis pressure test 2",
        "Supine, hip 90 deg flexed, axial load through the femur; positive = familiar pain.",
    ),
    _test(
        "sij_compression",
        MV,
        "SIJ provocation",
        "SIJ compression",
        "Pelvis pressure test 3",
        "Side-lying, painful side up, downward force on the iliac crest.",
        side_aware=False,
    ),
    _test(
        "sij_sacral_thrust",
        MV,
        "SIJ provocation",
        "Sacral thrust",
        "Pelvis pressure test 4",
        "Prone, posteroanterior force on the sacrum.",
        side_aware=False,
    ),
    _test(
        "sij_gaenslen",
        MV,
        "SIJ provocation",
        "Gaenslen test",
        "Pelvis pressure test 5",
        "Supine, one hip flexed, the other leg extended off the table edge; test both sides.",
    ),
)

N = "neuro"

MYOTOMES = (
    ("l2", "L2 hip flexion"),
    ("l3", "L3 knee extension"),
    ("l4", "L4 ankle dorsiflexion"),
    ("l5", "L5 great toe extension"),
    ("s1", "S1 ankle plantarflexion / eversion"),
)
DERMATOMES = (
    ("l2", "L2 upper anterior thigh"),
    ("l3", "L3 lower anterior thigh / medial knee"),
    ("l4", "L4 medial leg"),
    ("l5", "L5 dorsum of foot"),
    ("s1", "S1 lateral foot"),
)

SENSATION_CHOICES = (
    ("normal", "Normal"),
    ("reduced", "Reduced"),
    ("increased", "Increased / unpleasant"),
    (NOT_TESTED, "Not tested"),
)
REFLEX_CHOICES = (
    ("normal", "Normal"),
    ("reduced", "Reduced"),
    ("absent", "Absent"),
    (NOT_TESTED, "Not tested"),
)

NEURO_ITEMS = (
    tuple(
        Item(
            f"myotome_{key}",
            N,
            f"Myotome {name}",
            f"Muscle strength check ({key.upper()})",
            MRC_0_5,
            "Resisted isometric test, 0-5.",
            side_aware=True,
            min_value=0,
            max_value=5,
            group="Myotomes",
        )
        for key, name in MYOTOMES
    )
    + tuple(
        _choice(
            f"dermatome_{key}",
            N,
            "Dermatomes",
            f"Dermatome {name}",
            f"Skin feeling check ({key.upper()})",
            "Light touch / pinprick compared with the other side.",
            SENSATION_CHOICES,
            side_aware=True,
        )
        for key, name in DERMATOMES
    )
    + (
        _choice(
            "reflex_knee",
            N,
            "Reflexes",
            "Knee reflex (L3/4)",
            "Knee reflex",
            "Patellar tendon reflex, compare sides.",
            REFLEX_CHOICES,
            side_aware=True,
        ),
        _choice(
            "reflex_ankle",
            N,
            "Reflexes",
            "Ankle reflex (S1)",
            "Ankle reflex",
            "Achilles tendon reflex, compare sides.",
            REFLEX_CHOICES,
            side_aware=True,
        ),
    )
)

_MECHANISM = (
    "Not scored toward a hypothesis; used for the pain-mechanism picture (Smart 2012 "
    "Parts 1-3; Kosek 2021)."
)
_STRENGTH = (
    "Not scored: the side-to-side deficit is reported with a heuristic flag (>10%; "
    "Thorborg 2010 measurement error, Allison 2016 ~32% deficit in gluteal "
    "tendinopathy)."
)
# Why items without evidence links are asked. Linked items are explained by their links.
ITEM_NOTES = {
    "pain_now": "Outcome measure (NPRS); ~2 points / 30% is a meaningful change (Salaffi 2004). "
    "Not scored.",
    "pain_worst": "Outcome measure (NPRS). Not scored.",
    "function_goals": "Patient-specific goals for the handout and review (PSFS-style). Not scored.",
    "ease_rest": _MECHANISM + " Nothing easing it at all is a red-flag prompt.",
    "ease_moving": _MECHANISM,
    "night_pain": _MECHANISM + " Night pain counts against a purely nociceptive picture.",
    "day_to_day": _MECHANISM,
    "hx_touch_sensitivity": _MECHANISM,
    "hx_sleep_disturbed": _MECHANISM,
    "hx_fatigue_fog": _MECHANISM,
    "hx_sensory_sensitivity": _MECHANISM,
    "hx_distress": _MECHANISM + " Distress also guides the intensity of care.",
    "palp_allodynia": _MECHANISM,
    **{f"strength_{key}_{kind}": _STRENGTH for key, _ in MOVEMENTS for kind in ("mrc", "force")},
}

ITEMS = tuple(
    replace(item, evidence_note=ITEM_NOTES[item.code]) if item.code in ITEM_NOTES else item
    for item in (
        HISTORY
        + RED_FLAG_ITEMS
        + PALPATION_ITEMS
        + _strength_items()
        + NERVE_ITEMS
        + MOVEMENT_ITEMS
        + NEURO_ITEMS
    )
)
