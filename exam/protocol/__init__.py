"""The clinical protocol: versioned, declarative data plus value validation.

Each encounter records the protocol version it was taken with, so old encounters keep rendering
and re-assessing with their own items, weights and treatment paths. To change clinical content,
add a new version to PROTOCOLS instead of editing a released one: a module that derives it from
the previous version and lists what changed, as v2026_12 does; bump PROTOCOL_VERSION to make it
current.
"""

from __future__ import annotations

from . import v2026_12, v2027_01, v2027_02
from .evidence import BATTERY_GROUPS, CLUSTERS, EVIDENCE
from .hypotheses import FAMILIES, HYPOTHESES, RED_FLAGS
from .items import ITEMS, STEPS
from .rules import (
    MECHANISM_RULES,
    SCREENING_GROUPS,
    UNLINKED_POSITIVE_BASIS,
    UNLINKED_POSITIVE_RATE,
)
from .treatment import NOCIPLASTIC_ADVICE, NOCIPLASTIC_CITATION, TREATMENT_PATHS
from .types import (
    ANSWER_TYPES,
    BODY_VIEWS,
    CHOICE,
    DEGREES,
    EXAM_STEPS,
    FAMILY_CODES,
    FORCE,
    MINUTES,
    MRC_0_5,
    NOT_TESTED_REASONS,
    PAIN_0_10,
    PALPATION,
    QUALITIES,
    REGION,
    SIDES,
    STEP_SLUGS,
    SYMPTOMATIC_SIDES,
    TEST_RESULT,
    TEXT,
    TEXT_MAX_LENGTH,
    URGENCIES,
    YES_NO_UNSURE,
    ClusterRule,
    Evidence,
    Exercise,
    Family,
    Hypothesis,
    Item,
    Phase,
    Protocol,
    ProtocolError,
    RedFlag,
    Step,
    TreatmentPath,
    Wording,
    default_polarity,
    red_flag_positive,
    validate_side,
    validate_symptomatic_side,
    validate_value,
)

PROTOCOL_VERSION = "2027.02"

_V2026_11 = Protocol(
    version="2026.11",
    steps=STEPS,
    items=ITEMS,
    families=FAMILIES,
    hypotheses=HYPOTHESES,
    evidence=EVIDENCE,
    clusters=CLUSTERS,
    red_flags=RED_FLAGS,
    treatment_paths=TREATMENT_PATHS,
    battery_groups=BATTERY_GROUPS,
    nociplastic_advice=NOCIPLASTIC_ADVICE,
    nociplastic_citation=NOCIPLASTIC_CITATION,
    mechanism=MECHANISM_RULES,
    unlinked_positive_rate=UNLINKED_POSITIVE_RATE,
    unlinked_positive_basis=UNLINKED_POSITIVE_BASIS,
    screening_groups=SCREENING_GROUPS,
)

_V2026_12 = v2026_12.build(_V2026_11)
_V2027_01 = v2027_01.build(_V2026_12)

PROTOCOLS: dict[str, Protocol] = {
    "2026.11": _V2026_11,
    v2026_12.VERSION: _V2026_12,
    v2027_01.VERSION: _V2027_01,
    v2027_02.VERSION: v2027_02.build(_V2027_01),
}


class UnknownProtocolVersion(ProtocolError, KeyError):
    """Raised for a version that is not in PROTOCOLS (catchable as KeyError or ProtocolError)."""

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return str(self.args[0])


def get_protocol(version: str | None = None) -> Protocol:
    """The protocol for `version` (None = current)."""
    key = PROTOCOL_VERSION if version is None else version
    try:
        return PROTOCOLS[key]
    except KeyError:
        raise UnknownProtocolVersion(
            f'Unknown protocol version "{version}". Known versions: {", ".join(PROTOCOLS)}.'
        ) from None


__all__ = [
    "ANSWER_TYPES",
    "BODY_VIEWS",
    "CHOICE",
    "DEGREES",
    "EXAM_STEPS",
    "FAMILY_CODES",
    "FORCE",
    "MINUTES",
    "MRC_0_5",
    "NOT_TESTED_REASONS",
    "PAIN_0_10",
    "PALPATION",
    "PROTOCOLS",
    "PROTOCOL_VERSION",
    "QUALITIES",
    "REGION",
    "SIDES",
    "STEP_SLUGS",
    "SYMPTOMATIC_SIDES",
    "TEST_RESULT",
    "TEXT",
    "TEXT_MAX_LENGTH",
    "URGENCIES",
    "YES_NO_UNSURE",
    "ClusterRule",
    "Evidence",
    "Exercise",
    "Family",
    "Hypothesis",
    "Item",
    "Phase",
    "Protocol",
    "ProtocolError",
    "RedFlag",
    "Step",
    "TreatmentPath",
    "UnknownProtocolVersion",
    "Wording",
    "default_polarity",
    "get_protocol",
    "red_flag_positive",
    "validate_side",
    "validate_symptomatic_side",
    "validate_value",
]
