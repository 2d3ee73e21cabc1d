"""Building blocks of a protocol version: answer types, frozen records and value validation.

Pure Python on purpose: the engine, the management commands, the forms and the PDFs all read the
same records, and the engine must be importable without Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# --- Answer types -------------------------------------------------------------------------------

YES_NO_UNSURE = "yes_no_unsure"
TEST_RESULT = "test_result"
PAIN_0_10 = "pain_0_10"
MRC_0_5 = "mrc_0_5"
FORCE = "force"
DEGREES = "degrees"
MINUTES = "minutes"
CHOICE = "choice"
REGION = "region"
PALPATION = "palpation"
TEXT = "text"
# Outcome measures (exam/protocol/outcomes.py): a whole-number score or a decimal measurement,
# each within the measure's own range.
SCORE = "score"
MEASUREMENT = "measurement"

ANSWER_TYPES = (
    YES_NO_UNSURE,
    TEST_RESULT,
    PAIN_0_10,
    MRC_0_5,
    FORCE,
    DEGREES,
    MINUTES,
    CHOICE,
    REGION,
    PALPATION,
    TEXT,
    SCORE,
    MEASUREMENT,
)
NUMERIC_TYPES = frozenset({PAIN_0_10, MRC_0_5, FORCE, DEGREES, MINUTES, SCORE, MEASUREMENT})
INTEGER_TYPES = frozenset({PAIN_0_10, MRC_0_5, MINUTES, SCORE})
# Answer types whose allowed values are the item's `choices`.
CHOICE_TYPES = frozenset({YES_NO_UNSURE, TEST_RESULT, CHOICE, PALPATION})

YES, NO, UNSURE = "yes", "no", "unsure"
POSITIVE, NEGATIVE, EQUIVOCAL, NOT_TESTED = "positive", "negative", "equivocal", "not_tested"
FAMILIAR, TENDER, NOT_TENDER = "familiar", "tender", "not_tender"

YES_NO_UNSURE_CHOICES = ((YES, "Yes"), (NO, "No"), (UNSURE, "Unsure"))
TEST_RESULT_CHOICES = (
    (POSITIVE, "Positive"),
    (NEGATIVE, "Negative"),
    (EQUIVOCAL, "Equivocal"),
    (NOT_TESTED, "Not tested"),
)
PALPATION_CHOICES = (
    (FAMILIAR, "Familiar pain reproduced"),
    (TENDER, "Tender, not the familiar pain"),
    (NOT_TENDER, "Not tender"),
    (NOT_TESTED, "Not tested"),
)
STANDARD_CHOICES = {
    YES_NO_UNSURE: YES_NO_UNSURE_CHOICES,
    TEST_RESULT: TEST_RESULT_CHOICES,
    PALPATION: PALPATION_CHOICES,
}
NOT_TESTED_REASONS = ("pain", "contraindicated", "time", "other")

LEFT, RIGHT = "left", "right"
SIDES = (LEFT, RIGHT)
SYMPTOMATIC_SIDES = (LEFT, RIGHT, "both", None)
TEXT_MAX_LENGTH = 500

STEP_SLUGS = ("history", "red-flags", "palpation", "strength", "nerve", "movement", "neuro")
# Steps whose untested items the engine may suggest as "next test" (the physical examination).
EXAM_STEPS = ("palpation", "strength", "nerve", "movement", "neuro")
BODY_VIEWS = ("posterior", "lateral", "anterior")

FAMILY_CODES = ("load", "nerve", "referred")
URGENCIES = ("emergency", "urgent", "soon")  # ordered: most urgent first

# Quality tags for evidence. The "likely overestimated" ones are shrunk toward 1 by the engine.
QUALITY_META = "meta-analysis"
QUALITY_COHORT = "cohort"
QUALITY_SECONDARY = "secondary source"
QUALITY_CASE_CONTROL = "case-control (likely overestimated)"
QUALITY_CIRCULAR = "cohort with partly circular reference standard (likely overestimated)"
QUALITY_SINGLE_COHORT = "single small cohort, primary paper unconfirmed (likely overestimated)"
QUALITY_ESTIMATE = "clinical estimate"
QUALITIES = (
    QUALITY_META,
    QUALITY_COHORT,
    QUALITY_SECONDARY,
    QUALITY_CASE_CONTROL,
    QUALITY_CIRCULAR,
    QUALITY_SINGLE_COHORT,
    QUALITY_ESTIMATE,
)
OVERESTIMATED_QUALITIES = frozenset({QUALITY_CASE_CONTROL, QUALITY_CIRCULAR, QUALITY_SINGLE_COHORT})


class ProtocolError(ValueError):
    """An answer, side, code or version that the protocol does not allow.

    The message is written for the clinician: it names the item and what is allowed.
    """


# --- Records ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Step:
    slug: str
    label: str
    patient_label: str
    intro: str


@dataclass(frozen=True, kw_only=True)
class Item:
    code: str
    step: str
    label: str
    patient_label: str
    answer_type: str
    how: str
    side_aware: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    min_value: float | None = None
    max_value: float | None = None
    group: str = ""
    evidence_note: str = ""
    region: str | None = None  # body-chart view for "region" items
    # Values that count as "positive" on the red-flag screen, beyond the defaults
    # (yes / positive / MRC grade <= RED_FLAG_MRC_MAX). Used e.g. for age band in combinations.
    flag_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Yes/no, test-result and palpation items share their answer type's standard choices.
        if not self.choices and self.answer_type in STANDARD_CHOICES:
            object.__setattr__(self, "choices", STANDARD_CHOICES[self.answer_type])

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    @property
    def accepts_reason(self) -> bool:
        return NOT_TESTED in self.choice_values

    def choice_label(self, value: Any) -> str:
        for choice_value, label in self.choices:
            if choice_value == value:
                return label
        return str(value)

    def describe_allowed(self) -> str:
        """Allowed values in words, for error messages and `protocol --json`."""
        if self.answer_type in CHOICE_TYPES:
            return "one of " + ", ".join(f'"{v}"' for v in self.choice_values)
        if self.answer_type == REGION:
            return "true (marked) or false (not marked)"
        if self.answer_type == TEXT:
            return f"text up to {TEXT_MAX_LENGTH} characters"
        kind = "a whole number" if self.answer_type in INTEGER_TYPES else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} from {_fmt(self.min_value)} to {_fmt(self.max_value)}{unit}"


@dataclass(frozen=True, kw_only=True)
class Family:
    code: str
    label: str
    patient_label: str
    description: str
    patient_description: str


@dataclass(frozen=True, kw_only=True)
class Hypothesis:
    code: str
    label: str
    patient_label: str
    family: str
    prior: float
    prior_source: str
    description: str
    patient_description: str


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One link from an item's answer to a hypothesis, as a likelihood ratio pair.

    `lr_pos` applies when the answer counts as positive for this link, `lr_neg` when it counts
    as negative; anything else (unsure, equivocal, not tested, "tender but not familiar")
    changes nothing. What counts as positive defaults by answer type (yes / positive / familiar
    / marked) and can be overridden with `positive_values`/`negative_values` (choice items) or
    `threshold` + `positive_if` (numeric items).
    """

    item: str
    hypothesis: str
    lr_pos: float
    lr_neg: float
    citation: str
    quality: str
    estimate: bool
    note: str = ""
    # Links in one dependency group stress the same tissue: the engine uses only the strongest
    # LR in each direction per hypothesis. "" means the item is its own group.
    group: str = ""
    positive_values: tuple[Any, ...] = ()
    negative_values: tuple[Any, ...] = ()
    threshold: float | None = None
    positive_if: str = ""  # "lt", "le", "gt" or "ge" against `threshold`

    @property
    def group_key(self) -> str:
        return self.group or f"item:{self.item}"

    @property
    def likely_overestimated(self) -> bool:
        return self.quality in OVERESTIMATED_QUALITIES

    def polarity(self, item: Item, value: Any) -> int:
        """+1 if `value` counts as positive for this link, -1 if negative, 0 if neutral."""
        if self.threshold is not None:
            if not isinstance(value, int | float) or isinstance(value, bool):
                return 0
            hit = {
                "lt": value < self.threshold,
                "le": value <= self.threshold,
                "gt": value > self.threshold,
                "ge": value >= self.threshold,
            }[self.positive_if]
            return 1 if hit else -1
        if self.positive_values or self.negative_values:
            if value in self.positive_values:
                return 1
            if value in self.negative_values:
                return -1
            return 0
        return default_polarity(item, value)


@dataclass(frozen=True, kw_only=True)
class ClusterRule:
    """A composite computed from several tests and applied once instead of them (e.g. Laslett).

    `members` are (item code, which side) pairs: side "symptomatic" counts the symptomatic side
    (either side if both/unknown); "left"/"right" count that side whatever the symptoms; None is
    for items that are not side-aware.
    """

    code: str
    label: str
    hypothesis: str
    group: str  # the dependency group whose individual links the cluster replaces
    members: tuple[tuple[str, str | None], ...]
    min_positive: int
    lr_pos: float
    lr_neg: float
    citation: str
    quality: str
    estimate: bool
    note: str
    # (item, value) that suspends a *positive* cluster (Laslett: exclude centralisers first).
    suspended_by: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Criterion:
    """One answer pattern used by rules: `item` answered with one of `values`.

    Empty `values` means "counts as positive on a red-flag screen" (yes / positive / familiar /
    marked / MRC grade <= RED_FLAG_MRC_MAX / the item's `flag_values`). Side-aware items hold
    when either side matches. An item missing from the protocol version never holds.
    """

    item: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Combination:
    """A red-flag pattern of several answers.

    It fires when at least `min_count` of `members` hold and each group in `requires` has at
    least one criterion that holds.
    """

    label: str
    members: tuple[Criterion, ...] = ()
    min_count: int = 0
    requires: tuple[tuple[Criterion, ...], ...] = ()


@dataclass(frozen=True, kw_only=True)
class RedFlag:
    code: str
    label: str
    patient_label: str
    urgency: str
    action: str
    patient_action: str
    citation: str
    items: tuple[str, ...]  # any one positive answer triggers the flag
    combination: tuple[str, ...] = ()  # ...or at least `combination_min` of these together
    combination_min: int = 0
    combinations: tuple[Combination, ...] = ()  # ...or any of these patterns
    # Within one urgency, the lower number leads when several flags fire: the more specific
    # action (e.g. "image the pelvis") comes before a generic one (e.g. "spinal MRI").
    priority: int = 50
    note: str = ""

    @property
    def all_items(self) -> tuple[str, ...]:
        codes = list(self.items) + [c for c in self.combination if c not in self.items]
        for combo in self.combinations:
            for crit in combo.members + tuple(c for g in combo.requires for c in g):
                if crit.item not in codes:
                    codes.append(crit.item)
        return tuple(codes)


@dataclass(frozen=True, kw_only=True)
class ContextTest:
    """A red-flag test to suggest as "next test" when the history calls for it.

    Suggested while unanswered, when every group in `when` has at least one criterion holding.
    """

    item: str
    when: tuple[tuple[Criterion, ...], ...]
    reason: str
    citation: str


@dataclass(frozen=True, kw_only=True)
class MechanismRules:
    """Which answers feed the pain-mechanism picture (Smart 2012 Parts 1-3, Kosek 2021).

    Each tuple of criteria holds when any one of them holds (on a counted side).
    """

    descriptors: tuple[str, ...]  # yes/no items: neuropathic descriptors
    localised: tuple[Criterion, ...]
    predictable: tuple[Criterion, ...]
    eases_with_rest: tuple[Criterion, ...]
    aggravating_group: str  # yes/no items of this group are the aggravating factors
    night_pain: str  # a yes/no item
    deficit: tuple[Criterion, ...]
    nerve_history: tuple[Criterion, ...]
    dermatomal: tuple[Criterion, ...]
    neural_provocation: tuple[Criterion, ...]
    long_standing: tuple[Criterion, ...]
    widespread: tuple[Criterion, ...]
    regional_min_regions: int  # this many marked body-chart regions also count as regional
    hypersensitivity: tuple[Criterion, ...]
    touch_history: tuple[Criterion, ...]
    comorbidities: tuple[str, ...]  # yes/no items
    unpredictable: tuple[Criterion, ...]
    distress: tuple[Criterion, ...]
    nociceptive_criteria: str
    neuropathic_criteria: str
    nociplastic_criteria: str
    note: str


@dataclass(frozen=True, kw_only=True)
class Wording:
    """One piece of advice in clinician words and in plain words for the patient handout."""

    clinician: str
    patient: str

    def to_dict(self) -> dict[str, str]:
        return {"clinician": self.clinician, "patient": self.patient}


@dataclass(frozen=True, kw_only=True)
class Exercise:
    name: str
    patient_name: str
    dose: str
    how: str  # plain words: it goes on the patient handout as written
    progress_when: str

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "patient_name": self.patient_name,
            "dose": self.dose,
            "how": self.how,
            "progress_when": self.progress_when,
        }


@dataclass(frozen=True, kw_only=True)
class Phase:
    name: str
    patient_name: str
    exercises: tuple[Exercise, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "patient_name": self.patient_name,
            "exercises": [e.to_dict() for e in self.exercises],
        }


@dataclass(frozen=True, kw_only=True)
class TreatmentPath:
    code: str
    kind: str  # "hypothesis", "family" or "red_flag"
    title: str
    patient_title: str
    goals: tuple[Wording, ...]
    reduce_avoid: tuple[Wording, ...]
    follow_up: Wording
    citation: tuple[str, ...]
    seek_help_sooner: tuple[Wording, ...]
    phases: tuple[Phase, ...] = ()
    progress_criteria: tuple[Wording, ...] = ()
    home_exercises: tuple[Exercise, ...] = ()
    education: tuple[Wording, ...] = ()
    urgency: str | None = None  # red-flag paths only

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "patient_title": self.patient_title,
            "urgency": self.urgency,
            "goals": [w.to_dict() for w in self.goals],
            "reduce_avoid": [w.to_dict() for w in self.reduce_avoid],
            "phases": [p.to_dict() for p in self.phases],
            "progress_criteria": [w.to_dict() for w in self.progress_criteria],
            "home_exercises": [e.to_dict() for e in self.home_exercises],
            "education": [w.to_dict() for w in self.education],
            "seek_help_sooner": [w.to_dict() for w in self.seek_help_sooner],
            "follow_up": self.follow_up.to_dict(),
            "citation": list(self.citation),
        }

    def for_patient(self) -> dict[str, Any]:
        """Only the plain-language side, for the patient handout."""
        return {
            "title": self.patient_title,
            "urgency": self.urgency,
            "goals": [w.patient for w in self.goals],
            "reduce_avoid": [w.patient for w in self.reduce_avoid],
            "phases": [
                {
                    "name": p.patient_name,
                    "exercises": [
                        {
                            "name": e.patient_name,
                            "dose": e.dose,
                            "how": e.how,
                            "progress_when": e.progress_when,
                        }
                        for e in p.exercises
                    ],
                }
                for p in self.phases
            ],
            "progress_criteria": [w.patient for w in self.progress_criteria],
            "home_exercises": [
                {"name": e.patient_name, "dose": e.dose, "how": e.how} for e in self.home_exercises
            ],
            "education": [w.patient for w in self.education],
            "seek_help_sooner": [w.patient for w in self.seek_help_sooner],
            "follow_up": self.follow_up.patient,
        }


# eq=False keeps identity hashing, so the engine can cache its per-protocol index by object.
@dataclass(frozen=True, eq=False, kw_only=True)
class Protocol:
    version: str
    steps: tuple[Step, ...]
    items: tuple[Item, ...]
    families: tuple[Family, ...]
    hypotheses: tuple[Hypothesis, ...]
    evidence: tuple[Evidence, ...]
    clusters: tuple[ClusterRule, ...]
    red_flags: tuple[RedFlag, ...]
    treatment_paths: Mapping[str, TreatmentPath]
    # Dependency groups where one positive member is the finding (see evidence module).
    battery_groups: frozenset[str]
    # Advice added to any treatment path when the pain picture is nociplastic-dominant.
    nociplastic_advice: tuple[Wording, ...]
    nociplastic_citation: str
    mechanism: MechanismRules
    # Next-test model: how often a test is positive in conditions it is not linked to, when
    # its own links give no specificity (an estimate; see docs/clinical-model.md).
    unlinked_positive_rate: float
    unlinked_positive_basis: str
    # Item groups suggested as one "next test" (e.g. the five myotomes): group -> label.
    screening_groups: Mapping[str, str] = field(default_factory=dict)
    context_tests: tuple[ContextTest, ...] = ()
    items_by_code: Mapping[str, Item] = field(init=False)
    hypotheses_by_code: Mapping[str, Hypothesis] = field(init=False)
    families_by_code: Mapping[str, Family] = field(init=False)
    evidence_by_item: Mapping[str, tuple[Evidence, ...]] = field(init=False)

    def __post_init__(self) -> None:
        by_item: dict[str, list[Evidence]] = {}
        for link in self.evidence:
            by_item.setdefault(link.item, []).append(link)
        derived: dict[str, dict[str, Any]] = {
            "items_by_code": {i.code: i for i in self.items},
            "hypotheses_by_code": {h.code: h for h in self.hypotheses},
            "families_by_code": {f.code: f for f in self.families},
            "evidence_by_item": {k: tuple(v) for k, v in by_item.items()},
        }
        for name, mapping in derived.items():
            object.__setattr__(self, name, MappingProxyType(mapping))
        object.__setattr__(self, "treatment_paths", MappingProxyType(dict(self.treatment_paths)))
        object.__setattr__(self, "screening_groups", MappingProxyType(dict(self.screening_groups)))

    def items_for_step(self, slug: str) -> tuple[Item, ...]:
        if slug not in {s.slug for s in self.steps}:
            raise ProtocolError(f'Unknown step "{slug}". Steps: {", ".join(STEP_SLUGS)}.')
        return tuple(i for i in self.items if i.step == slug)

    def item(self, code: str) -> Item:
        try:
            return self.items_by_code[code]
        except KeyError:
            raise ProtocolError(f'Unknown item "{code}" in protocol {self.version}.') from None


# --- Value semantics ----------------------------------------------------------------------------

RED_FLAG_MRC_MAX = 3  # objective myotomal weakness of grade 3/5 or less is screened as a red flag


def default_polarity(item: Item, value: Any) -> int:
    """Whether an answer is the "positive" or "negative" pole of its answer type (0 = neither)."""
    kind = item.answer_type
    if kind == YES_NO_UNSURE:
        return {YES: 1, NO: -1}.get(value, 0)
    if kind == TEST_RESULT:
        return {POSITIVE: 1, NEGATIVE: -1}.get(value, 0)
    if kind == PALPATION:
        return {FAMILIAR: 1, NOT_TENDER: -1}.get(value, 0)
    if kind == REGION:
        return 1 if value is True else -1 if value is False else 0
    return 0


def red_flag_positive(item: Item, value: Any) -> bool:
    if value in item.flag_values:
        return True
    if item.answer_type == MRC_0_5:
        return isinstance(value, int) and value <= RED_FLAG_MRC_MAX
    return default_polarity(item, value) == 1


# --- Validation ---------------------------------------------------------------------------------


def _fmt(number: float | None) -> str:
    if number is None:
        return "?"
    return str(int(number)) if float(number).is_integer() else str(number)


def validate_value(item: Item, value: Any, *, reason: str | None = None) -> Any:
    """Return the normalised value for `item`, or raise ProtocolError naming the item.

    Strict on purpose: a stored answer feeds the reasoning engine, so a silently coerced value
    (True as 1, "7" as 7, NaN) would become a silent clinical error.
    """
    where = f'"{item.label}" ({item.code})'
    allowed = item.describe_allowed()
    kind = item.answer_type

    if reason is not None:
        if not item.accepts_reason or value != NOT_TESTED:
            raise ProtocolError(
                f'{where}: a reason can only be given with the answer "not_tested".'
            )
        if reason not in NOT_TESTED_REASONS:
            raise ProtocolError(
                f'{where}: reason "{reason}" is not allowed; use one of '
                + ", ".join(f'"{r}"' for r in NOT_TESTED_REASONS)
                + "."
            )

    if kind in CHOICE_TYPES:
        if not isinstance(value, str) or value not in item.choice_values:
            raise ProtocolError(f"{where}: {value!r} is not allowed; expected {allowed}.")
        return value

    if kind == REGION:
        if not isinstance(value, bool):
            raise ProtocolError(f"{where}: {value!r} is not allowed; expected {allowed}.")
        return value

    if kind == TEXT:
        if not isinstance(value, str):
            raise ProtocolError(f"{where}: expected {allowed}, got {type(value).__name__}.")
        text = value.strip()
        if len(text) > TEXT_MAX_LENGTH:
            raise ProtocolError(
                f"{where}: text is {len(text)} characters; the limit is {TEXT_MAX_LENGTH}."
            )
        return text

    if kind in NUMERIC_TYPES:
        # bool is an int subclass: True must not pass as grade 1.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProtocolError(f"{where}: {value!r} is not a number; expected {allowed}.")
        if isinstance(value, float) and not math.isfinite(value):
            raise ProtocolError(f"{where}: {value!r} is not a finite number; expected {allowed}.")
        if kind in INTEGER_TYPES:
            if isinstance(value, float):
                if not value.is_integer():
                    raise ProtocolError(f"{where}: {value!r} is not {allowed}.")
                value = int(value)
        else:
            value = float(value)
        low, high = item.min_value, item.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            raise ProtocolError(f"{where}: {_fmt(value)} is out of range; expected {allowed}.")
        return value

    raise ProtocolError(f'{where}: unknown answer type "{kind}".')  # pragma: no cover


def validate_side(item: Item, side: str | None) -> str | None:
    """Side-aware items need "left" or "right"; all other items need no side (None)."""
    if item.side_aware:
        if side not in SIDES:
            raise ProtocolError(
                f'"{item.label}" ({item.code}) is recorded per side: side must be "left" or '
                f'"right", not {side!r}.'
            )
        return side
    if side is not None:
        raise ProtocolError(
            f'"{item.label}" ({item.code}) is not recorded per side: side must be empty (null), '
            f"not {side!r}."
        )
    return None


def validate_symptomatic_side(side: str | None) -> str | None:
    if side not in SYMPTOMATIC_SIDES:
        raise ProtocolError(
            f'Symptomatic side must be "left", "right", "both" or empty (null), not {side!r}.'
        )
    return side
