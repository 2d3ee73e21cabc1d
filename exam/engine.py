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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from exam.protocol import (
    EXAM_STEPS,
    FORCE,
    MRC_0_5,
    SIDES,
    TEST_RESULT,
    URGENCIES,
    ClusterRule,
    Evidence,
    Item,
    Protocol,
    get_protocol,
    red_flag_positive,
    validate_side,
    validate_symptomatic_side,
    validate_value,
)
from exam.protocol.types import EQUIVOCAL, NOT_TESTED, UNSURE

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
MECHANISM_NOTE = (
    "Pain mechanism is reported separately from the tissue source: a tendon can be the source "
    "while the pain is nociplastic-dominant. Criteria: Smart 2012 (clinician-judgement reference) "
    "and Kosek 2021 (judged unsuitable for screening on its own)."
)

_URGENCY_RANK = {u: i for i, u in enumerate(URGENCIES)}


# --- Public records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    item: str
    side: str | None
    value: Any
    reason: str | None = None


@dataclass(frozen=True)
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "label": self.label,
            "side": self.side,
            "value": self.value,
            "value_label": self.value_label,
            "lr": round(self.lr, 4),
            "lr_source": self.lr_source,
            "direction": self.direction,
            "counted": self.counted,
            "group": self.group,
            "citation": self.citation,
            "quality": self.quality,
            "estimate": self.estimate,
            "note": self.note,
        }


@dataclass(frozen=True)
class HypothesisScore:
    code: str
    label: str
    patient_label: str
    family: str
    probability: float
    prior: float
    history_capped: bool
    evidence: tuple[EvidenceUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "patient_label": self.patient_label,
            "family": self.family,
            "probability": self.probability,
            "prior": self.prior,
            "history_capped": self.history_capped,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Assessment:
    protocol_version: str
    symptomatic_side: str | None
    working_hypothesis: dict[str, Any]
    hypotheses: tuple[HypothesisScore, ...]
    families: dict[str, float]
    red_flags: list[dict[str, Any]]
    referral_required: bool
    red_flags_unsure: list[str]
    red_flags_unanswered: list[str]
    inconsistent: bool
    inconsistency_note: str
    next_tests: list[str]
    next_test_details: list[dict[str, Any]]
    stop_testing: bool
    stop_testing_message: str
    pain_mechanism: dict[str, Any]
    strength: list[dict[str, Any]]
    sij_cluster: dict[str, Any]
    treatment_path: dict[str, Any]
    findings_used: int = field(default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol_version": self.protocol_version,
            "symptomatic_side": self.symptomatic_side,
            "working_hypothesis": dict(self.working_hypothesis),
            "hypotheses": [h.to_dict() for h in self.hypotheses],
            "families": dict(self.families),
            "red_flags": [dict(r) for r in self.red_flags],
            "referral_required": self.referral_required,
            "red_flags_unsure": list(self.red_flags_unsure),
            "red_flags_unanswered": list(self.red_flags_unanswered),
            "inconsistent": self.inconsistent,
            "inconsistency_note": self.inconsistency_note,
            "next_tests": list(self.next_tests),
            "next_test_details": [dict(d) for d in self.next_test_details],
            "stop_testing": self.stop_testing,
            "stop_testing_message": self.stop_testing_message,
            "pain_mechanism": self.pain_mechanism,
            "strength": [dict(s) for s in self.strength],
            "sij_cluster": dict(self.sij_cluster),
            "treatment_path": self.treatment_path,
            "findings_used": self.findings_used,
        }


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
    # Exam items with links, each with its distinct sample answers and, per answer, the LRs it
    # would add to each (group, hypothesis): precomputed because next-test runs on every save.
    candidates: tuple[tuple[Item, tuple[tuple[Any, _Touched], ...]], ...]
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
            candidates.append(
                (
                    item,
                    tuple(
                        (value, _touched(item, value, item_links, rules, position))
                        for value in _sample_answers(item, item_links)
                    ),
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

    def any_counted(self, code: str, accept: Any) -> bool:
        item = self.protocol.items_by_code[code]
        return any(accept(v) for _, v in self.counted(item))

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
    inconsistent, note = _inconsistency(index, answers, groups, families)
    top, runner_up = order[0], order[1]
    confidence = _confidence(probs[top], probs[runner_up], inconsistent)
    mechanism = _pain_mechanism(protocol, answers)

    unanswered_flags = [
        i.code for i in protocol.items_for_step("red-flags") if not answers.answered(i.code)
    ]
    if red_flags:
        next_details: list[dict[str, Any]] = []
        stop, stop_message = (
            True,
            (
                "Red flag present: stop the usual examination and arrange the referral. Further "
                "tests only as needed to inform the receiving clinician."
            ),
        )
    else:
        next_details, any_flip = _next_tests(index, answers, groups, cluster, log_w, probs, top)
        if any_flip:
            stop, stop_message = False, ""
        elif unanswered_flags:
            # "Stop testing" is only safe once red flags are known to be absent.
            stop, stop_message = (
                False,
                (
                    "No single remaining test could change the working hypothesis, but the red-flag "
                    f"screen is incomplete ({len(unanswered_flags)} unanswered): finish it first."
                ),
            )
        else:
            stop, stop_message = (
                True,
                (
                    "No single remaining test could change the working hypothesis: more testing adds "
                    "little. Start the matching path and review the response."
                ),
            )

    working = _working_hypothesis(protocol, top, probs[top], confidence, red_flags)
    path = _treatment_path(protocol, top, confidence, families, red_flags, mechanism)

    return Assessment(
        protocol_version=protocol.version,
        symptomatic_side=symptomatic,
        working_hypothesis=working,
        hypotheses=hypotheses,
        families=families,
        red_flags=red_flags,
        referral_required=bool(red_flags),
        red_flags_unsure=[
            i.code
            for i in protocol.items_for_step("red-flags")
            if any(v == UNSURE for _, v in answers.counted(i))
        ],
        red_flags_unanswered=unanswered_flags,
        inconsistent=inconsistent,
        inconsistency_note=note,
        next_tests=[d["item"] for d in next_details],
        next_test_details=next_details,
        stop_testing=stop,
        stop_testing_message=stop_message,
        pain_mechanism=mechanism,
        strength=_strength(protocol, answers),
        sij_cluster=cluster.get("sij_cluster") or {},
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
) -> dict[str, Any]:
    """Count the cluster's members; `overlay` is a hypothetical (item, side, value)."""

    def value_of(code: str, side: str | None) -> Any:
        if overlay and overlay[0] == code and overlay[1] == side:
            return overlay[2]
        return answers.values.get((code, side))

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
    return {
        "code": rule.code,
        "label": rule.label,
        "positives": positives,
        "negatives": negatives,
        "tested": positives + negatives,
        "total": len(rule.members),
        "result": result,
        "lr": lr,
        "citation": rule.citation,
        "quality": rule.quality,
        "estimate": rule.estimate,
        "note": rule.note,
    }


def _group_factor(
    index: _Index, key: tuple[str, int], lrs: Iterable[float], cluster: Mapping[str, Any]
) -> float:
    rule = index.cluster_for_group.get(key)
    if rule is not None:
        lr = cluster[rule.code]["lr"]
        if lr is not None:  # decided: applied once instead of the individual tests
            return lr
    return _factor(lrs, key[0] in index.battery)


def _score(
    index: _Index, groups: _Groups, cluster: Mapping[str, Any]
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
        if rule is not None and cluster[rule.code]["lr"] is not None:
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
    cluster: Mapping[str, Any],
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
                )
            )
    for rule in protocol.clusters:
        state = cluster[rule.code]
        if rule.hypothesis == hyp.code and state["lr"] is not None:
            lr = state["lr"]
            uses.append(
                EvidenceUse(
                    item=rule.code,
                    label=rule.label,
                    side=None,
                    value=state["result"],
                    value_label=f"{state['positives']} of {state['total']} positive "
                    f"({state['result']})",
                    lr=lr,
                    lr_source=lr,
                    direction="up" if lr > 1 else "down" if lr < 1 else "none",
                    counted=lr != 1.0,
                    group=rule.group,
                    citation=rule.citation,
                    quality=rule.quality,
                    estimate=rule.estimate,
                    note=rule.note,
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
    return HypothesisScore(
        code=hyp.code,
        label=hyp.label,
        patient_label=hyp.patient_label,
        family=hyp.family,
        probability=probability,
        prior=hyp.prior,
        history_capped=capped,
        evidence=tuple(uses),
    )


def _confidence(top: float, runner_up: float, inconsistent: bool) -> str:
    if top >= CLEAR_MIN_PROBABILITY and top >= CLEAR_MIN_RATIO * runner_up and not inconsistent:
        return "clear"
    if top >= PROBABLE_MIN_PROBABILITY:
        return "probable"
    return "uncertain"


# --- Red flags ----------------------------------------------------------------------------------


def _red_flags(protocol: Protocol, answers: _Answers) -> list[dict[str, Any]]:
    def positive(code: str) -> bool:
        item = protocol.items_by_code[code]
        sides = SIDES if item.side_aware else (None,)  # red flags count on either side
        return any(
            red_flag_positive(item, answers.values[(code, s)])
            for s in sides
            if (code, s) in answers.values
        )

    hits = []
    for rf in protocol.red_flags:
        triggered = [c for c in rf.items if positive(c)]
        combined = [c for c in rf.combination if positive(c)]
        if rf.combination and len(combined) >= rf.combination_min:
            triggered += [c for c in combined if c not in triggered]
        if triggered:
            hits.append(
                {
                    "code": rf.code,
                    "label": rf.label,
                    "patient_label": rf.patient_label,
                    "urgency": rf.urgency,
                    "action": rf.action,
                    "patient_action": rf.patient_action,
                    "citation": rf.citation,
                    "triggered_by": triggered,
                }
            )
    hits.sort(key=lambda h: _URGENCY_RANK[h["urgency"]])  # stable: protocol order within urgency
    return hits


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
    cluster: Mapping[str, Any],
    log_w: list[float],
    probs: list[float],
    top: int,
) -> tuple[list[dict[str, Any]], bool]:
    """Rank untested exam items by expected information gain over the displayed ranking.

    Each outcome's likelihood under a hypothesis is taken as proportional to the factor it would
    apply (uniform baseline over outcomes), so a test whose dependency group is already decided
    by a stronger result scores zero. Returns (details of the best tests, whether any single
    outcome of any remaining test would change the top hypothesis).
    """
    n = len(index.codes)
    base_entropy = _entropy(probs)
    symptomatic = answers.symptomatic
    scored: list[tuple[float, int, dict[str, Any]]] = []
    any_flip = False
    old_factors: dict[tuple[str, int], float] = {}  # current factor per group, filled lazily
    for item, samples in index.candidates:
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
            for value, touched in samples
        ]
        # likelihood of each outcome under each hypothesis (uniform baseline, then normalised)
        ratios = [[math.exp(d.get(h, 0.0)) for h in range(n)] for d in outcome_deltas]
        per_h_total = [sum(r[h] for r in ratios) for h in range(n)]
        expected_entropy = 0.0
        flips = False
        for o, deltas in enumerate(outcome_deltas):
            p_outcome = sum(probs[h] * ratios[o][h] / per_h_total[h] for h in range(n))
            if not deltas:
                expected_entropy += p_outcome * base_entropy
                continue
            post = _normalise([log_w[h] + deltas.get(h, 0.0) for h in range(n)])
            expected_entropy += p_outcome * _entropy(post)
            new_top = max(range(n), key=lambda h: (post[h], -h))
            if new_top != top:
                flips = True
        gain = max(base_entropy - expected_entropy, 0.0)
        any_flip = any_flip or flips
        if gain >= MIN_GAIN_BITS:
            scored.append(
                (
                    gain,
                    index.item_order[item.code],
                    {
                        "item": item.code,
                        "label": item.label,
                        "step": item.step,
                        "side": symptomatic if item.side_aware and symptomatic in SIDES else None,
                        "expected_gain_bits": round(gain, 4),
                        "could_change_working_hypothesis": flips,
                    },
                )
            )
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [d for _, _, d in scored[:NEXT_TESTS_LIMIT]], any_flip


def _hypothetical_deltas(
    index: _Index,
    answers: _Answers,
    groups: _Groups,
    cluster: Mapping[str, Any],
    item: Item,
    side: str | None,
    value: Any,
    touched: _Touched,
    old_factors: dict[tuple[str, int], float],
) -> dict[int, float]:
    """Change in log-weight per hypothesis if `item` on `side` were answered `value`."""
    hypothetical_cluster: Mapping[str, Any] = cluster
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


def _pain_mechanism(protocol: Protocol, answers: _Answers) -> dict[str, Any]:
    yes = answers.get
    items = protocol.items_by_code

    def any_side(code: str, accept: Any) -> bool:
        return answers.any_counted(code, accept)

    descriptors = [
        c for c in ("quality_burning", "quality_zinging", "quality_tingling") if yes(c) == "yes"
    ]
    descriptors_absent = all(
        yes(c) == "no" for c in ("quality_burning", "quality_zinging", "quality_tingling")
    )
    localised = yes("spread") == "localised"
    mechanical = yes("day_to_day") == "predictable" or (
        yes("ease_rest") == "yes"
        and any(
            yes(i.code) == "yes"
            for i in protocol.items
            if i.group == "Aggravating factors" and i.answer_type == "yes_no_unsure"
        )
    )
    night = yes("night_pain") == "yes"

    noci_features, noci_against = [], []
    if localised:
        noci_features.append("Pain localised to one area")
    if mechanical:
        noci_features.append("Clear, proportionate mechanical aggravating/easing pattern")
    if descriptors_absent:
        noci_features.append("No burning, shooting, electric or tingling descriptors")
    if yes("night_pain") == "no":
        noci_features.append("No night pain")
    if descriptors:
        noci_against.append(
            "Neuropathic descriptors: "
            + ", ".join(_in_sentence(items[c].label) for c in descriptors)
        )
    if night:
        noci_against.append("Night pain / disturbed sleep")
    nociceptive_likely = localised and mechanical and not descriptors and not night

    deficit = (
        any(
            any_side(f"myotome_{k}", lambda v: isinstance(v, int) and v <= 4)
            for k in ("l2", "l3", "l4", "l5", "s1")
        )
        or any(
            any_side(f"dermatome_{k}", lambda v: v == "reduced")
            for k in ("l2", "l3", "l4", "l5", "s1")
        )
        or any(
            any_side(c, lambda v: v in ("reduced", "absent"))
            for c in ("reflex_knee", "reflex_ankle")
        )
    )
    nerve_history = yes("hx_back_history") == "yes" or deficit
    distribution = (
        any_side("area_below_knee", lambda v: v is True)
        or any_side("area_foot", lambda v: v is True)
        or yes("spread") == "line_down_leg"
    )
    neural_provocation = [
        c
        for c in ("slr", "slump", "crossed_slr", "seated_piriformis_stretch", "fair")
        if any_side(c, lambda v: v == "positive")
    ]
    if any_side("palp_sciatic_trunk", lambda v: v == "familiar"):
        neural_provocation.append("palp_sciatic_trunk")
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
            "Provoked by neural loading: " + ", ".join(items[c].label for c in neural_provocation)
        )
    if descriptors:
        pn_features.append("Neuropathic descriptors")
    pn_likely = distribution and bool(neural_provocation) and (nerve_history or bool(descriptors))

    long_standing = yes("duration") == "over_3_months"
    marked = sum(
        1
        for (code, _), v in answers.values.items()
        if v is True and items[code].answer_type == "region"
    )
    regional = yes("spread") in ("widespread", "drifts") or marked >= 4
    hypersensitivity = yes("palp_allodynia") == "positive"
    comorbidities = [
        items[c].label
        for c in ("hx_sleep_disturbed", "hx_fatigue_fog", "hx_sensory_sensitivity")
        if yes(c) == "yes"
    ]
    not_explained = not nociceptive_likely and not pn_likely
    possible = long_standing and regional and hypersensitivity and not_explained
    probable = possible and yes("hx_touch_sensitivity") == "yes" and bool(comorbidities)
    np_features = []
    if long_standing:
        np_features.append("Pain for 3 months or more")
    if regional:
        np_features.append("Regional, multifocal or widespread distribution")
    if hypersensitivity:
        np_features.append("Signs of pain hypersensitivity in the painful region (allodynia)")
    if yes("hx_touch_sensitivity") == "yes":
        np_features.append("History of hypersensitivity to touch")
    np_features += [f"Comorbidity: {c}" for c in comorbidities]
    if yes("day_to_day") == "variable":
        np_features.append("Unpredictable, non-mechanical provocation")
    if yes("hx_distress") == "yes":
        np_features.append("Distress / fear of movement")

    return {
        "nociceptive": {
            "features": noci_features,
            "against": noci_against,
            "likely": nociceptive_likely,
            "criteria": "Smart 2012 Part 3 (localised, proportionate mechanical "
            "pattern, absence of neuropathic descriptors and night pain)",
        },
        "peripheral_neuropathic": {
            "features": pn_features,
            "likely": pn_likely,
            "criteria": "Smart 2012 Part 2 (nerve history, dermatomal "
            "referral, provoked by neural loading)",
        },
        "nociplastic": {
            "features": np_features,
            "likely": possible,
            "grade": "probable" if probable else "possible" if possible else "unlikely",
            "criteria": "Kosek 2021 (>=3 months, regional, not explained by the "
            "other mechanisms, hypersensitivity signs; 'probable' adds "
            "history of hypersensitivity and a comorbidity)",
        },
        "note": MECHANISM_NOTE,
    }


# --- Strength -----------------------------------------------------------------------------------


def _strength(protocol: Protocol, answers: _Answers) -> list[dict[str, Any]]:
    buckets: dict[str, dict[str, Item]] = {}
    for item in protocol.items_for_step("strength"):
        buckets.setdefault(item.group, {})[item.answer_type] = item
    rows = []
    symptomatic = answers.symptomatic
    for movement, by_type in buckets.items():
        force, mrc, pain = by_type.get(FORCE), by_type.get(MRC_0_5), by_type.get("yes_no_unsure")
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
        row.update(
            {
                "deficit_pct": deficit,
                "weaker_side": weaker,
                "basis": basis,
                "flagged": flagged,
                "clearly_relevant": relevant,
                "note": STRENGTH_NOTE,
            }
        )
        rows.append(row)
    return rows


# --- Working hypothesis and treatment path ------------------------------------------------------


def _working_hypothesis(
    protocol: Protocol,
    top: int,
    probability: float,
    confidence: str,
    red_flags: list[dict[str, Any]],
) -> dict[str, Any]:
    hyp = protocol.hypotheses[top]
    family = protocol.families_by_code[hyp.family]
    override = None
    if red_flags:
        first = red_flags[0]
        override = {
            "code": first["code"],
            "label": first["label"],
            "urgency": first["urgency"],
            "action": first["action"],
            "patient_action": first["patient_action"],
        }
    return {
        "code": hyp.code,
        "label": hyp.label,
        "patient_label": hyp.patient_label,
        "family": hyp.family,
        "family_label": family.label,
        "confidence": confidence,
        "probability": probability,
        "description": hyp.description,
        "patient_description": hyp.patient_description,
        "wording": (
            "Red flag: referral comes first; the musculoskeletal picture is most "
            f"consistent with {_in_sentence(hyp.label)}"
            if red_flags
            else f"Most consistent with {_in_sentence(hyp.label)} ({confidence})"
        ),
        "referral_required": bool(red_flags),
        "red_flag_override": override,
    }


def _treatment_path(
    protocol: Protocol,
    top: int,
    confidence: str,
    families: Mapping[str, float],
    red_flags: list[dict[str, Any]],
    mechanism: Mapping[str, Any],
) -> dict[str, Any]:
    hyp = protocol.hypotheses[top]
    if red_flags:
        code = red_flags[0]["code"]
        because = f"Red flag ({red_flags[0]['label']}) overrides the usual path."
    elif confidence == "uncertain":
        code = max(families, key=lambda f: (families[f], f == hyp.family))
        because = (
            "The working hypothesis is uncertain, so the broader path for the most likely "
            "family is used."
        )
    else:
        code = hyp.code
        because = f"Matches the working hypothesis ({confidence})."
    path = protocol.treatment_paths[code].to_dict()
    path["selected_because"] = because
    path["deferred_hypothesis_path"] = hyp.code if red_flags else None
    path["patient"] = protocol.treatment_paths[code].for_patient()
    if mechanism["nociplastic"]["likely"]:
        path["mechanism_advice"] = [w.to_dict() for w in protocol.nociplastic_advice]
        path["mechanism_citation"] = protocol.nociplastic_citation
    else:
        path["mechanism_advice"] = []
        path["mechanism_citation"] = ""
    return path
