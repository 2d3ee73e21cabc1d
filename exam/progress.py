"""Progress across visits: plain statements, the phase proposal and the "not improving" prompt.

Pure functions over plain data (no ORM, no request), like the engine: the follow-up views pass
each measure's values in visit order. Every judgement compares a change with the measure's
cited threshold (exam/protocol/outcomes.py): the minimal important change where one is
published, otherwise the measurement error, and says which. The app proposes; the clinician
decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exam.engine import Assessment
from exam.protocol.outcomes import (
    GROC,
    HIGHER_IS_BETTER,
    NPRS_AVERAGE,
    NPRS_WORST,
    PSFS_MEAN,
    VISA_G,
    VISA_H,
    OutcomeMeasure,
    improvement_expected,
)

IMPROVED, WORSE, NO_CLEAR_CHANGE, UNJUDGED = "improved", "worse", "no clear change", "unjudged"
IMPROVING, STABLE, WORSENING, UNKNOWN = "improving", "stable", "worsening", "unknown"
ADVANCE, HOLD, STEP_BACK = "advance", "hold", "step_back"
MET, NOT_MET = "met", "not_met"
RETHINK_TESTS = 3  # most informative next tests listed when none alone could change the ranking

# The measures whose change says whether the patient is improving (the person's own report of
# pain, function and change); performance tests are shown but do not decide on their own.
PATIENT_REPORTED = (NPRS_AVERAGE, NPRS_WORST, PSFS_MEAN, VISA_G, VISA_H)


def short_source(citation: str) -> str:
    """'Salaffi F et al. 2004' from a full citation (the part before the journal)."""
    return citation.split(",", 1)[0].split(":", 1)[0].strip()


def _num(value: float) -> str:
    return f"{value:g}"


def _with_unit(value: float, measure: OutcomeMeasure) -> str:
    unit = measure.unit
    if unit == "points" and abs(value) == 1:
        unit = "point"
    return f"{_num(value)}%" if unit == "%" else f"{_num(value)} {unit}"


@dataclass(frozen=True, kw_only=True)
class Change:
    """How one measure moved from its first to its latest recorded value."""

    measure: OutcomeMeasure
    first: float
    latest: float
    visits: int  # visits with a value
    verdict: str  # IMPROVED, WORSE, NO_CLEAR_CHANGE or UNJUDGED (no threshold found)

    @property
    def difference(self) -> float:
        return round(self.latest - self.first, 2)

    @property
    def gain(self) -> float:
        """The change in the better direction (negative = worse)."""
        return self.difference if self.measure.better == HIGHER_IS_BETTER else -self.difference


def measure_change(measure: OutcomeMeasure, values: Sequence[float | None]) -> Change | None:
    """The change from the first to the latest value (None when fewer than two values).

    The global rating of change is itself a rating of change: its verdict is its latest value's
    sign (above 0 is better in the patient's own words), not a difference between visits.
    """
    present = [float(v) for v in values if v is not None]
    if measure is GROC:
        if not present:
            return None
        latest = present[-1]
        verdict = IMPROVED if latest > 0 else WORSE if latest < 0 else NO_CLEAR_CHANGE
        return Change(
            measure=measure, first=0.0, latest=latest, visits=len(present), verdict=verdict
        )
    if len(present) < 2:
        return None
    change = Change(
        measure=measure, first=present[0], latest=present[-1], visits=len(present), verdict=""
    )
    threshold = measure.threshold
    if threshold is None:
        verdict = UNJUDGED
    elif change.gain >= threshold:
        verdict = IMPROVED
    elif change.gain <= -threshold:
        verdict = WORSE
    else:
        verdict = NO_CLEAR_CHANGE
    return Change(
        measure=measure,
        first=change.first,
        latest=change.latest,
        visits=change.visits,
        verdict=verdict,
    )


def _threshold_phrase(measure: OutcomeMeasure) -> str:
    threshold = measure.threshold
    assert threshold is not None
    source = short_source(measure.threshold_citation)
    unit = {"points": "point", "s": "second"}.get(measure.unit, measure.unit)
    amount = f"{_num(threshold)}{unit}" if unit == "%" else f"{_num(threshold)}-{unit}"
    if measure.threshold_kind == "mic":
        return f"the {amount} change that patients notice ({source})"
    return f"the measurement error of {_with_unit(threshold, measure)} ({source})"


def progress_statement(change: Change) -> str:
    """One plain sentence for the clinician, with the threshold and its source."""
    m = change.measure
    name = m.short_label
    if m is GROC:
        words = {IMPROVED: "better", WORSE: "worse", NO_CLEAR_CHANGE: "about the same"}
        rating = f"{change.latest:+g}" if change.latest else "0"
        return (
            f"Global rating of change since the first visit: {rating} on -7 to +7 "
            f"({words[change.verdict]} in the patient's own words)."
        )
    span = f"({_num(change.first)} to {_num(change.latest)})"
    if change.difference == 0:
        moved = f"{name} is unchanged at {_with_unit(change.latest, m)}"
    else:
        verb = "rose" if change.difference > 0 else "fell"
        moved = f"{name} {verb} by {_with_unit(abs(change.difference), m)} {span}"
    if change.verdict == UNJUDGED:
        return (
            f"{moved}. No published threshold, and no measurement error was found for it, so "
            "this change cannot be judged against one."
        )
    if change.difference == 0:
        return f"{moved}."
    comparison = _threshold_phrase(m)
    if change.verdict == IMPROVED:
        judged = "more than" if change.gain > (m.threshold or 0) else "as much as"
    elif change.verdict == WORSE:
        judged = "worse by at least"
    else:
        judged = "less than"
    if m.threshold_kind == "error":
        return f"{moved}. No published threshold; that is {judged} {comparison}."
    return f"{moved}, {judged} {comparison}."


def patient_statement(change: Change) -> str:
    """The same, in plain words for the handout ("Your progress"), without numbers of sources."""
    m = change.measure
    if m is GROC:
        return {
            IMPROVED: "You feel you are better than at your first visit.",
            WORSE: "You feel you are worse than at your first visit.",
            NO_CLEAR_CHANGE: "You feel about the same as at your first visit.",
        }[change.verdict]
    scale = {10: " out of 10", 100: " out of 100"}.get(int(m.item.max_value or 0), "")
    scale = {"s": " seconds", "%": "%"}.get(m.unit, scale)
    if change.difference == 0:
        return f"{m.patient_label}: no change ({_num(change.latest)}{scale})."
    went = "gone down" if change.difference < 0 else "gone up"
    sentence = (
        f"{m.patient_label}: {went} from {_num(change.first)} to {_num(change.latest)}{scale}."
    )
    if change.verdict == IMPROVED:
        return sentence + " That is a real improvement."
    if change.verdict == WORSE:
        return sentence + " That is worse; we will talk about why."
    if change.verdict == NO_CLEAR_CHANGE:
        return sentence + " That is a small change so far."
    return sentence


def overall_trend(changes: Sequence[Change]) -> str:
    """IMPROVING, STABLE, WORSENING or UNKNOWN from the patient-reported measures and GROC.

    Worse beyond its threshold on any of them (or a GROC below 0) is WORSENING; otherwise an
    improvement beyond its threshold on any of them is IMPROVING; measured without a clear
    change is STABLE; nothing to judge is UNKNOWN.
    """
    judged = [c for c in changes if (c.measure in PATIENT_REPORTED or c.measure is GROC)]
    judged = [c for c in judged if c.verdict != UNJUDGED]
    if not judged:
        return UNKNOWN
    if any(c.verdict == WORSE for c in judged):
        return WORSENING
    if any(c.verdict == IMPROVED for c in judged):
        return IMPROVING
    return STABLE


# --- Path progression -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PhaseProposal:
    decision: str  # ADVANCE, HOLD or STEP_BACK: a proposal; the clinician decides
    reason: str


def propose_phase(
    *,
    criteria: Mapping[str, str],
    criterion_keys: Sequence[str],
    trend: str,
    phase: int,
    phase_count: int,
) -> PhaseProposal:
    """Advance, hold or step back, from the current phase's criteria and the outcome trend.

    `criteria` maps criterion key -> MET / NOT_MET as the clinician marked them today;
    `criterion_keys` are all the phase's criteria (unmarked ones count as not yet met).
    """
    marked = [criteria.get(k) for k in criterion_keys]
    met = sum(1 for v in marked if v == MET)
    total = len(criterion_keys)
    if trend == WORSENING:
        if phase > 1:
            return PhaseProposal(
                decision=STEP_BACK,
                reason="The outcome measures are worse than at the first visit: step back a "
                "phase until symptoms settle.",
            )
        return PhaseProposal(
            decision=HOLD,
            reason="The outcome measures are worse than at the first visit, and this is the "
            "first phase: hold it and review the working hypothesis.",
        )
    if total and met == total:
        if phase >= phase_count:
            return PhaseProposal(
                decision=HOLD,
                reason="Every criterion of the last phase is met: keep it going and plan the "
                "end of treatment.",
            )
        if trend == STABLE:
            return PhaseProposal(
                decision=ADVANCE,
                reason=f"All {total} criteria of phase {phase} are met, although the outcome "
                "measures have not yet changed beyond their thresholds: advance with care.",
            )
        return PhaseProposal(
            decision=ADVANCE, reason=f"All {total} criteria of phase {phase} are met: advance."
        )
    if not total:
        return PhaseProposal(
            decision=HOLD, reason="This phase has no 'move on when' criteria: hold it."
        )
    unmarked = sum(1 for v in marked if v not in (MET, NOT_MET))
    reason = f"{met} of {total} criteria of phase {phase} are met: hold this phase."
    if unmarked:
        reason += f" {unmarked} not marked yet."
    return PhaseProposal(decision=HOLD, reason=reason)


# --- Not improving ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RethinkPrompt:
    """Why a rethink is due and what to do: re-rank, the tests that could change the working
    hypothesis, and the red-flag screen's result today."""

    reason: str
    expected_weeks: int | None
    citation: str
    estimate: bool
    tests: tuple[str, ...]  # labels of the tests to consider (see `tests_could_change`)
    tests_could_change: bool  # True: each could change the working hypothesis on its own
    screen_complete: bool  # today's red-flag screen is complete (so next tests are ranked)
    red_flag_summary: str
    red_flags_positive: bool


def not_improving(
    *,
    path_code: str | None,
    weeks_since_first: int,
    trend: str,
    assessment: Assessment | None = None,
) -> RethinkPrompt | None:
    """A rethink prompt when the patient is worse, or not improving by the path's cited time.

    `assessment` is today's engine result (on today's findings): it supplies the ranking's
    next tests that could change the working hypothesis and the red-flag screen run today.
    """
    expected = improvement_expected(path_code)
    if trend == WORSENING:
        reason = "The patient is getting worse on the outcome measures."
    elif expected is not None and weeks_since_first >= expected.weeks and trend != IMPROVING:
        reason = (
            f"No improvement beyond the measures' thresholds {weeks_since_first} weeks after "
            f"the first visit; on this path improvement is expected by {expected.weeks} weeks"
            + (" (clinical estimate)." if expected.estimate else ".")
        )
    else:
        return None
    tests: tuple[str, ...] = ()
    could_change = False
    screen_complete = False
    flags_summary = "Re-run the red-flag screen."
    positive = False
    if assessment is not None:
        tests = tuple(
            t.label for t in assessment.next_test_details if t.could_change_working_hypothesis
        )
        could_change = bool(tests)
        if not tests:  # none alone could change it: the most informative ones, said as such
            tests = tuple(t.label for t in assessment.next_test_details[:RETHINK_TESTS])
        if assessment.red_flags:
            positive = True
            flags_summary = "Red flag positive today: " + "; ".join(
                f"{f.label} ({f.action})" for f in assessment.red_flags
            )
        elif not assessment.red_flag_screen_complete:
            flags_summary = "Red-flag screen not complete today: " + (
                assessment.red_flag_screen_message or "answer every red-flag question."
            )
        else:
            screen_complete = True
            flags_summary = "Red-flag screen re-run on today's answers: no red flag."
    return RethinkPrompt(
        reason=reason,
        expected_weeks=expected.weeks if expected else None,
        citation=expected.citation if expected else "",
        estimate=expected.estimate if expected else False,
        tests=tests,
        tests_could_change=could_change,
        screen_complete=screen_complete,
        red_flag_summary=flags_summary,
        red_flags_positive=positive,
    )
