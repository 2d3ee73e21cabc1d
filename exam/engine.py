"""The reasoning engine: findings in, a ranked, explained working hypothesis out.

Pure and deterministic: plain functions over the protocol data, no Django, no I/O. The UI calls
`assess` on every autosave, so the per-protocol indexes are built once and cached.

Method (see docs/clinical-model.md):
- Bayesian over mutually exclusive hypotheses: prior x likelihood ratios, then normalise.
- "not_tested", "unsure", "equivocal" and "tender but not familiar" change no probability.
- Tests that stress the same tissue form a dependency group; per hypothesis only the strongest
  LR in each direction counts (battery groups: one positive is the finding). The SIJ provocation
  tests are replaced by the Laslett cluster once it is decided.
- LRs from case-control or circular studies are shrunk toward 1 (square root, then bounded).
- History (estimate) weights per hypothesis are capped, so history alone cannot outweigh a
  strong examination finding.
- Red flags override the working hypothesis's treatment path and require referral.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

from exam.protocol import (
    EXAM_STEPS,
    FORCE,
    MRC_0_5,
    REGION,
    SIDES,
    TEST_RESULT,
    URGENCIES,
    YES_NO_UNSURE,
    ClusterRule,
    Evidence,
    Item,
    Protocol,
    TreatmentPath,
    Wording,
    get_protocol,
    red_flag_positive,
    validate_side,
    validate_symptomatic_side,
    validate_value,
)
from exam.protocol.types import EQUIVOCAL, NOT_TESTED, POSITIVE, UNSURE, Criterion

# --- Documented constants -----------------------------------------------------------------------

SHRINK_EXPONENT = 0.5  # LR ** 0.5 for "likely overestimated" sources...
SHRUNK_LR_MIN, SHRUNK_LR_MAX = 0.2, 5.0  # ...then bounded to this range
HISTORY_LR_CAP = 10.0  # combined history weight per hypothesis stays within [1/10, 10]

CLEAR_MIN_PROBABILITY = 0.6
CLEAR_MIN_RATIO = 2.0  # ...and at least twice the runner-up
PROBABLE_MIN_PROBABILITY = 0.4

STRONG_LR = 3.0  # an applied positive LR at least this big is "strong evidence"
INCONSISTENCY_FAMILY_MARGIN = 0.25  # two strongly supported families this close = inconsistent
EQUIVOCAL_KEY_TESTS = 2  # this many equivocal key tests = inconsistent

STRENGTH_FLAG_PCT = 10.0  # heuristic: above test-retest variation (Thorborg 2010: 3-12%)
STRENGTH_RELEVANT_PCT = 20.0  # heuristic: GT cohorts sit around 30% (Allison 2016)

NEXT_TESTS_LIMIT = 5
MIN_GAIN_BITS = 0.005  # below this a test is not worth suggesting
# An outcome this unlikely (modelled) does not make a test one that "could change" the working
# hypothesis. Engineering choice, documented in docs/clinical-model.md.
MIN_FLIP_OUTCOME_P = 0.05
# "Clear" needs at least this many examination findings with published LRs supporting the top.
CLEAR_MIN_PUBLISHED_EXAM = 2

STRENGTH_NOTE = (
    "Heuristic, not a published cut-off: a side-to-side deficit above 10% is flagged because "
    "hand-held dynamometry varies 3-12% between sessions (Thorborg 2010); 20% or more is treated "
    "as clearly relevant (gluteal tendinopathy cohorts show ~32% lower abduction torque, Allison "
    "2016). Deficits are reported, not scored."
)
INCONSISTENCY_BASE = (
    "Sensitised tissue and protective guarding can amplify test responses, so a test that only "
    "partly reproduces the pain is weak evidence. More testing usually adds little unless there "
    "are red flags or progressing neurological changes: treat the working hypothesis as "
    "provisional and let the response to the first treatment steps refine it."
)

_URGENCY_RANK = {u: i for i, u in enumerate(URGENCIES)}
RED_FLAG_STEP = "red-flags"
STRENGTH_STEP = "strength"


# --- Public records -----------------------------------------------------------------------------
# Typed output. `Assessment.to_dict()` is `dataclasses.asdict`: the keys are the field names and
# are documented in docs/clinical-model.md ("add keys, never rename").


@dataclass(frozen=True)
class Finding:
    item: str
    side: str | None
    value: Any
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class EvidenceUse:
    """One finding's effect on one hypothesis, for the transparent ranking."""

    item: str
    label: str
    side: str | None
    value: Any
    value_label: str
    lr: float  # applied (after shrinkage)
    # as stated in the protocol data (published or estimated), before shrinkage
    lr_source: float
    direction: str  # "up" or "down"
    counted: bool  # False: a stronger test in the same dependency group was used instead
    group: str
    citation: str
    quality: str
    estimate: bool
    note: str
    step: str  # protocol step of the item ("cluster" for a cluster rule)


@dataclass(frozen=True, kw_only=True)
class HypothesisScore:
    code: str
    label: str
    patient_label: str
    family: str
    probability: float
    probability_band: str  # rounded words, e.g. "about 60 %"
    mostly_estimates: bool  # most of the weight comes from the prior and estimated LRs
    prior: float
    prior_estimate: bool  # priors are clinical estimates (labelled as such everywhere)
    prior_source: str
    history_capped: bool
    evidence: tuple[EvidenceUse, ...]


@dataclass(frozen=True, kw_only=True)
class RedFlagOverride:
    code: str
    label: str
    urgency: str
    action: str  # the merged actions of every flag that fired, most urgent and specific first
    patient_action: str


@dataclass(frozen=True, kw_only=True)
class WorkingHypothesis:
    code: str
    label: str
    patient_label: str
    family: str
    family_label: str
    confidence: str  # "clear", "probable" or "uncertain"
    confidence_basis: str  # why this confidence, in words
    probability: float
    probability_band: str
    mostly_estimates: bool
    description: str
    patient_description: str
    wording: str
    referral_required: bool
    red_flag_override: RedFlagOverride | None
    mixed_picture: bool  # the most probable family is not the working hypothesis's family
    mixed_picture_note: str


@dataclass(frozen=True, kw_only=True)
class RedFlagHit:
    code: str
    label: str
    patient_label: str
    urgency: str
    action: str
    patient_action: str
    citation: str
    triggered_by: tuple[str, ...]  # item codes
    patterns: tuple[str, ...]  # labels of the combinations that fired, if any
    priority: int


@dataclass(frozen=True, kw_only=True)
class NextTest:
    item: str
    label: str
    step: str
    side: str | None
    kind: str  # "test", "screen" (a collapsed screening group) or "red_flag_check"
    group: str  # the screening group for kind "screen"
    expected_gain_bits: float
    p_positive: float | None  # modelled chance of a positive result (binary tests)
    could_change_working_hypothesis: bool
    reason: str


@dataclass(frozen=True, kw_only=True)
class MechanismPicture:
    features: tuple[str, ...]
    against: tuple[str, ...]
    likely: bool
    criteria: str
    grade: str  # nociplastic only: "unlikely", "possible" or "probable"


@dataclass(frozen=True, kw_only=True)
class PainMechanism:
    nociceptive: MechanismPicture
    peripheral_neuropathic: MechanismPicture
    nociplastic: MechanismPicture
    note: str

    def pictures(self) -> tuple[tuple[str, MechanismPicture], ...]:
        """(label, picture) pairs in field order, for listing the three mechanisms."""
        return tuple(
            (name.replace("_", " ").capitalize(), getattr(self, name)) for name in MECHANISMS
        )


@dataclass(frozen=True, kw_only=True)
class StrengthRow:
    movement: str
    unit: str
    left: float | None
    right: float | None
    left_mrc: int | None
    right_mrc: int | None
    left_pain: str | None
    right_pain: str | None
    deficit_pct: float | None
    weaker_side: str | None
    basis: str | None  # "force", "mrc" or None
    flagged: bool
    clearly_relevant: bool
    note: str


@dataclass(frozen=True, kw_only=True)
class ClusterState:
    code: str
    label: str
    positives: int
    negatives: int
    tested: int
    total: int
    result: str  # "positive", "negative", "suspended" or "incomplete"
    lr: float | None  # None while incomplete
    citation: str
    quality: str
    estimate: bool
    note: str


@dataclass(frozen=True, kw_only=True)
class SelectedPath(TreatmentPath):
    """The protocol's treatment path plus why it was chosen for this assessment."""

    selected_because: str
    deferred_hypothesis_path: str | None
    patient: dict[str, Any]  # the plain-language side, for the handout
    mechanism_advice: tuple[Wording, ...]
    mechanism_citation: str


@dataclass(frozen=True, kw_only=True)
class Assessment:
    protocol_version: str
    symptomatic_side: str | None
    working_hypothesis: WorkingHypothesis
    hypotheses: tuple[HypothesisScore, ...]
    families: dict[str, float]
    less_likely_families: tuple[str, ...]  # every family but the working hypothesis's, by prob.
    red_flags: tuple[RedFlagHit, ...]
    red_flag_actions: tuple[str, ...]  # merged, most urgent and most specific first
    referral_required: bool
    red_flags_unsure: tuple[str, ...]
    red_flags_unanswered: tuple[str, ...]
    red_flag_screen_complete: bool
    red_flag_screen_message: str  # "" when complete
    inconsistent: bool
    inconsistency_note: str
    next_tests: tuple[str, ...]
    next_test_details: tuple[NextTest, ...]
    stop_testing: bool
    stop_testing_message: str
    pain_mechanism: PainMechanism
    strength: tuple[StrengthRow, ...]
    sij_cluster: ClusterState | None
    treatment_path: SelectedPath
    findings_used: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: `dataclasses.asdict`, with tuples as lists."""
        plain: dict[str, Any] = _lists(asdict(self))
        return plain


MECHANISMS = ("nociceptive", "peripheral_neuropathic", "nociplastic")


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def effective_lrs(evidence: Evidence) -> tuple[float, float]:
    """The (LR+, LR-) the engine applies for a link, after shrinking overestimated sources."""
    return _shrink(evidence, evidence.lr_pos), _shrink(evidence, evidence.lr_neg)


def _shrink(evidence: Evidence, lr: float) -> float:
    if not evidence.likely_overestimated or lr == 1.0:
        return lr
    return min(max(lr**SHRINK_EXPONENT, SHRUNK_LR_MIN), SHRUNK_LR_MAX)


# --- Per-protocol index (built once) ------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    evidence: Evidence
    hyp: int
    lr_pos: float
    lr_neg: float
    group: str


@dataclass(frozen=True)
class _Index:
    protocol: Protocol
    codes: tuple[str, ...]
    log_prior: tuple[float, ...]
    families: tuple[str, ...]
    links: Mapping[str, tuple[_Link, ...]]
    history_groups: frozenset[str]
    battery: frozenset[str]
    cluster_for_group: Mapping[tuple[str, int], ClusterRule]
    cluster_members: Mapping[str, tuple[ClusterRule, ...]]
    # Exam items with links and their outcome model: precomputed because next-test runs on
    # every save.
    candidates: tuple[_Candidate, ...]
    key_tests: frozenset[str]
    item_order: Mapping[str, int]


@lru_cache(maxsize=8)
def _index(protocol: Protocol) -> _Index:
    codes = tuple(h.code for h in protocol.hypotheses)
    position = {c: i for i, c in enumerate(codes)}
    links: dict[str, list[_Link]] = {}
    history_groups: set[str] = set()
    for ev in protocol.evidence:
        lr_pos, lr_neg = effective_lrs(ev)
        links.setdefault(ev.item, []).append(
            _Link(ev, position[ev.hypothesis], lr_pos, lr_neg, ev.group_key)
        )
        if protocol.items_by_code[ev.item].step == "history":
            history_groups.add(ev.group_key)
    cluster_for_group = {(c.group, position[c.hypothesis]): c for c in protocol.clusters}
    members: dict[str, list[ClusterRule]] = {}
    for rule in protocol.clusters:
        for code, _ in rule.members:
            if rule not in members.setdefault(code, []):
                members[code].append(rule)
    candidates = []
    for item in protocol.items:
        if item.step in EXAM_STEPS and item.code in links:
            item_links = tuple(links[item.code])
            rules = members.get(item.code, [])
            values = _sample_answers(item, item_links)
            base, likelihood = _outcome_model(
                item, values, item_links, len(codes), protocol.unlinked_positive_rate
            )
            candidates.append(
                _Candidate(
                    item=item,
                    samples=tuple(
                        (value, _touched(item, value, item_links, rules, position))
                        for value in values
                    ),
                    base=base,
                    likelihood=likelihood,
                )
            )
    key_tests = frozenset(
        i.code
        for i in protocol.items
        if i.step in EXAM_STEPS and i.code in links and i.answer_type == TEST_RESULT
    )
    return _Index(
        protocol=protocol,
        codes=codes,
        log_prior=tuple(math.log(h.prior) for h in protocol.hypotheses),
        families=tuple(h.family for h in protocol.hypotheses),
        links={k: tuple(v) for k, v in links.items()},
        history_groups=frozenset(history_groups),
        battery=protocol.battery_groups,
        cluster_for_group=cluster_for_group,
        cluster_members={k: tuple(v) for k, v in members.items()},
        candidates=tuple(candidates),
        key_tests=key_tests,
        item_order={i.code: n for n, i in enumerate(protocol.items)},
    )


_Touched = tuple[tuple[tuple[str, int], tuple[float, ...]], ...]


@dataclass(frozen=True)
class _Candidate:
    item: Item
    samples: tuple[tuple[Any, _Touched], ...]  # (answer, LRs it adds per (group, hypothesis))
    base: tuple[float, ...]  # P(answer) in conditions the item is not linked to
    likelihood: tuple[tuple[float, ...], ...]  # P(answer | hypothesis) from the item's own LRs


def sn_sp(lr_pos: float, lr_neg: float) -> tuple[float, float] | None:
    """Sensitivity and specificity implied by an LR pair, or None if the pair gives none.

    Sp = (LR+ - 1) / (LR+ - LR-), Sn = LR+ x (1 - Sp).
    """
    if not lr_pos > 1.0 > lr_neg:
        return None
    sp = (lr_pos - 1.0) / (lr_pos - lr_neg)
    return lr_pos * (1.0 - sp), sp


def _outcome_model(
    item: Item, values: tuple[Any, ...], links: tuple[_Link, ...], n: int, default_rate: float
) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
    """(base, likelihood) for the sample answers, consistent with the links' own LRs.

    base[o]: P(answer o) in conditions the item is not linked to. A positive answer there has
    probability r, the mean false-positive rate (1 - Sp) implied by the item's own LR pairs, or
    the protocol's documented estimate when no pair gives a specificity; positive answers share
    r, negative ones 1 - r.
    likelihood[o][h]: base[o] x LR_h(o), renormalised per hypothesis; for a binary test with one
    link this is exactly P(positive | h) = Sn.
    """
    implied = [pair for ln in links if (pair := sn_sp(ln.lr_pos, ln.lr_neg)) is not None]
    rate = sum(1.0 - sp for _, sp in implied) / len(implied) if implied else default_rate
    signs = [max((ln.evidence.polarity(item, v) for ln in links), default=0) for v in values]
    positives = sum(1 for sg in signs if sg > 0)
    negatives = len(values) - positives
    if positives and negatives:
        base = [rate / positives if sg > 0 else (1.0 - rate) / negatives for sg in signs]
    else:
        base = [1.0 / len(values)] * len(values) if values else []
    rows = [[b] * n for b in base]
    for o, value in enumerate(values):
        for ln in links:
            polarity = ln.evidence.polarity(item, value)
            if polarity:
                rows[o][ln.hyp] *= ln.lr_pos if polarity > 0 else ln.lr_neg
    for h in range(n):
        total = sum(row[h] for row in rows)
        for row in rows:
            row[h] /= total
    return tuple(base), tuple(tuple(row) for row in rows)


def _touched(
    item: Item,
    value: Any,
    links: tuple[_Link, ...],
    rules: list[ClusterRule],
    position: Mapping[str, int],
) -> _Touched:
    """The LRs an answer adds per (group, hypothesis); cluster groups listed with none."""
    touched: dict[tuple[str, int], list[float]] = {}
    for link in links:
        polarity = link.evidence.polarity(item, value)
        lr = link.lr_pos if polarity > 0 else link.lr_neg if polarity < 0 else 1.0
        if lr != 1.0:
            touched.setdefault((link.group, link.hyp), []).append(lr)
    for rule in rules:
        touched.setdefault((rule.group, position[rule.hypothesis]), [])
    return tuple((key, tuple(lrs)) for key, lrs in touched.items())


def _sample_answers(item: Item, links: tuple[_Link, ...]) -> tuple[Any, ...]:
    """One representative answer per distinct informative outcome, for next-test simulation."""
    thresholds = sorted(
        {ln.evidence.threshold for ln in links if ln.evidence.threshold is not None}
    )
    if thresholds:
        candidates: list[Any] = []
        for t in thresholds:
            for v in (t, t - 1, t + 1):
                if (item.min_value is None or v >= item.min_value) and (
                    item.max_value is None or v <= item.max_value
                ):
                    candidates.append(int(v) if item.answer_type == MRC_0_5 else v)
    elif item.answer_type == "region":
        candidates = [True, False]
    else:
        candidates = [v for v in item.choice_values if v not in (NOT_TESTED, UNSURE, EQUIVOCAL)]
    # Answers with the same effect on every link are one outcome; answers with no effect are
    # dropped, so the uniform baseline is over outcomes that differ.
    seen: set[tuple[int, ...]] = set()
    samples = []
    for value in candidates:
        signature = tuple(ln.evidence.polarity(item, value) for ln in links)
        if any(signature) and signature not in seen:
            seen.add(signature)
            samples.append(value)
    return tuple(samples)


# --- Group arithmetic ---------------------------------------------------------------------------


@dataclass
class _Entry:
    link: _Link
    item: str
    side: str | None
    value: Any
    lr: float
    positive: bool
    counted: bool = False


def _factor(lrs: Iterable[float], battery: bool) -> float:
    up = max((x for x in lrs if x > 1.0), default=1.0)
    down = min((x for x in lrs if x < 1.0), default=1.0)
    if battery:
        return up if up > 1.0 else down
    return up * down


def _mark_counted(entries: list[_Entry], battery: bool) -> None:
    ups = [e for e in entries if e.lr > 1.0]
    downs = [e for e in entries if e.lr < 1.0]
    chosen: list[_Entry] = []
    if ups:
        chosen.append(max(ups, key=lambda e: e.lr))
    if downs and not (battery and ups):
        chosen.append(min(downs, key=lambda e: e.lr))
    for e in entries:
        e.counted = any(e is c for c in chosen)


# --- Answers ------------------------------------------------------------------------------------


class _Answers:
    """Validated answers keyed by (item, side), with side-counting helpers."""

    def __init__(self, protocol: Protocol, findings: Iterable[Finding], symptomatic: str | None):
        self.protocol = protocol
        self.symptomatic = symptomatic
        self.counted_sides = (symptomatic,) if symptomatic in SIDES else SIDES
        self.values: dict[tuple[str, str | None], Any] = {}
        for f in findings:
            item = protocol.item(f.item)
            side = validate_side(item, f.side)
            # Later answers win, as in the UI. The not-tested reason is validated but is not
            # evidence: it only documents why a test was skipped.
            self.values[(item.code, side)] = validate_value(item, f.value, reason=f.reason)
        self.codes = {code for code, _ in self.values}

    def counted(self, item: Item) -> list[tuple[str | None, Any]]:
        """(side, value) pairs that count toward hypotheses for this item."""
        if not item.side_aware:
            key = (item.code, None)
            return [(None, self.values[key])] if key in self.values else []
        return [
            (s, self.values[(item.code, s)])
            for s in self.counted_sides
            if (item.code, s) in self.values
        ]

    def get(self, code: str) -> Any:
        return self.values.get((code, None))

    def holds(self, criterion: Criterion, *, either_side: bool = False) -> bool:
        """Whether the answers match a rule's criterion (never for items not in the protocol).

        Side-aware items count on the counted sides, or on either side with `either_side`
        (red flags count whichever side they are found on).
        """
        item = self.protocol.items_by_code.get(criterion.item)
        if item is None:
            return False
        if item.side_aware:
            sides: tuple[str | None, ...] = SIDES if either_side else self.counted_sides
        else:
            sides = (None,)
        for side in sides:
            if (item.code, side) not in self.values:
                continue
            value = self.values[(item.code, side)]
            # Values are validated per answer type, so True never meets an MRC grade of 1 here.
            if criterion.values:
                if value in criterion.values:
                    return True
            elif red_flag_positive(item, value):
                return True
        return False

    def holds_any(self, criteria: Iterable[Criterion], *, either_side: bool = False) -> bool:
        return any(self.holds(c, either_side=either_side) for c in criteria)

    def answered(self, code: str) -> bool:
        return code in self.codes


# --- Main entry point ---------------------------------------------------------------------------


def assess(
    findings: Iterable[Finding], *, symptomatic_side: str | None, protocol: Protocol | None = None
) -> Assessment:
    """Rank the hypotheses for one encounter's findings. Raises ProtocolError on bad input."""
    protocol = protocol or get_protocol()
    index = _index(protocol)
    symptomatic = validate_symptomatic_side(symptomatic_side)
    answers = _Answers(protocol, findings, symptomatic)

    groups = _collect_entries(index, answers)
    cluster = {rule.code: _cluster_state(rule, answers) for rule in protocol.clusters}
    history_capped, log_w = _score(index, groups, cluster)
    probs = _normalise(log_w)

    order = sorted(range(len(index.codes)), key=lambda i: (-probs[i], i))
    hypotheses = tuple(
        _hypothesis_score(index, i, probs[i], history_capped[i], groups, cluster) for i in order
    )
    families = {f.code: 0.0 for f in protocol.families}
    for i, p in enumerate(probs):
        families[index.families[i]] += p

    red_flags = _red_flags(protocol, answers)
    flag_actions = tuple(dict.fromkeys(h.action for h in red_flags))
    inconsistent, note = _inconsistency(index, answers, groups, families)
    top, runner_up = order[0], order[1]
    confidence, confidence_basis = _confidence(
        probs[top], probs[runner_up], inconsistent, hypotheses[0]
    )
    mechanism = _pain_mechanism(protocol, answers)

    flag_items = [i for i in protocol.items if i.step == RED_FLAG_STEP]
    unanswered_flags = tuple(i.code for i in flag_items if not answers.answered(i.code))
    screen_message = (
        f"Red-flag screen incomplete: {len(unanswered_flags)} of {len(flag_items)} questions "
        "unanswered. Finish it before stopping the examination or starting treatment."
        if unanswered_flags
        else ""
    )
    next_details: tuple[NextTest, ...] = ()
    if red_flags:
        stop, stop_message = (
            True,
            "Red flag present: stop the usual examination and arrange the referral. Further "
            "tests only as needed to inform the receiving clinician.",
        )
    else:
        # One rule: testing goes on while some remaining test could change the working
        # hypothesis or the red-flag screen is incomplete; otherwise stop, and list nothing.
        checks = _context_checks(protocol, answers)
        ranked = _next_tests(index, answers, groups, cluster, log_w, probs, top)
        any_flip = any(t.could_change_working_hypothesis for t in ranked)
        next_details = (checks + (ranked if any_flip else ()))[:NEXT_TESTS_LIMIT]
        if any_flip:
            stop, stop_message = False, ""
        elif unanswered_flags:
            stop, stop_message = (
                False,
                "No single remaining test could change the working hypothesis, but the red-flag "
                f"screen is incomplete ({len(unanswered_flags)} unanswered): finish it first.",
            )
        else:
            stop, stop_message = (
                True,
                "No single remaining test could change the working hypothesis: more testing adds "
                "little. Start the matching path and review the response.",
            )

    working = _working_hypothesis(
        protocol, hypotheses[0], families, confidence, confidence_basis, red_flags, flag_actions
    )
    path = _treatment_path(protocol, working, red_flags, mechanism)
    less_likely = tuple(
        code for code in sorted(families, key=lambda f: -families[f]) if code != working.family
    )

    return Assessment(
        protocol_version=protocol.version,
        symptomatic_side=symptomatic,
        working_hypothesis=working,
        hypotheses=hypotheses,
        families=families,
        less_likely_families=less_likely,
        red_flags=red_flags,
        red_flag_actions=flag_actions,
        referral_required=bool(red_flags),
        red_flags_unsure=tuple(
            i.code for i in flag_items if any(v == UNSURE for _, v in answers.counted(i))
        ),
        red_flags_unanswered=unanswered_flags,
        red_flag_screen_complete=not unanswered_flags,
        red_flag_screen_message=screen_message,
        inconsistent=inconsistent,
        inconsistency_note=note,
        next_tests=tuple(d.item for d in next_details),
        next_test_details=next_details,
        stop_testing=stop,
        stop_testing_message=stop_message,
        pain_mechanism=mechanism,
        strength=_strength(protocol, answers),
        sij_cluster=cluster.get("sij_cluster"),
        treatment_path=path,
        findings_used=len(answers.values),
    )


# --- Scoring ------------------------------------------------------------------------------------

_Groups = dict[tuple[str, int], list[_Entry]]


def _collect_entries(index: _Index, answers: _Answers) -> _Groups:
    groups: _Groups = {}
    items = index.protocol.items_by_code
    for code, links in index.links.items():
        item = items[code]
        for side, value in answers.counted(item):
            for link in links:
                polarity = link.evidence.polarity(item, value)
                if polarity == 0:
                    continue
                lr = link.lr_pos if polarity > 0 else link.lr_neg
                if lr == 1.0:
                    continue
                groups.setdefault((link.group, link.hyp), []).append(
                    _Entry(link, code, side, value, lr, polarity > 0)
                )
    return groups


def _cluster_state(
    rule: ClusterRule, answers: _Answers, overlay: tuple[str, str | None, Any] | None = None
) -> ClusterState:
    """Count the cluster's members; `overlay` is a hypothetical (item, side, value)."""

    def value_of(code: str, side: str | None) -> Any:
        if overlay and overlay[0] == code and overlay[1] == side:
            value = overlay[2]
        else:
            value = answers.values.get((code, side))
        # "Not tested" only documents why a test was skipped: it counts as no answer, so a
        # negative on one side still counts when the other side was not tested.
        return None if value == NOT_TESTED else value

    positives = negatives = 0
    for code, which in rule.members:
        if which == "symptomatic":
            sides = answers.counted_sides
            results = [value_of(code, s) for s in sides]
            if "positive" in results:
                positives += 1
            elif "negative" in results and all(r in ("negative", None) for r in results):
                negatives += 1
            continue
        result = value_of(code, which)
        positives += result == "positive"
        negatives += result == "negative"
    unknown = len(rule.members) - positives - negatives
    if positives >= rule.min_positive:
        suspended = any(value_of(code, None) == value for code, value in rule.suspended_by)
        result = "suspended" if suspended else "positive"
    elif positives + unknown < rule.min_positive:
        result = "negative"
    else:
        result = "incomplete"
    lr = {"positive": rule.lr_pos, "negative": rule.lr_neg, "suspended": 1.0}.get(result)
    return ClusterState(
        code=rule.code,
        label=rule.label,
        positives=positives,
        negatives=negatives,
        tested=positives + negatives,
        total=len(rule.members),
        result=result,
        lr=lr,
        citation=rule.citation,
        quality=rule.quality,
        estimate=rule.estimate,
        note=rule.note,
    )


def _group_factor(
    index: _Index, key: tuple[str, int], lrs: Iterable[float], cluster: Mapping[str, ClusterState]
) -> float:
    rule = index.cluster_for_group.get(key)
    if rule is not None:
        lr = cluster[rule.code].lr
        if lr is not None:  # decided: applied once instead of the individual tests
            return lr
    return _factor(lrs, key[0] in index.battery)


def _score(
    index: _Index, groups: _Groups, cluster: Mapping[str, ClusterState]
) -> tuple[list[bool], list[float]]:
    """Per hypothesis: whether the history cap bit, and the log of prior x applied LRs."""
    n = len(index.codes)
    history = [1.0] * n
    exam = [1.0] * n
    # Sorted so that float products are computed in the same order in every process.
    for key in sorted(set(groups) | set(index.cluster_for_group)):
        entries = groups.get(key, [])
        battery = key[0] in index.battery
        _mark_counted(entries, battery)
        f = _group_factor(index, key, [e.lr for e in entries], cluster)
        rule = index.cluster_for_group.get(key)
        if rule is not None and cluster[rule.code].lr is not None:
            for e in entries:  # the decided cluster replaces the individual tests
                e.counted = False
        if key[0] in index.history_groups:
            history[key[1]] *= f
        else:
            exam[key[1]] *= f
    capped = [not (1 / HISTORY_LR_CAP <= h <= HISTORY_LR_CAP) for h in history]
    log_w = [
        index.log_prior[i]
        + math.log(min(max(history[i], 1 / HISTORY_LR_CAP), HISTORY_LR_CAP))
        + math.log(exam[i])
        for i in range(n)
    ]
    return capped, log_w


def _normalise(log_w: list[float]) -> list[float]:
    top = max(log_w)
    weights = [math.exp(x - top) for x in log_w]
    total = sum(weights)
    return [w / total for w in weights]


def _in_sentence(label: str) -> str:
    """A label for the middle of a sentence: lower-case its first letter, keep acronyms (GTPS)."""
    first = label.split(" ", 1)[0]
    if first.isupper() or not label:
        return label
    return label[0].lower() + label[1:]


def _value_label(item: Item, value: Any) -> str:
    if item.answer_type == "region":
        return "marked" if value else "not marked"
    if item.choices:
        return item.choice_label(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} {item.unit}".strip()


def _hypothesis_score(
    index: _Index,
    i: int,
    probability: float,
    capped: bool,
    groups: _Groups,
    cluster: Mapping[str, ClusterState],
) -> HypothesisScore:
    protocol = index.protocol
    hyp = protocol.hypotheses[i]
    uses: list[EvidenceUse] = []
    for (group, h), entries in groups.items():
        if h != i:
            continue
        for e in entries:
            item = protocol.items_by_code[e.item]
            ev = e.link.evidence
            published = ev.lr_pos if e.positive else ev.lr_neg
            uses.append(
                EvidenceUse(
                    item=e.item,
                    label=item.label,
                    side=e.side,
                    value=e.value,
                    value_label=_value_label(item, e.value),
                    lr=e.lr,
                    lr_source=published,
                    direction="up" if e.lr > 1 else "down",
                    counted=e.counted,
                    group=group,
                    citation=ev.citation,
                    quality=ev.quality,
                    estimate=ev.estimate,
                    note=ev.note,
                    step=item.step,
                )
            )
    for rule in protocol.clusters:
        state = cluster[rule.code]
        if rule.hypothesis == hyp.code and state.lr is not None:
            lr = state.lr
            uses.append(
                EvidenceUse(
                    item=rule.code,
                    label=rule.label,
                    side=None,
                    value=state.result,
                    value_label=f"{state.positives} of {state.total} positive ({state.result})",
                    lr=lr,
                    lr_source=lr,
                    direction="up" if lr > 1 else "down" if lr < 1 else "none",
                    counted=lr != 1.0,
                    group=rule.group,
                    citation=rule.citation,
                    quality=rule.quality,
                    estimate=rule.estimate,
                    note=rule.note,
                    step="cluster",
                )
            )
    uses.sort(
        key=lambda u: (
            not u.counted,
            -abs(math.log(u.lr)) if u.lr > 0 else 0,
            index.item_order.get(u.item, -1),
            u.side or "",
        )
    )
    # Where the weight comes from: |ln LR| of the counted published vs estimated factors; the
    # prior's departure from an even start counts as estimated weight (priors are estimates).
    published = sum(abs(math.log(u.lr)) for u in uses if u.counted and not u.estimate)
    estimated = sum(abs(math.log(u.lr)) for u in uses if u.counted and u.estimate)
    estimated += abs(math.log(hyp.prior * len(protocol.hypotheses)))
    return HypothesisScore(
        code=hyp.code,
        label=hyp.label,
        patient_label=hyp.patient_label,
        family=hyp.family,
        probability=probability,
        probability_band=probability_band(probability),
        mostly_estimates=published <= estimated,
        prior=hyp.prior,
        prior_estimate=True,
        prior_source=hyp.prior_source,
        history_capped=capped,
        evidence=tuple(uses),
    )


def probability_band(p: float) -> str:
    """A probability in rounded words: the engine's LRs are rough weights, not exact odds."""
    if p >= 0.9:
        return "90 % or more"
    if p < 0.05:
        return "under 5 %"
    return f"about {max(round(p * 10), 1) * 10} %"


def _confidence(
    top: float, runner_up: float, inconsistent: bool, score: HypothesisScore
) -> tuple[str, str]:
    """Confidence in words, and why. "Clear" also needs published examination support."""
    support = [
        u
        for u in score.evidence
        if u.counted and not u.estimate and u.lr > 1.0 and u.step != "history"
    ]
    dominant = top >= CLEAR_MIN_PROBABILITY and top >= CLEAR_MIN_RATIO * runner_up
    if dominant and not inconsistent and len(support) >= CLEAR_MIN_PUBLISHED_EXAM:
        names = ", ".join(u.label for u in support)
        return (
            "clear",
            f"Dominant ranking, supported by examination findings with published LRs ({names}).",
        )
    if top >= PROBABLE_MIN_PROBABILITY:
        if dominant and not inconsistent:
            return (
                "probable",
                f"Not 'clear': {len(support)} examination finding(s) with published LRs support "
                f"it; 'clear' needs {CLEAR_MIN_PUBLISHED_EXAM}. History weights are estimates.",
            )
        return (
            "probable",
            "Leading, but not dominant enough (or the findings disagree) to be clear.",
        )
    return "uncertain", "No hypothesis leads clearly: treat the picture as open."


# --- Red flags ----------------------------------------------------------------------------------


def _red_flags(protocol: Protocol, answers: _Answers) -> tuple[RedFlagHit, ...]:
    def positive(code: str) -> bool:
        return answers.holds(Criterion(item=code), either_side=True)

    hits: list[RedFlagHit] = []
    for rf in protocol.red_flags:
        triggered = [c for c in rf.items if positive(c)]
        combined = [c for c in rf.combination if positive(c)]
        if rf.combination and len(combined) >= rf.combination_min:
            triggered += [c for c in combined if c not in triggered]
        patterns = []
        for combo in rf.combinations:
            members = [c for c in combo.members if answers.holds(c, either_side=True)]
            required = [
                next((c for c in group if answers.holds(c, either_side=True)), None)
                for group in combo.requires
            ]
            if len(members) >= combo.min_count and all(required):
                patterns.append(combo.label)
                for crit in [*members, *(c for c in required if c is not None)]:
                    if crit.item not in triggered:
                        triggered.append(crit.item)
        if triggered:
            hits.append(
                RedFlagHit(
                    code=rf.code,
                    label=rf.label,
                    patient_label=rf.patient_label,
                    urgency=rf.urgency,
                    action=rf.action,
                    patient_action=rf.patient_action,
                    citation=rf.citation,
                    triggered_by=tuple(triggered),
                    patterns=tuple(patterns),
                    priority=rf.priority,
                )
            )
    # Most urgent first; within one urgency the more specific action (lower priority) leads.
    hits.sort(key=lambda h: (_URGENCY_RANK[h.urgency], h.priority))
    return tuple(hits)


# --- Inconsistency ------------------------------------------------------------------------------


def _inconsistency(
    index: _Index, answers: _Answers, groups: _Groups, families: Mapping[str, float]
) -> tuple[bool, str]:
    strong: dict[str, list[str]] = {}
    for (_, h), entries in sorted(groups.items()):
        for e in sorted(entries, key=lambda e: index.item_order[e.item]):
            if e.lr >= STRONG_LR:
                label = index.protocol.items_by_code[e.item].label
                names = strong.setdefault(index.families[h], [])
                if label not in names:
                    names.append(label)
    reasons = []
    if len(strong) >= 2:
        ranked = sorted(strong, key=lambda f: -families[f])
        a, b = ranked[0], ranked[1]
        if abs(families[a] - families[b]) <= INCONSISTENCY_FAMILY_MARGIN:
            fam = index.protocol.families_by_code
            reasons.append(
                f"Strong findings point to two families: {fam[a].label} "
                f"({', '.join(strong[a])}) and {fam[b].label} ({', '.join(strong[b])})."
            )
    equivocal = [
        index.protocol.items_by_code[code].label
        for code in sorted(index.key_tests, key=lambda c: index.item_order[c])
        if any(v == EQUIVOCAL for _, v in answers.counted(index.protocol.items_by_code[code]))
    ]
    if len(equivocal) >= EQUIVOCAL_KEY_TESTS:
        reasons.append(f"{len(equivocal)} key tests were equivocal ({', '.join(equivocal)}).")
    if not reasons:
        return False, ""
    return True, " ".join(reasons) + " " + INCONSISTENCY_BASE


# --- Next test ----------------------------------------------------------------------------------


def _entropy(probs: Iterable[float]) -> float:
    return -sum(p * math.log2(p) for p in probs if p > 0)


def _next_tests(
    index: _Index,
    answers: _Answers,
    groups: _Groups,
    cluster: Mapping[str, ClusterState],
    log_w: list[float],
    probs: list[float],
    top: int,
) -> tuple[NextTest, ...]:
    """Untested exam items, those that could change the working hypothesis first, then by gain.

    Outcome probabilities come from each test's own accuracy (`_outcome_model`); the posterior
    after an outcome is what the engine would then show (dependency groups, clusters and caps
    included), so a test whose group is already decided by a stronger result gains nothing.
    A screening group (e.g. the five myotomes) is offered once, as its best member.
    """
    n = len(index.codes)
    base_entropy = _entropy(probs)
    symptomatic = answers.symptomatic
    screening = index.protocol.screening_groups
    scored: list[tuple[bool, float, int, NextTest]] = []
    old_factors: dict[tuple[str, int], float] = {}  # current factor per group, filled lazily
    for candidate in index.candidates:
        item = candidate.item
        if item.side_aware:
            open_sides = [s for s in answers.counted_sides if (item.code, s) not in answers.values]
            if len(open_sides) < len(answers.counted_sides) or not open_sides:
                continue  # already examined on a counted side
            side: str | None = open_sides[0]
        else:
            if (item.code, None) in answers.values:
                continue
            side = None
        outcome_deltas = [
            _hypothetical_deltas(
                index, answers, groups, cluster, item, side, value, touched, old_factors
            )
            for value, touched in candidate.samples
        ]
        # P(answer | h): the answer's base rate times the factor it would actually apply (so a
        # group already decided by a stronger test tells nothing), renormalised per hypothesis.
        weights = [
            [candidate.base[o] * math.exp(d.get(h, 0.0)) for h in range(n)]
            for o, d in enumerate(outcome_deltas)
        ]
        totals = [sum(w[h] for w in weights) for h in range(n)]
        expected_entropy = 0.0
        flips = False
        p_positive = None
        for o, (value, _) in enumerate(candidate.samples):
            joint = [probs[h] * weights[o][h] / totals[h] for h in range(n)]
            p_outcome = sum(joint)
            if p_outcome <= 0.0:
                continue
            if item.answer_type == TEST_RESULT and value == POSITIVE:
                # the test's own accuracy, whatever else is known
                p_positive = round(sum(probs[h] * candidate.likelihood[o][h] for h in range(n)), 3)
            expected_entropy += p_outcome * _entropy(j / p_outcome for j in joint)
            deltas = outcome_deltas[o]
            if deltas and p_outcome >= MIN_FLIP_OUTCOME_P:
                post = _normalise([log_w[h] + deltas.get(h, 0.0) for h in range(n)])
                if max(range(n), key=lambda h: (post[h], -h)) != top:
                    flips = True
        gain = max(base_entropy - expected_entropy, 0.0)
        if gain < MIN_GAIN_BITS and not flips:
            continue
        in_screen = item.group in screening
        scored.append(
            (
                flips,
                gain,
                index.item_order[item.code],
                NextTest(
                    item=item.code,
                    label=screening[item.group] if in_screen else item.label,
                    step=item.step,
                    side=symptomatic if item.side_aware and symptomatic in SIDES else None,
                    kind="screen" if in_screen else "test",
                    group=item.group if in_screen else "",
                    expected_gain_bits=round(gain, 4),
                    p_positive=p_positive,
                    could_change_working_hypothesis=flips,
                    reason="could change the working hypothesis"
                    if flips
                    else "would refine the ranking",
                ),
            )
        )
    scored.sort(key=lambda t: (not t[0], -t[1], t[2]))
    ranked: list[NextTest] = []
    seen_groups: set[str] = set()
    for *_, test in scored:
        if test.group:
            if test.group in seen_groups:
                continue
            seen_groups.add(test.group)
        ranked.append(test)
    return tuple(ranked)


def _context_checks(protocol: Protocol, answers: _Answers) -> tuple[NextTest, ...]:
    """Red-flag tests the history calls for (e.g. the hop test for a loaded runner's groin)."""
    checks = []
    for rule in protocol.context_tests:
        item = protocol.items_by_code.get(rule.item)
        if item is None or answers.answered(item.code):
            continue
        if all(answers.holds_any(group) for group in rule.when):
            checks.append(
                NextTest(
                    item=item.code,
                    label=item.label,
                    step=item.step,
                    side=None,
                    kind="red_flag_check",
                    group="",
                    expected_gain_bits=0.0,
                    p_positive=None,
                    could_change_working_hypothesis=False,
                    reason=f"red-flag check: {rule.reason}",
                )
            )
    return tuple(checks)


def _hypothetical_deltas(
    index: _Index,
    answers: _Answers,
    groups: _Groups,
    cluster: Mapping[str, ClusterState],
    item: Item,
    side: str | None,
    value: Any,
    touched: _Touched,
    old_factors: dict[tuple[str, int], float],
) -> dict[int, float]:
    """Change in log-weight per hypothesis if `item` on `side` were answered `value`."""
    hypothetical_cluster: Mapping[str, ClusterState] = cluster
    rules = index.cluster_members.get(item.code, ())
    if rules:
        hypothetical_cluster = dict(cluster)
        for rule in rules:
            member_side = side if item.side_aware else None
            hypothetical_cluster[rule.code] = _cluster_state(
                rule, answers, (item.code, member_side, value)
            )
    deltas: dict[int, float] = {}
    for key, new_lrs in touched:
        lrs = [e.lr for e in groups.get(key, ())]
        old = old_factors.get(key)
        if old is None:
            old = old_factors[key] = _group_factor(index, key, lrs, cluster)
        new = _group_factor(index, key, lrs + list(new_lrs), hypothetical_cluster)
        if new != old:
            deltas[key[1]] = deltas.get(key[1], 0.0) + math.log(new) - math.log(old)
    return deltas


# --- Pain mechanism -----------------------------------------------------------------------------


def _pain_mechanism(protocol: Protocol, answers: _Answers) -> PainMechanism:
    rules = protocol.mechanism
    items = protocol.items_by_code
    yes = answers.get
    holds = answers.holds_any

    def label(code: str) -> str:
        return items[code].label

    descriptors = [c for c in rules.descriptors if yes(c) == "yes"]
    descriptors_absent = bool(rules.descriptors) and all(yes(c) == "no" for c in rules.descriptors)
    localised = holds(rules.localised)
    mechanical = holds(rules.predictable) or (
        holds(rules.eases_with_rest)
        and any(
            yes(i.code) == "yes"
            for i in protocol.items
            if i.group == rules.aggravating_group and i.answer_type == YES_NO_UNSURE
        )
    )
    night = yes(rules.night_pain) == "yes"

    noci_features, noci_against = [], []
    if localised:
        noci_features.append("Pain localised to one area")
    if mechanical:
        noci_features.append("Clear, proportionate mechanical aggravating/easing pattern")
    if descriptors_absent:
        noci_features.append("No burning, shooting, electric or tingling descriptors")
    if yes(rules.night_pain) == "no":
        noci_features.append("No night pain")
    if descriptors:
        noci_against.append(
            "Neuropathic descriptors: " + ", ".join(_in_sentence(label(c)) for c in descriptors)
        )
    if night:
        noci_against.append("Night pain / disturbed sleep")
    nociceptive_likely = localised and mechanical and not descriptors and not night

    deficit = holds(rules.deficit)
    nerve_history = holds(rules.nerve_history) or deficit
    distribution = holds(rules.dermatomal)
    neural_provocation = [c.item for c in rules.neural_provocation if answers.holds(c)]
    pn_features = []
    if nerve_history:
        pn_features.append(
            "History or signs of nerve pathology / compromise"
            + (" (neurological deficit on exam)" if deficit else "")
        )
    if distribution:
        pn_features.append("Pain referred in a dermatomal / cutaneous distribution")
    if neural_provocation:
        pn_features.append(
            "Provoked by neural loading: " + ", ".join(label(c) for c in neural_provocation)
        )
    if descriptors:
        pn_features.append("Neuropathic descriptors")
    pn_likely = distribution and bool(neural_provocation) and (nerve_history or bool(descriptors))

    long_standing = holds(rules.long_standing)
    marked = sum(
        1
        for (code, _), v in answers.values.items()
        if v is True and items[code].answer_type == REGION
    )
    regional = holds(rules.widespread) or marked >= rules.regional_min_regions
    hypersensitivity = holds(rules.hypersensitivity)
    comorbidities = [label(c) for c in rules.comorbidities if yes(c) == "yes"]
    not_explained = not nociceptive_likely and not pn_likely
    possible = long_standing and regional and hypersensitivity and not_explained
    probable = possible and holds(rules.touch_history) and bool(comorbidities)
    np_features = []
    if long_standing:
        np_features.append("Pain for 3 months or more")
    if regional:
        np_features.append("Regional, multifocal or widespread distribution")
    if hypersensitivity:
        np_features.append("Signs of pain hypersensitivity in the painful region (allodynia)")
    if holds(rules.touch_history):
        np_features.append("History of hypersensitivity to touch")
    np_features += [f"Comorbidity: {c}" for c in comorbidities]
    if holds(rules.unpredictable):
        np_features.append("Unpredictable, non-mechanical provocation")
    if holds(rules.distress):
        np_features.append("Distress / fear of movement")

    return PainMechanism(
        nociceptive=MechanismPicture(
            features=tuple(noci_features),
            against=tuple(noci_against),
            likely=nociceptive_likely,
            criteria=rules.nociceptive_criteria,
            grade="",
        ),
        peripheral_neuropathic=MechanismPicture(
            features=tuple(pn_features),
            against=(),
            likely=pn_likely,
            criteria=rules.neuropathic_criteria,
            grade="",
        ),
        nociplastic=MechanismPicture(
            features=tuple(np_features),
            against=(),
            likely=possible,
            criteria=rules.nociplastic_criteria,
            grade="probable" if probable else "possible" if possible else "unlikely",
        ),
        note=rules.note,
    )


# --- Strength -----------------------------------------------------------------------------------


def _strength(protocol: Protocol, answers: _Answers) -> tuple[StrengthRow, ...]:
    buckets: dict[str, dict[str, Item]] = {}
    for item in protocol.items:
        if item.step == STRENGTH_STEP:
            buckets.setdefault(item.group, {})[item.answer_type] = item
    rows = []
    symptomatic = answers.symptomatic
    for movement, by_type in buckets.items():
        force, mrc, pain = by_type.get(FORCE), by_type.get(MRC_0_5), by_type.get(YES_NO_UNSURE)
        row: dict[str, Any] = {"movement": movement, "unit": force.unit if force else ""}
        for s in SIDES:
            row[s] = answers.values.get((force.code, s)) if force else None
            row[f"{s}_mrc"] = answers.values.get((mrc.code, s)) if mrc else None
            row[f"{s}_pain"] = answers.values.get((pain.code, s)) if pain else None
        deficit = weaker = None
        basis = None
        flagged = relevant = False
        if (
            row["left"] is not None
            and row["right"] is not None
            and max(row["left"], row["right"]) > 0
        ):
            basis = "force"
            if symptomatic in SIDES:
                other = "right" if symptomatic == "left" else "left"
                reference = row[other]
                deficit = (reference - row[symptomatic]) / reference * 100 if reference else None
                if deficit is not None and deficit > 0:
                    weaker = symptomatic
                elif deficit is not None and deficit < 0:
                    weaker = other
            else:
                strong, weak = max(row["left"], row["right"]), min(row["left"], row["right"])
                deficit = (strong - weak) / strong * 100
                if deficit > 0:
                    weaker = "left" if row["left"] < row["right"] else "right"
            if deficit is not None:
                deficit = round(deficit, 1)
                flagged = deficit > STRENGTH_FLAG_PCT
                relevant = deficit >= STRENGTH_RELEVANT_PCT
        elif row["left_mrc"] is not None and row["right_mrc"] is not None:
            basis = "mrc"
            if row["left_mrc"] != row["right_mrc"]:
                weaker = "left" if row["left_mrc"] < row["right_mrc"] else "right"
                flagged = symptomatic not in SIDES or weaker == symptomatic
        rows.append(
            StrengthRow(
                **row,
                deficit_pct=deficit,
                weaker_side=weaker,
                basis=basis,
                flagged=flagged,
                clearly_relevant=relevant,
                note=STRENGTH_NOTE,
            )
        )
    return tuple(rows)


# --- Working hypothesis and treatment path ------------------------------------------------------


def _working_hypothesis(
    protocol: Protocol,
    score: HypothesisScore,
    families: Mapping[str, float],
    confidence: str,
    confidence_basis: str,
    red_flags: tuple[RedFlagHit, ...],
    flag_actions: tuple[str, ...],
) -> WorkingHypothesis:
    hyp = protocol.hypotheses_by_code[score.code]
    family = protocol.families_by_code[hyp.family]
    override = None
    if red_flags:
        first = red_flags[0]
        override = RedFlagOverride(
            code=first.code,
            label=first.label,
            urgency=first.urgency,
            action=" ".join(flag_actions),
            patient_action=" ".join(dict.fromkeys(h.patient_action for h in red_flags)),
        )
    top_family = max(families, key=lambda f: (families[f], f == hyp.family))
    mixed = top_family != hyp.family
    mixed_note = ""
    if mixed:
        other = protocol.families_by_code[top_family]
        mixed_note = (
            f"Mixed picture: the single most likely explanation is {_in_sentence(hyp.label)} "
            f"({family.label}, {probability_band(score.probability)}), but the {other.label} "
            f"family is more likely taken together ({probability_band(families[top_family])} vs "
            f"{probability_band(families[hyp.family])}). The path follows the working hypothesis; "
            "let the response to the first treatment steps decide."
        )
    return WorkingHypothesis(
        code=hyp.code,
        label=hyp.label,
        patient_label=hyp.patient_label,
        family=hyp.family,
        family_label=family.label,
        confidence=confidence,
        confidence_basis=confidence_basis,
        probability=score.probability,
        probability_band=score.probability_band,
        mostly_estimates=score.mostly_estimates,
        description=hyp.description,
        patient_description=hyp.patient_description,
        wording=(
            "Red flag: referral comes first; the musculoskeletal picture is most "
            f"consistent with {_in_sentence(hyp.label)}"
            if red_flags
            else f"Most consistent with {_in_sentence(hyp.label)} ({confidence})"
        ),
        referral_required=bool(red_flags),
        red_flag_override=override,
        mixed_picture=mixed,
        mixed_picture_note=mixed_note,
    )


def _treatment_path(
    protocol: Protocol,
    working: WorkingHypothesis,
    red_flags: tuple[RedFlagHit, ...],
    mechanism: PainMechanism,
) -> SelectedPath:
    """The path always belongs to the working hypothesis (one consistent story).

    Red flag: the first flag's path. Clear or probable: the hypothesis's own path. Uncertain:
    the broader path of the working hypothesis's family (never another family's).
    """
    if red_flags:
        code = red_flags[0].code
        because = f"Red flag ({red_flags[0].label}) overrides the usual path."
    elif working.confidence == "uncertain":
        code = working.family
        because = (
            "The working hypothesis is uncertain, so the broader path for its family "
            f"({working.family_label}) is used."
        )
    else:
        code = working.code
        because = f"Matches the working hypothesis ({working.confidence})."
    path = protocol.treatment_paths[code]
    noci = mechanism.nociplastic.likely
    return SelectedPath(
        **{f.name: getattr(path, f.name) for f in fields(path)},
        selected_because=because,
        deferred_hypothesis_path=working.code if red_flags else None,
        patient=path.for_patient(),
        mechanism_advice=protocol.nociplastic_advice if noci else (),
        mechanism_citation=protocol.nociplastic_citation if noci else "",
    )
