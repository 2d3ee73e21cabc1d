"""Follow-up visits: the course of visits, what carries forward, and what is re-tested.

Read-only helpers (no writes: the services in exam/services.py write). A follow-up is an
Encounter whose `follows` is the signed visit before it; the first visit of the course has
`follows=None` and `visit_number=1`.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.models import Encounter
from exam.engine import Assessment

HISTORY_STEP = "history"
DURATION = "duration"
NOT_IMPROVING = "rf_not_improving"
# Lower bound of each symptom-duration band, in days; the band a follow-up is in is the first
# visit's lower bound plus the real days since the first visit (3 months counted as 13 weeks).
DURATION_BANDS = (("under_6_weeks", 0), ("6_weeks_to_3_months", 42), ("over_3_months", 91))
CRITERION_VALUES = ("met", "not_met")


def course(encounter: Encounter) -> list[Encounter]:
    """The visits up to and including this one, first visit first (one query per visit)."""
    visits = [encounter]
    while visits[-1].follows_id is not None:
        visits.append(
            Encounter.objects.select_related("patient", "patient__clinic").get(
                pk=visits[-1].follows_id
            )
        )
    return visits[::-1]


def first_visit(encounter: Encounter) -> Encounter:
    cached = getattr(encounter, "_first_visit", None)
    if cached is None:
        cached = course(encounter)[0] if encounter.follows_id else encounter
        encounter._first_visit = cached  # type: ignore[attr-defined]
    return cached


def weeks_since_first_visit(encounter: Encounter) -> int:
    return max(0, (encounter.date - first_visit(encounter).date).days) // 7


def duration_band(first_band: str, days_since_first: int) -> str:
    """The symptom-duration band today, from the first visit's band and the real days since."""
    lower = dict(DURATION_BANDS).get(first_band)
    if lower is None:
        return first_band
    days = lower + max(0, days_since_first)
    band = first_band
    for code, bound in DURATION_BANDS:
        if days >= bound:
            band = code
    return band


def derived_duration(encounter: Encounter, first_answers: dict | None = None) -> str | None:
    """A follow-up's symptom duration: the first visit's answer moved on by the real time since.

    Red-flag rules that need months of failed care ("over 3 months") read this value, so they
    use the real time since the first visit, not a band typed at the first visit.
    """
    if encounter.follows_id is None:
        return None
    from exam.models import Answer

    first = first_visit(encounter)
    if first_answers is not None:
        answer = first_answers.get((DURATION, ""))
        value = answer.value if answer is not None else None
    else:
        value = (
            Answer.objects.filter(encounter=first, item=DURATION, side="")
            .values_list("value", flat=True)
            .first()
        )
    if not isinstance(value, str):
        return None
    return duration_band(value, (encounter.date - first.date).days)


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str


def phase_criteria(path, phase: int) -> list[Criterion]:
    """The "move on when" criteria of one phase of a path (1-based): its exercises' own
    criteria, then the path's progress criteria. Empty when the path has no such phase."""
    phases = getattr(path, "phases", ()) or ()
    if not 1 <= phase <= len(phases):
        return []
    criteria = [
        Criterion(f"exercise-{i}", f"{e.name}: {e.progress_when}")
        for i, e in enumerate(phases[phase - 1].exercises, start=1)
        if e.progress_when
    ]
    criteria += [
        Criterion(f"path-{j}", w.clinician)
        for j, w in enumerate(getattr(path, "progress_criteria", ()) or (), start=1)
    ]
    return criteria


def phase_after(decision: str, phase: int, phase_count: int) -> int:
    """The phase in force after the clinician's decision (never below 1 or above the last)."""
    if decision == Encounter.PhaseDecision.ADVANCE:
        phase += 1
    elif decision == Encounter.PhaseDecision.STEP_BACK:
        phase -= 1
    return max(1, min(phase, max(phase_count, 1)))


def carrying_items(assessment: Assessment, hypothesis_code: str) -> list[str]:
    """Item codes of the findings that raised `hypothesis_code` (counted, not clusters)."""
    score = next((h for h in assessment.hypotheses if h.code == hypothesis_code), None)
    if score is None:
        return []
    codes = [
        e.item
        for e in score.evidence
        if e.direction == "up" and e.counted and e.step not in ("cluster", HISTORY_STEP)
    ]
    return list(dict.fromkeys(codes))


@dataclass(frozen=True)
class RankingMove:
    moved: bool
    before_code: str
    before_label: str
    after_code: str
    after_label: str
    message: str


TOP_PLACES = 3  # a move into or out of the top three counts ...
CLEAR_CHANGE = 0.10  # ... when the probability also changed by at least 10 percentage points


def ranking_move(before: Assessment, after: Assessment) -> RankingMove:
    """Has the engine's ranking moved since last time? The top hypothesis changed, or one
    entered or left the top three with a clear change in probability (reshuffles among the
    unlikely ones are not a move)."""
    b, a = before.working_hypothesis, after.working_hypothesis
    if b.code != a.code:
        return RankingMove(
            True,
            b.code,
            b.label,
            a.code,
            a.label,
            f"The ranking has moved: last time the engine's top hypothesis was {b.label}; "
            f"today it is {a.label}.",
        )
    before_rank = {h.code: (i, h.probability) for i, h in enumerate(before.hypotheses)}
    for i, h in enumerate(after.hypotheses):
        old, old_p = before_rank.get(h.code, (len(before_rank), 0.0))
        crossed = (i < TOP_PLACES) != (old < TOP_PLACES)
        if crossed and abs(h.probability - old_p) >= CLEAR_CHANGE:
            direction = "up" if old > i else "down"
            return RankingMove(
                True,
                b.code,
                b.label,
                a.code,
                a.label,
                f"The ranking has moved: {a.label} is still on top, but {h.label} moved "
                f"{direction} from place {old + 1} to place {i + 1}.",
            )
    return RankingMove(
        False,
        b.code,
        b.label,
        a.code,
        a.label,
        f"The ranking has not moved: {a.label} is on top, as last time.",
    )
