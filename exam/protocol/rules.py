"""Clinical rules the engine reads, as data: the pain-mechanism criteria (protocol 2026.11 on).

These used to be item codes inside the engine; here a clinician can review them and a protocol
version can change them. Sources: Smart 2012 Parts 1-3 (Man Ther 17), Kosek 2021 (Pain).
"""

from __future__ import annotations

from .types import Criterion, MechanismRules

LEVELS = ("l2", "l3", "l4", "l5", "s1")
GRADE_4_OR_LESS = (0, 1, 2, 3, 4)

MECHANISM_RULES = MechanismRules(
    descriptors=("quality_burning", "quality_zinging", "quality_tingling"),
    localised=(Criterion(item="spread", values=("localised",)),),
    predictable=(Criterion(item="day_to_day", values=("predictable",)),),
    eases_with_rest=(Criterion(item="ease_rest", values=("yes",)),),
    aggravating_group="Aggravating factors",
    night_pain="night_pain",
    deficit=(
        *(Criterion(item=f"myotome_{k}", values=GRADE_4_OR_LESS) for k in LEVELS),
        *(Criterion(item=f"dermatome_{k}", values=("reduced",)) for k in LEVELS),
        Criterion(item="reflex_knee", values=("reduced", "absent")),
        Criterion(item="reflex_ankle", values=("reduced", "absent")),
    ),
    nerve_history=(Criterion(item="hx_back_history", values=("yes",)),),
    dermatomal=(
        Criterion(item="area_below_knee", values=(True,)),
        Criterion(item="area_foot", values=(True,)),
        Criterion(item="spread", values=("line_down_leg",)),
    ),
    neural_provocation=(
        *(
            Criterion(item=code, values=("positive",))
            for code in ("slr", "slump", "crossed_slr", "seated_piriformis_stretch", "fair")
        ),
        Criterion(item="palp_sciatic_trunk", values=("familiar",)),
    ),
    long_standing=(Criterion(item="duration", values=("over_3_months",)),),
    widespread=(Criterion(item="spread", values=("widespread", "drifts")),),
    regional_min_regions=4,
    hypersensitivity=(Criterion(item="palp_allodynia", values=("positive",)),),
    touch_history=(Criterion(item="hx_touch_sensitivity", values=("yes",)),),
    comorbidities=("hx_sleep_disturbed", "hx_fatigue_fog", "hx_sensory_sensitivity"),
    unpredictable=(Criterion(item="day_to_day", values=("variable",)),),
    distress=(Criterion(item="hx_distress", values=("yes",)),),
    nociceptive_criteria="Smart 2012 Part 3 (localised, proportionate mechanical pattern, "
    "absence of neuropathic descriptors and night pain)",
    neuropathic_criteria="Smart 2012 Part 2 (nerve history, dermatomal referral, provoked by "
    "neural loading)",
    nociplastic_criteria="Kosek 2021 (>=3 months, regional, not explained by the other "
    "mechanisms, hypersensitivity signs; 'probable' adds history of hypersensitivity and a "
    "comorbidity)",
    note="Pain mechanism is reported separately from the tissue source: a tendon can be the "
    "source while the pain is nociplastic-dominant. Criteria: Smart 2012 (clinician-judgement "
    "reference) and Kosek 2021 (judged unsuitable for screening on its own).",
)

UNLINKED_POSITIVE_RATE = 0.15
UNLINKED_POSITIVE_BASIS = (
    "Clinical estimate: in the accuracy studies behind the protocol, tests are positive in "
    "roughly 5-30% of people without the target condition (1 - specificity: e.g. Trendelenburg "
    "0.08, resisted abduction 0.16, SLR in deep gluteal syndrome 0.05, SIJ compression 0.31); "
    "0.15 is used only where a test's own links give no specificity."
)

SCREENING_GROUPS = {
    "Myotomes": "Neuro screen: myotomes",
    "Dermatomes": "Neuro screen: dermatomes",
    "Reflexes": "Neuro screen: reflexes",
}
