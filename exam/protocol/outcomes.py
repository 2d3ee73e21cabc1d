"""Outcome measures for follow-up visits, and when each treatment path should show improvement.

Declarative data, like the rest of the protocol, but outside the protocol versions: an outcome
value is a score the patient or clinician records at each visit, it never feeds the reasoning
engine, so adding a measure does not change how any encounter is assessed. Each measure carries
its range, unit, which direction is better, its licence status and either a published minimal
important change (MIC) or "no published threshold" with the measurement error instead; every
figure cites exam/protocol/sources.py. Nothing here is invented: where no figure was found the
data says so.

Each measure is also an `Item`, so stored values are validated by the same `validate_value`
as exam answers (`validate_outcome`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import sources as src
from .types import MEASUREMENT, PAIN_0_10, SCORE, TEXT, Item, ProtocolError, validate_value

OUTCOME_STEP = "outcomes"
LOWER_IS_BETTER, HIGHER_IS_BETTER = "lower", "higher"
NO_PUBLISHED_THRESHOLD = "no published threshold"
FREE = "free to use"
TOTAL_ONLY = (
    "total only: the questionnaire wording is not reproduced here because its licence for "
    "software use is not verified; the patient fills in the paper form and the clinician "
    "enters the total"
)


@dataclass(frozen=True, kw_only=True)
class OutcomeMeasure:
    """One outcome measure (or, for PSFS, one activity's score or name) recorded per visit.

    `mic` is the published minimal important change in the measure's unit, or None when no
    threshold is published; then `error` (when one was found) is the measurement error the
    progress statements and the chart use instead, and `error_text` says what it is.
    """

    item: Item
    short_label: str  # for charts and tables
    better: str  # LOWER_IS_BETTER or HIGHER_IS_BETTER; "" for a text entry
    mic: float | None = None
    mic_text: str = ""
    mic_citation: str = ""
    error: float | None = None
    error_text: str = ""
    error_citation: str = ""
    licence: str
    licence_citation: str = ""
    total_only: bool = False  # only the total from the paper form is entered (see TOTAL_ONLY)
    carry_forward: bool = False  # the first visit's value is offered again at each follow-up
    group: str = ""  # measures shown and scored together (PSFS)
    for_paths: tuple[str, ...] = ()  # suggested for these treatment paths only; () = everyone
    note: str = ""

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def patient_label(self) -> str:
        return self.item.patient_label

    @property
    def unit(self) -> str:
        return self.item.unit

    @property
    def is_score(self) -> bool:
        """A number to chart and compare (not a PSFS activity name)."""
        return self.item.answer_type != TEXT

    @property
    def threshold(self) -> float | None:
        """The change that counts: the MIC if published, else the measurement error (or None)."""
        return self.mic if self.mic is not None else self.error

    @property
    def threshold_kind(self) -> str:
        """One of "mic", "error" or "" (neither published)."""
        if self.mic is not None:
            return "mic"
        return "error" if self.error is not None else ""

    @property
    def threshold_citation(self) -> str:
        return self.mic_citation if self.mic is not None else self.error_citation

    def describe_threshold(self) -> str:
        """The threshold in words, for the review document and the screen."""
        if not self.is_score:
            return "-"
        if self.mic is not None:
            return f"Minimal important change {_num(self.mic)} {self.unit}: {self.mic_text}".strip()
        parts = [NO_PUBLISHED_THRESHOLD.capitalize()]
        if self.error is not None:
            parts.append(f"measurement error {_num(self.error)} {self.unit}: {self.error_text}")
        else:
            parts.append(f"measurement error: {self.error_text or 'no figure found'}")
        return "; ".join(parts)


def _num(value: float) -> str:
    return f"{value:g}"


def _item(
    code: str,
    label: str,
    patient_label: str,
    answer_type: str,
    how: str,
    *,
    unit: str = "",
    low: float | None = None,
    high: float | None = None,
) -> Item:
    return Item(
        code=code,
        step=OUTCOME_STEP,
        label=label,
        patient_label=patient_label,
        answer_type=answer_type,
        how=how,
        unit=unit,
        min_value=low,
        max_value=high,
        group=OUTCOME_STEP,
    )


NPRS_MIC = dict(
    mic=2.0,
    mic_text="2 points (about a third) is the change patients with chronic musculoskeletal pain "
    "call 'much better'; 1 point is a minimal change",
    mic_citation=src.SALAFFI_2004 + "; " + src.ABBOTT_SCHMITT_2014,
)

NPRS_AVERAGE = OutcomeMeasure(
    item=_item(
        "nprs_average",
        "Average pain over the last week (NPRS)",
        "Your average pain over the last week",
        PAIN_0_10,
        "Ask: 'On average over the last week, how bad has the pain been, from 0 (no pain) to 10 "
        "(worst pain imaginable)?'",
        unit="points",
        low=0,
        high=10,
    ),
    short_label="Average pain",
    better=LOWER_IS_BETTER,
    licence=FREE + " (single question, no owner)",
    **NPRS_MIC,  # type: ignore[arg-type]
)
NPRS_WORST = OutcomeMeasure(
    item=_item(
        "nprs_worst",
        "Worst pain over the last week (NPRS)",
        "Your worst pain over the last week",
        PAIN_0_10,
        "Ask: 'At its worst over the last week, how bad was the pain, from 0 (no pain) to 10 "
        "(worst pain imaginable)?'",
        unit="points",
        low=0,
        high=10,
    ),
    short_label="Worst pain",
    better=LOWER_IS_BETTER,
    licence=FREE + " (single question, no owner)",
    note="The published change figures are for pain intensity on the 0-10 scale in general; "
    "none was found for worst pain separately.",
    **NPRS_MIC,  # type: ignore[arg-type]
)


def _psfs_activity(n: int) -> OutcomeMeasure:
    return OutcomeMeasure(
        item=_item(
            f"psfs_activity_{n}",
            f"PSFS activity {n}",
            f"Activity {n} you chose",
            TEXT,
            "An important activity the patient finds hard because of the problem, in their own "
            "words. Chosen at the first visit; the same activity is scored at every visit.",
        ),
        short_label=f"Activity {n}",
        better="",
        licence=FREE,
        licence_citation=src.STRATFORD_1995,
        carry_forward=True,
        group="psfs",
    )


def _psfs_score(n: int) -> OutcomeMeasure:
    return OutcomeMeasure(
        item=_item(
            f"psfs_{n}",
            f"PSFS activity {n} score",
            f"How well you can do activity {n}",
            SCORE,
            "Ask: 'How able are you to do this activity today, from 0 (unable) to 10 (as well as "
            "before the problem)?'",
            unit="points",
            low=0,
            high=10,
        ),
        short_label=f"PSFS activity {n}",
        better=HIGHER_IS_BETTER,
        error=3.0,
        error_text="detectable change for a single activity (90% confidence); no important-change "
        "figure for a single activity",
        error_citation=src.STRATFORD_1995,
        licence=FREE,
        licence_citation=src.STRATFORD_1995,
        group="psfs",
    )


# The PSFS score is the mean of the activities scored; its threshold applies to that mean.
PSFS_MEAN_CODE = "psfs_mean"
PSFS_MEAN = OutcomeMeasure(
    item=_item(
        PSFS_MEAN_CODE,
        "Patient-Specific Functional Scale (PSFS), mean of the activities",
        "How well you can do the activities you chose",
        MEASUREMENT,
        "Not entered: the mean of the activity scores recorded at the visit.",
        unit="points",
        low=0,
        high=10,
    ),
    short_label="PSFS (mean)",
    better=HIGHER_IS_BETTER,
    mic=2.3,
    mic_text="the 'medium' patient-perceived change; the 'small' change (1.3) is below the "
    "measurement error of the mean (2 points, Stratford 1995), so it is not used",
    mic_citation=src.ABBOTT_SCHMITT_2014,
    error=2.0,
    error_text="detectable change of the mean (90% confidence)",
    error_citation=src.STRATFORD_1995,
    licence=FREE,
    licence_citation=src.STRATFORD_1995,
    group="psfs",
)

GROC = OutcomeMeasure(
    item=_item(
        "groc",
        "Global rating of change since the first visit",
        "How you feel you have changed since your first visit",
        SCORE,
        "Ask: 'Overall, how has your problem changed since your first visit?' -7 = a very great "
        "deal worse, 0 = about the same, +7 = a very great deal better. Not asked at the first "
        "visit.",
        unit="points",
        low=-7,
        high=7,
    ),
    short_label="Global change",
    better=HIGHER_IS_BETTER,
    error_text="no figure found. The rating is itself the patient's judgement of change (it is "
    "the anchor other measures' important change is judged against), so any rating above 0 is "
    "'better' in the patient's own words",
    error_citation=src.KAMPER_2009,
    licence=FREE + " (generic scale; no owner identified, not verified)",
    note="The -7 to +7 scale (15 points) is one common design; Kamper 2009 discusses the design "
    "choices. The rating is of change, so it is shown as it is, not as a change between visits.",
)

SLS_PAIN_ONSET = OutcomeMeasure(
    item=_item(
        "sls_pain_onset",
        "Single-leg stance on the painful side: seconds to pain onset",
        "How long you can stand on the painful leg before it hurts",
        MEASUREMENT,
        "Stand on the painful leg, a finger on the wall for balance, up to 30 s; record the "
        "seconds until the familiar pain starts (30 if no pain).",
        unit="s",
        low=0,
        high=30,
    ),
    short_label="One-leg stance",
    better=HIGHER_IS_BETTER,
    error_text="no figure found; the core outcome set for gluteal tendinopathy lists this test "
    "as an interim measure because no measure yet has adequate measurement properties",
    error_citation=src.FEARON_2024_COS,
    licence="physical test; no licence needed",
    for_paths=("gluteal_tendinopathy", "load"),
)

HIP_ABDUCTION_RATIO = OutcomeMeasure(
    item=_item(
        "hip_abduction_ratio",
        "Hip abduction strength: painful side as % of the other side",
        "Strength of the hip muscles on the painful side compared with the other side",
        MEASUREMENT,
        "Hand-held dynamometer, same position each visit, best of several trials each side; "
        "painful side divided by the other side, as a percentage.",
        unit="%",
        low=0,
        high=200,
    ),
    short_label="Abduction strength",
    better=HIGHER_IS_BETTER,
    error=12.0,
    error_text="upper end of the between-session variation of hand-held dynamometry (3-12%; "
    "under 5-8% with the best of 4 trials)",
    error_citation=src.THORBORG_2010,
    licence="physical test; no licence needed",
    note="Listed in the gluteal tendinopathy core outcome set (Fearon 2024). The side-to-side "
    "variation applies to each side's measurement; the ratio's own error was not found.",
)

VISA_G = OutcomeMeasure(
    item=_item(
        "visa_g",
        "VISA-G total (gluteal tendinopathy), entered from the paper form",
        "Hip tendon questionnaire score",
        SCORE,
        "The patient fills in the VISA-G paper form; enter its total (0-100). "
        + TOTAL_ONLY.capitalize()
        + ".",
        unit="points",
        low=0,
        high=100,
    ),
    short_label="VISA-G",
    better=HIGHER_IS_BETTER,
    error_text="no figure found; a systematic review rates the evidence on its measurement "
    "error as low quality",
    error_citation=src.FEARON_2015_VISAG,
    licence=src.LICENCE_NOT_VERIFIED,
    total_only=True,
    for_paths=("gluteal_tendinopathy",),
)

VISA_H = OutcomeMeasure(
    item=_item(
        "visa_h",
        "VISA-H total (proximal hamstring tendinopathy), entered from the paper form",
        "Hamstring tendon questionnaire score",
        SCORE,
        "The patient fills in the VISA-H paper form; enter its total (0-100). "
        + TOTAL_ONLY.capitalize()
        + ".",
        unit="points",
        low=0,
        high=100,
    ),
    short_label="VISA-H",
    better=HIGHER_IS_BETTER,
    error_text="no figure found (test-retest ICC 0.90-0.95 is reported, not an error in points)",
    error_citation=src.CACCHIO_2014_VISAH + "; " + src.NASSER_PHT_REVIEW,
    licence=src.LICENCE_NOT_VERIFIED,
    total_only=True,
    for_paths=("proximal_hamstring_tendinopathy",),
)

PSFS_SLOTS = 3

# What the clinician enters at a visit, in the order shown. PSFS_MEAN is derived, not entered.
OUTCOME_MEASURES: tuple[OutcomeMeasure, ...] = (
    NPRS_AVERAGE,
    NPRS_WORST,
    *(m for n in range(1, PSFS_SLOTS + 1) for m in (_psfs_activity(n), _psfs_score(n))),
    GROC,
    SLS_PAIN_ONSET,
    HIP_ABDUCTION_RATIO,
    VISA_G,
    VISA_H,
)
OUTCOMES_BY_CODE: Mapping[str, OutcomeMeasure] = MappingProxyType(
    {m.code: m for m in (*OUTCOME_MEASURES, PSFS_MEAN)}
)
# The measures charted across visits, in order (PSFS as its mean, GROC as rated).
CHARTED_MEASURES: tuple[OutcomeMeasure, ...] = (
    NPRS_AVERAGE,
    NPRS_WORST,
    PSFS_MEAN,
    GROC,
    SLS_PAIN_ONSET,
    HIP_ABDUCTION_RATIO,
    VISA_G,
    VISA_H,
)


def get_outcome(code: str) -> OutcomeMeasure:
    try:
        return OUTCOMES_BY_CODE[code]
    except KeyError:
        raise ProtocolError(
            f'Unknown outcome measure "{code}". Known measures: '
            + ", ".join(m.code for m in OUTCOME_MEASURES)
            + "."
        ) from None


def validate_outcome(code: str, value: Any) -> Any:
    """The normalised value for outcome `code`, or ProtocolError with a clinician's message."""
    measure = get_outcome(code)
    if code == PSFS_MEAN_CODE:
        raise ProtocolError(
            "The PSFS mean is not entered: it is worked out from the activity scores."
        )
    return validate_value(measure.item, value)


def measures_for_path(path_code: str | None) -> tuple[OutcomeMeasure, ...]:
    """The measures to offer at a visit on this treatment path (condition scores only on theirs)."""
    return tuple(m for m in OUTCOME_MEASURES if not m.for_paths or path_code in m.for_paths)


def psfs_mean(scores: Mapping[str, Any]) -> float | None:
    """The PSFS score: mean of the activity scores present in `scores` (code -> value)."""
    values = [
        scores[f"psfs_{n}"]
        for n in range(1, PSFS_SLOTS + 1)
        if isinstance(scores.get(f"psfs_{n}"), int | float)
        and not isinstance(scores.get(f"psfs_{n}"), bool)
    ]
    if not values:
        return None
    return round(sum(values) / len(values), 1)


# --- When a treatment path should be showing improvement ---------------------------------------


@dataclass(frozen=True, kw_only=True)
class ExpectedImprovement:
    """By `weeks` after the first visit the patient should be improving on this path.

    `estimate` is True when no study gives a time for this path; `citation` then says what the
    estimate is based on. Used by the "not improving" rule (exam/progress.py); the clinician is
    prompted to rethink, never told what to do.
    """

    weeks: int
    citation: str
    estimate: bool = False


_LOAD_ESTIMATE = src.estimate(
    "the tendon-loading timelines of the load paths (LEAP 8-week results, Mellor 2018); no "
    "time was published for this path"
)
_NERVE_ESTIMATE = src.estimate(
    "the project evidence base: refer if disabling radicular pain fails about 6-8 weeks of "
    "conservative care (timing unverified); the lower end is used"
)
_REFERRED_ESTIMATE = src.estimate(
    "the treatment paths' advice to confirm within 1-2 weeks that treating the source helps; no "
    "time was published for this path, so 4 weeks is allowed"
)

IMPROVEMENT_EXPECTED: Mapping[str, ExpectedImprovement] = MappingProxyType(
    {
        "gluteal_tendinopathy": ExpectedImprovement(
            weeks=8,
            citation=src.MELLOR_2018
            + ": most patients on education + exercise rated themselves a success by 8 weeks",
        ),
        "proximal_hamstring_tendinopathy": ExpectedImprovement(
            weeks=12,
            citation=src.estimate(
                "one case report (VISA-H 23 to 83 by 12 weeks) and the path's advice to review "
                "if nothing improves after about 3 months"
            ),
            estimate=True,
        ),
        "muscle_strain": ExpectedImprovement(weeks=4, citation=_REFERRED_ESTIMATE, estimate=True),
        "myofascial_trigger_points": ExpectedImprovement(
            weeks=4, citation=_REFERRED_ESTIMATE, estimate=True
        ),
        "ischial_bursitis": ExpectedImprovement(weeks=8, citation=_LOAD_ESTIMATE, estimate=True),
        "deep_gluteal_syndrome": ExpectedImprovement(
            weeks=6, citation=_NERVE_ESTIMATE, estimate=True
        ),
        "lumbar_radiculopathy": ExpectedImprovement(
            weeks=6, citation=_NERVE_ESTIMATE, estimate=True
        ),
        "sciatic_nerve_sensitisation": ExpectedImprovement(
            weeks=6, citation=_NERVE_ESTIMATE, estimate=True
        ),
        "lumbar_somatic_referral": ExpectedImprovement(
            weeks=2,
            citation=src.LONG_2004
            + ": with exercise matched to the directional preference nobody dropped out for "
            "lack of improvement, while a third of the other groups did within 2 weeks",
        ),
        "sij_pain": ExpectedImprovement(weeks=4, citation=_REFERRED_ESTIMATE, estimate=True),
        "hip_oa": ExpectedImprovement(weeks=4, citation=_REFERRED_ESTIMATE, estimate=True),
        "fai_labral": ExpectedImprovement(weeks=4, citation=_REFERRED_ESTIMATE, estimate=True),
        "load": ExpectedImprovement(weeks=8, citation=_LOAD_ESTIMATE, estimate=True),
        "nerve": ExpectedImprovement(weeks=6, citation=_NERVE_ESTIMATE, estimate=True),
        "referred": ExpectedImprovement(weeks=4, citation=_REFERRED_ESTIMATE, estimate=True),
    }
)


def improvement_expected(path_code: str | None) -> ExpectedImprovement | None:
    """When the path's patient should be improving by, or None (red-flag paths: referral)."""
    return IMPROVEMENT_EXPECTED.get(path_code or "")
