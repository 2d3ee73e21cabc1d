"""Writes for the guided exam: answers, step position, the clinician's decision, signing.

Each service validates against the encounter's own protocol version, writes in one short
transaction (the encounter row locked, so two writers queue), checks the version the client
last saw, and leaves an audit row.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinic.access import EncounterLocked
from clinic.models import Addendum, AuditEvent, Encounter, SignedDocument
from clinic.services import audit_record
from exam.bulk import BULK_BY_CODE, BulkAction
from exam.engine import Assessment, Finding, RedFlagHit, assess
from exam.followup import (
    CRITERION_VALUES,
    DURATION,
    HISTORY_STEP,
    derived_duration,
    phase_after,
    phase_criteria,
)
from exam.models import Answer, OutcomeValue
from exam.protocol import (
    PROTOCOL_VERSION,
    Item,
    ProtocolError,
    get_protocol,
    validate_side,
    validate_value,
)
from exam.protocol.outcomes import OUTCOME_MEASURES

NOT_TESTED = "not_tested"


class AnswerConflict(Exception):
    """Someone else changed this answer since the client loaded it."""

    def __init__(self, current: Answer | None):
        self.current = current
        super().__init__(
            "Someone else changed this answer since you opened the page. "
            "Their value is shown; check it and choose again if needed."
        )


class EncounterConflict(Exception):
    def __init__(self):
        super().__init__(
            "This encounter was changed in another tab or by another clinician since you "
            "opened it. Reload to see the latest version, then try again."
        )


@dataclass(frozen=True)
class SavedAnswer:
    item: Item
    side: str
    answer: Answer | None  # None when the answer was cleared
    changed: bool


def protocol_for(encounter: Encounter):
    return get_protocol(encounter.protocol_version)


AGE_BAND = "age_band"


def age_band_on(encounter: Encounter) -> str:
    """The protocol's age band from the patient's date of birth on the day of the encounter."""
    age = encounter.patient.age_on(encounter.date)
    if age < 35:
        return "under_35"
    return "35_to_50" if age <= 50 else "over_50"


def answers_by_slot(encounter: Encounter) -> dict[tuple[str, str], Answer]:
    """All answers of an encounter keyed by (item code, side) — one query.

    The age band is not asked: it is derived from the date of birth (an unsaved Answer), so
    the engine, the screens and the documents all read the same value. On a follow-up the
    symptom duration is derived the same way: the first visit's answer moved on by the real
    time since the first visit (exam/followup.py), so "failing care" rules use real time.
    """
    answers = {(a.item, a.side): a for a in Answer.objects.filter(encounter=encounter)}
    items = protocol_for(encounter).items_by_code
    if AGE_BAND in items:
        answers[(AGE_BAND, "")] = Answer(
            encounter=encounter, item=AGE_BAND, side="", value=age_band_on(encounter), version=0
        )
    if encounter.follows_id is not None and DURATION in items:
        duration = derived_duration(encounter)
        if duration is not None:
            answers[(DURATION, "")] = Answer(
                encounter=encounter, item=DURATION, side="", value=duration, version=0
            )
    return answers


def derived_items(encounter: Encounter) -> frozenset[str]:
    """Item codes computed rather than asked on this encounter (never stored as answers)."""
    codes = {AGE_BAND}
    if encounter.follows_id is not None and derived_duration(encounter) is not None:
        codes.add(DURATION)
    return frozenset(codes)


def findings_from(answers) -> list[Finding]:
    return [
        Finding(item=a.item, side=a.side or None, value=a.value, reason=a.reason or None)
        for a in answers
    ]


def assessment_for(encounter: Encounter, answers: dict | None = None) -> Assessment:
    """Run the pure engine over an encounter's recorded findings."""
    if answers is None:
        answers = answers_by_slot(encounter)
    return assess(
        findings_from(answers.values()),
        symptomatic_side=encounter.side,
        protocol=protocol_for(encounter),
    )


def _locked_draft(encounter: Encounter) -> Encounter:
    locked = Encounter.objects.select_for_update().get(pk=encounter.pk)
    if locked.is_signed:
        raise EncounterLocked("This encounter is signed and read-only. Add an addendum instead.")
    return locked


def encounter_record_answer(
    *,
    encounter: Encounter,
    item_code: str,
    side: str | None,
    value: Any,
    reason: str | None = None,
    expected_version: int | None = None,
    by,
    ip: str | None = None,
) -> SavedAnswer:
    """Store one finding. `value=None` clears it. Raises ProtocolError or AnswerConflict."""
    protocol = protocol_for(encounter)
    item = protocol.items_by_code.get(item_code)
    if item is None:
        raise ProtocolError(f"Unknown exam item {item_code!r} for protocol {protocol.version}.")
    if item.code == AGE_BAND:
        raise ProtocolError(
            "The age band comes from the date of birth: correct the date of birth on the "
            "patient's record instead."
        )
    if item.code == DURATION and DURATION in derived_items(encounter):
        raise ProtocolError(
            "On a follow-up the duration of symptoms comes from the first visit and the time "
            "since: correct it on the first visit (by an addendum) instead."
        )
    return _record_value(
        Answer,
        encounter=encounter,
        item=item,
        side=side,
        value=value,
        reason=reason,
        expected_version=expected_version,
        by=by,
        ip=ip,
        label="answer",
    )


def outcome_items() -> dict[str, Item]:
    """The outcome measures (exam/protocol/outcomes.py) as Items, keyed by code."""
    return {m.item.code: m.item for m in OUTCOME_MEASURES}


def carried_outcome_codes() -> tuple[str, ...]:
    return tuple(m.item.code for m in OUTCOME_MEASURES if m.carry_forward)


def outcomes_by_slot(encounter: Encounter) -> dict[tuple[str, str], OutcomeValue]:
    return {(o.item, o.side): o for o in OutcomeValue.objects.filter(encounter=encounter)}


def encounter_record_outcome(
    *,
    encounter: Encounter,
    item_code: str,
    side: str | None,
    value: Any,
    reason: str | None = None,
    expected_version: int | None = None,
    by,
    ip: str | None = None,
) -> SavedAnswer:
    """Store one outcome-measure score (same rules as an answer; impossible scores refused)."""
    item = outcome_items().get(item_code)
    if item is None:
        raise ProtocolError(f"Unknown outcome measure {item_code!r}.")
    return _record_value(
        OutcomeValue,
        encounter=encounter,
        item=item,
        side=side,
        value=value,
        reason=reason,
        expected_version=expected_version,
        by=by,
        ip=ip,
        label="outcome",
    )


def _record_value(
    model,
    *,
    encounter: Encounter,
    item: Item,
    side: str | None,
    value: Any,
    reason: str | None,
    expected_version: int | None,
    by,
    ip: str | None,
    label: str,
) -> SavedAnswer:
    validate_side(item, side)
    if value is not None:
        value = validate_value(item, value, reason=reason)
    if value != NOT_TESTED:
        reason = None
    side_key = side or ""
    with transaction.atomic():
        locked = _locked_draft(encounter)
        current = model.objects.filter(encounter=locked, item=item.code, side=side_key).first()
        current_version = current.version if current else 0
        same = (current.value, current.reason) == (value, reason or "") if current else False
        if expected_version is not None and expected_version != current_version and not same:
            # A stale page that posts the value already stored overwrites nothing (e.g. the
            # step form submitted while the autosave of its last field was in flight).
            raise AnswerConflict(current)
        if current is None and value is None:
            return SavedAnswer(item, side_key, None, changed=False)
        if current is not None and current.value == value and current.reason == (reason or ""):
            return SavedAnswer(item, side_key, current, changed=False)
        if value is None:
            current.delete()
            answer = None
        elif current is None:
            answer = model.objects.create(
                encounter=locked,
                item=item.code,
                side=side_key,
                value=value,
                reason=reason or "",
                updated_by=by,
            )
        else:
            current.value = value
            current.reason = reason or ""
            current.version = current_version + 1
            current.updated_by = by
            current.save(update_fields=["value", "reason", "version", "updated_by", "updated_at"])
            answer = current
        Encounter.objects.filter(pk=locked.pk).update(
            version=locked.version + 1, updated_at=timezone.now()
        )
        encounter.version = locked.version + 1
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=by,
            encounter=encounter,
            target=f"{label} {item.code}{'/' + side_key if side_key else ''}",
            ip=ip,
        )
    return SavedAnswer(item, side_key, answer, changed=True)


def encounter_record_step(
    *, encounter: Encounter, changes: list[dict], by, ip: str | None = None
) -> int:
    """Save several answers at once (the no-JavaScript step form): all or nothing."""
    saved = 0
    with transaction.atomic():
        for change in changes:
            result = encounter_record_answer(encounter=encounter, by=by, ip=ip, **change)
            saved += result.changed
    return saved


class BulkConflict(Exception):
    """Answers the bulk action covers changed since the page was loaded (another tab)."""

    def __init__(self, stale: list[tuple[Item, str, Answer | None]]):
        self.stale = stale
        names = ", ".join(f"{item.label}{f' ({side})' if side else ''}" for item, side, _ in stale)
        super().__init__(
            "Nothing was set: someone else changed answers on this step since you opened the "
            f"page ({names[:300]}). Their answers are shown; check them and tap again."
        )


@dataclass(frozen=True)
class BulkResult:
    action: BulkAction
    set: list[SavedAnswer]  # what the action answered, in protocol order
    kept: list[SavedAnswer]  # covered slots that already had an answer, left as they were


def _slot_key(code: str, side: str) -> str:
    return f"{code}__{side}" if side else code


def encounter_record_bulk(
    *,
    encounter: Encounter,
    action_code: str,
    expected_versions: dict[str, int],
    given: frozenset[str] = frozenset(),
    by,
    ip: str | None = None,
) -> BulkResult:
    """One "all normal" action (exam/bulk.py): every covered slot without an answer gets its
    normal value, in one transaction with one audit row. Never overwrites: slots that have an
    answer, or that the page posts a value for (`given`), are left alone. `expected_versions`
    (field key -> version the page showed) must cover every other slot; if one differs, nothing
    is written and BulkConflict names them."""
    action = BULK_BY_CODE.get(action_code)
    protocol = protocol_for(encounter)
    if action is None or action.step not in {s.slug for s in protocol.steps}:
        raise ProtocolError("Unknown action. Reload the page.")
    targets = action.targets(protocol, encounter.side)
    with transaction.atomic():
        locked = _locked_draft(encounter)
        current = {
            (a.item, a.side): a
            for a in Answer.objects.filter(
                encounter=locked, item__in={item.code for item, _, _ in targets}
            )
        }
        open_targets, stale, kept = [], [], []
        for item, side, value in targets:
            key, answer = _slot_key(item.code, side), current.get((item.code, side))
            if key in given:
                continue
            if key not in expected_versions:
                raise ProtocolError(
                    "This was sent without the page's versions, so nothing was saved. "
                    "Reload the page and try again."
                )
            if expected_versions[key] != (answer.version if answer else 0):
                stale.append((item, side, answer))
            elif answer is not None:
                kept.append(SavedAnswer(item, side, answer, changed=False))
            else:
                open_targets.append((item, side, validate_value(item, value)))
        if stale:
            raise BulkConflict(stale)
        created = Answer.objects.bulk_create(
            Answer(encounter=locked, item=item.code, side=side, value=value, updated_by=by)
            for item, side, value in open_targets
        )
        if created:
            Encounter.objects.filter(pk=locked.pk).update(
                version=locked.version + 1, updated_at=timezone.now()
            )
            encounter.version = locked.version + 1
            keys = ", ".join(_slot_key(a.item, a.side) for a in created)
            audit_record(
                action=AuditEvent.Action.UPDATED,
                user=by,
                encounter=encounter,
                target=f"bulk {action.code}: {len(created)} answers ({keys})"[:200],
                ip=ip,
            )
    done = [
        SavedAnswer(item, side, answer, changed=True)
        for (item, side, _), answer in zip(open_targets, created, strict=True)
    ]
    return BulkResult(action, done, kept)


def encounter_set_step(*, encounter: Encounter, step: str) -> None:
    if encounter.current_step != step and not encounter.is_signed:
        Encounter.objects.filter(pk=encounter.pk, status=Encounter.Status.DRAFT).update(
            current_step=step
        )
        encounter.current_step = step


def encounter_change_side(
    *, encounter: Encounter, side: str, expected_version: int, by, ip: str | None = None
) -> Encounter:
    """Correct the side of the complaint on a draft (audited); signed records keep theirs."""
    if side not in Encounter.Side.values:
        raise ProtocolError("Choose the side of the complaint: left, right or both.")
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        if locked.side == side:
            return locked
        previous = locked.side
        locked.side = side
        locked.version += 1
        locked.save(update_fields=["side", "version", "updated_at"])
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=by,
            encounter=locked,
            target=f"side {previous} -> {side}",
            ip=ip,
        )
    return locked


# --- Reading the assessment (one place, so a change of its shape touches only these) ----------


def engine_working_code(assessment: Assessment) -> str:
    return assessment.working_hypothesis.code


def positive_red_flags(assessment: Assessment) -> tuple[RedFlagHit, ...]:
    return assessment.red_flags


def unanswered_red_flags(assessment) -> list[str]:
    return list(assessment.red_flags_unanswered)


# --- The clinician's decision -------------------------------------------------------------------

MAX_REASON_LENGTH = 1000
EXAM_STEPS_EXCLUDED = ("history", "red-flags")  # a "finding" means an examination step answer
# The usual destination for each urgency; the clinician can choose another.
REFERRAL_TO_FOR_URGENCY = {
    "emergency": Encounter.ReferralTo.ED,
    "urgent": Encounter.ReferralTo.ORTHOPAEDIC,
    "soon": Encounter.ReferralTo.GP,
}


class DecisionRefused(ProtocolError):
    """A decision or signature that cannot be stored; the message is for the clinician."""


def _clean_reason(text: str | None, *, missing: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DecisionRefused(missing)
    if len(text) > MAX_REASON_LENGTH:
        raise DecisionRefused(
            f"{label} can be at most {MAX_REASON_LENGTH} characters (it has {len(text)})."
        )
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise DecisionRefused(f"{label} contains control characters; retype it.")
    return text


def encounter_decide(
    *,
    encounter: Encounter,
    decision: str,
    hypothesis: str = "",
    reason: str = "",
    referral: str = "",
    referral_to: str = "",
    referral_reason: str = "",
    next_appointment: str = "",
    expected_version: int,
    by,
    ip: str | None = None,
) -> Encounter:
    """Accept the engine's working hypothesis, or override it with another one and a reason.

    Accept always records the engine's hypothesis at the version the clinician saw: a posted
    hypothesis that differs is refused, never stored. When a red flag is positive the clinician
    also decides to refer (to whom) or to continue without referral (with a reason).
    """
    protocol = protocol_for(encounter)
    if decision not in (Encounter.Decision.ACCEPTED, Encounter.Decision.OVERRIDDEN):
        raise DecisionRefused("Choose accept or override.")
    if len(next_appointment) > 120:
        raise DecisionRefused("The next appointment can be at most 120 characters.")
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        assessment = assessment_for(locked)
        engine_code = engine_working_code(assessment)
        engine_label = protocol.hypotheses_by_code[engine_code].label
        if decision == Encounter.Decision.ACCEPTED:
            if hypothesis and hypothesis != engine_code:
                raise DecisionRefused(
                    f"Accept records the engine's working hypothesis ({engine_label}). To record "
                    "a different hypothesis, choose Override and give a reason."
                )
            hypothesis, reason = engine_code, ""
        else:
            if hypothesis not in protocol.hypotheses_by_code:
                raise DecisionRefused("Choose the hypothesis you are overriding to.")
            if hypothesis == engine_code:
                raise DecisionRefused(
                    f"{engine_label} is already the engine's working hypothesis: choose Accept, "
                    "or choose a different hypothesis to override to."
                )
            reason = _clean_reason(
                reason,
                missing="Give a reason for overriding the working hypothesis.",
                label="The override reason",
            )
        referral, referral_to, referral_reason = _clean_referral(
            positive_red_flags(assessment), referral, referral_to, referral_reason
        )
        locked.decision = decision
        locked.decided_hypothesis = hypothesis
        locked.override_reason = reason
        locked.referral = referral
        locked.referral_to = referral_to
        locked.referral_reason = referral_reason
        locked.next_appointment = next_appointment.strip()
        locked.version += 1
        locked.save(
            update_fields=[
                "decision",
                "decided_hypothesis",
                "override_reason",
                "referral",
                "referral_to",
                "referral_reason",
                "next_appointment",
                "version",
                "updated_at",
            ]
        )
        target = f"decision {decision} {hypothesis}"
        if referral:
            target += f"; referral {referral} {referral_to}".rstrip()
        audit_record(
            action=AuditEvent.Action.UPDATED, user=by, encounter=locked, target=target, ip=ip
        )
    return locked


def _clean_referral(
    red_flags: tuple[RedFlagHit, ...], referral: str, referral_to: str, reason: str
) -> tuple[str, str, str]:
    if not red_flags:
        return "", "", ""  # no red flag: nothing to refer for
    if referral == Encounter.Referral.REFER:
        if referral_to not in Encounter.ReferralTo.values:
            raise DecisionRefused(
                "Choose who the referral goes to: GP, emergency department or orthopaedic surgeon."
            )
        return referral, referral_to, ""
    if referral == Encounter.Referral.CONTINUE:
        reason = _clean_reason(
            reason,
            missing="A red flag is positive: write why you are continuing without referral.",
            label="The reason for not referring",
        )
        return referral, "", reason
    raise DecisionRefused(
        "A red flag is positive: choose Refer or Continue without referral before recording "
        "the decision."
    )


# --- The sign gate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignGap:
    """Something missing before signing: what, where to fix it, and whether a reason will do."""

    code: str
    message: str
    url: str
    link_text: str
    reason_field: str = ""  # the field that lets the clinician sign anyway, with a reason


def sign_gaps(encounter: Encounter, answers: dict, assessment) -> list[SignGap]:
    """What stops this encounter from being signed as it stands (empty list: nothing)."""
    from django.urls import reverse

    protocol = protocol_for(encounter)
    summary = reverse("exam:step", args=[encounter.pk, "summary"])
    gaps: list[SignGap] = []
    engine_code = engine_working_code(assessment)
    if not encounter.decision:
        gaps.append(
            SignGap(
                "decision",
                "No decision yet: accept or override the working hypothesis.",
                f"{summary}#decision",
                "Go to the decision",
            )
        )
    elif (
        encounter.decision == Encounter.Decision.ACCEPTED
        and encounter.decided_hypothesis != engine_code
    ):
        gaps.append(
            SignGap(
                "decision_stale",
                "The findings changed after you accepted, and the engine's working hypothesis is "
                f"now {protocol.hypotheses_by_code[engine_code].label}: accept or override again.",
                f"{summary}#decision",
                "Go to the decision",
            )
        )
    flags = positive_red_flags(assessment)
    if flags and encounter.referral not in (Encounter.Referral.REFER, Encounter.Referral.CONTINUE):
        gaps.append(
            SignGap(
                "referral",
                f"A red flag is positive ({flags[0].label}): choose Refer or Continue without "
                "referral.",
                f"{summary}#decision",
                "Go to the decision",
            )
        )
    unanswered = unanswered_red_flags(assessment)
    if unanswered:
        labels = [
            protocol.items_by_code[c].label for c in unanswered if c in protocol.items_by_code
        ]
        first = unanswered[0]
        step_url = reverse("exam:step", args=[encounter.pk, "red-flags"])
        gaps.append(
            SignGap(
                "red_flag_screen",
                f"The red-flag screen is incomplete: {len(unanswered)} question"
                f"{'s' if len(unanswered) != 1 else ''} unanswered ({'; '.join(labels)}). "
                "Answer them, or record why the screen was not completed.",
                f"{step_url}#item-{first}",
                "Open the red-flag screen",
                reason_field="red_flag_gap_reason",
            )
        )
    if encounter.follows_id is not None and not encounter.phase_decision:
        previous = Encounter.objects.get(pk=encounter.follows_id)
        if decided_path(previous).phases:
            gaps.append(
                SignGap(
                    "phase",
                    "The phase review is missing: mark each criterion met or not met and "
                    "choose advance, hold or step back.",
                    reverse("exam:step", args=[encounter.pk, "follow-up"]) + "#phase",
                    "Go to the phase review",
                )
            )
    exam_steps = [s.slug for s in protocol.steps if s.slug not in EXAM_STEPS_EXCLUDED]
    if not any(
        protocol.items_by_code[code].step in exam_steps
        for code, _ in answers
        if code in protocol.items_by_code
    ):
        first_exam = reverse("exam:step", args=[encounter.pk, exam_steps[0]])
        gaps.append(
            SignGap(
                "no_exam",
                "No examination step has any findings. Record the examination, or record why "
                "(for example a history-only visit).",
                first_exam,
                "Open the examination",
                reason_field="no_exam_reason",
            )
        )
    return gaps


class SignRefused(ProtocolError):
    def __init__(self, gaps: list[SignGap]):
        self.gaps = gaps
        super().__init__("Not signed: " + " ".join(g.message for g in gaps))


def _sign_reasons(gaps: list[SignGap], reasons: dict[str, str]) -> tuple[dict[str, str], list]:
    """Reasons that cover their gaps (validated), and the gaps still blocking."""
    accepted, blocking = {}, []
    for gap in gaps:
        text = (reasons.get(gap.reason_field) or "").strip() if gap.reason_field else ""
        if gap.reason_field and text:
            accepted[gap.reason_field] = _clean_reason(
                text, missing="", label="The reason for signing anyway"
            )
        else:
            blocking.append(gap)
    return accepted, blocking


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store_signed_document(
    *, encounter, kind, paper, pdf, at, by, ip, label, addendum=None
) -> SignedDocument:
    """Store one signed PDF with its SHA-256 and put the full hash in its own audit row."""
    digest = _sha256(pdf)
    document = SignedDocument.objects.create(
        encounter=encounter,
        kind=kind,
        addendum=addendum,
        paper=paper,
        pdf=pdf,
        sha256=digest,
        created_at=at,
        created_by=by,
    )
    audit_record(
        action=AuditEvent.Action.SIGNED,
        user=by,
        encounter=encounter,
        target=f"{label} sha256 {digest}",
        ip=ip,
    )
    return document


def encounter_sign(
    *,
    encounter: Encounter,
    expected_version: int,
    reasons: dict[str, str] | None = None,
    by,
    ip: str | None = None,
) -> Encounter:
    """Sign: check the gate, render every document once, then freeze it all in one transaction.

    Rendering happens before the transaction (it must not hold the write lock); the version
    check inside the transaction proves nothing changed while the documents were rendered.
    """
    from reports.services import render_signed_documents

    if encounter.is_signed:
        raise EncounterLocked("This encounter is already signed. Add an addendum instead.")
    if encounter.version != expected_version:
        raise EncounterConflict()
    answers = answers_by_slot(encounter)
    assessment = assessment_for(encounter, answers)
    accepted, blocking = _sign_reasons(sign_gaps(encounter, answers, assessment), reasons or {})
    if blocking:
        raise SignRefused(blocking)
    if encounter.follows_id is not None:
        # A new path (the hypothesis changed) starts at its first phase.
        previous = Encounter.objects.get(pk=encounter.follows_id)
        if decided_path(encounter, assessment).code != decided_path(previous).code:
            encounter.phase = 1
    signed_at = timezone.now()
    snapshot, documents = render_signed_documents(
        encounter, signed_by=by, signed_at=signed_at, reasons=accepted
    )
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        locked.status = Encounter.Status.SIGNED
        locked.signed_at = signed_at
        locked.signed_by = by
        locked.red_flag_gap_reason = accepted.get("red_flag_gap_reason", "")
        locked.no_exam_reason = accepted.get("no_exam_reason", "")
        locked.signed_snapshot = snapshot
        locked.phase = encounter.phase
        locked.version += 1
        locked.save(
            update_fields=[
                "status",
                "signed_at",
                "signed_by",
                "red_flag_gap_reason",
                "no_exam_reason",
                "signed_snapshot",
                "phase",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditEvent.Action.SIGNED,
            user=by,
            encounter=locked,
            target=f"encounter {locked.pk} ({', '.join(documents)})",
            ip=ip,
        )
        for kind, (paper, pdf) in documents.items():  # one row per document: a full hash fits
            _store_signed_document(
                encounter=locked,
                kind=kind,
                paper=paper,
                pdf=pdf,
                at=signed_at,
                by=by,
                ip=ip,
                label=f"{kind} pdf",
            )
    return locked


def addendum_add(*, encounter: Encounter, text: str, by, ip: str | None = None) -> Addendum:
    """A correction after signing: its own signed, stored document referring to the original."""
    from reports.services import render_addendum_document

    text = (text or "").strip()
    if not text:
        raise ProtocolError("Write the correction before adding it.")
    if len(text) > 4000:
        raise ProtocolError(f"An addendum can be at most 4000 characters (it has {len(text)}).")
    if not encounter.is_signed:
        raise ProtocolError("Addenda are for signed encounters; edit the draft directly.")
    created_at = timezone.now()
    paper, pdf = render_addendum_document(encounter, text=text, author=by, created_at=created_at)
    with transaction.atomic():
        addendum = Addendum.objects.create(encounter=encounter, author=by, text=text)
        _store_signed_document(
            encounter=encounter,
            kind=SignedDocument.Kind.ADDENDUM,
            addendum=addendum,
            paper=paper,
            pdf=pdf,
            at=created_at,
            by=by,
            ip=ip,
            label=f"addendum {addendum.pk}",
        )
    return addendum


# --- Follow-up visits (issue #14) ---------------------------------------------------------------


class FollowUpRefused(ProtocolError):
    """A follow-up that cannot be started; the message is for the clinician."""


def decided_path(encounter: Encounter, assessment: Assessment | None = None):
    """The treatment path of the clinician's decision on this encounter (the engine's path
    when no decision was recorded)."""
    from reports.services import _treatment_path

    protocol = protocol_for(encounter)
    result = assessment or assessment_for(encounter)
    code = encounter.decided_hypothesis if encounter.decision else ""
    return _treatment_path(
        protocol, result, code, encounter.decision == Encounter.Decision.OVERRIDDEN
    )


def encounter_start_follow_up(
    *, previous: Encounter, by, ip: str | None = None
) -> tuple[Encounter, bool]:
    """Start the follow-up of a signed visit, or resume its unsigned follow-up.

    The follow-up takes the current protocol, the side, and the phase of last time's path;
    history answers (and the outcome measures marked carry-forward, e.g. PSFS activities) are
    copied in as editable answers. Refused, with nothing written, for an unsigned visit, for a
    visit outside the clinician's clinics, or for a visit that already has a signed follow-up.
    """
    from clinic.models import Membership

    if not Membership.objects.filter(user=by, clinic_id=previous.patient.clinic_id).exists():
        raise FollowUpRefused("You can only start follow-ups for patients of your own clinics.")
    if not previous.is_signed:
        raise FollowUpRefused(
            "A follow-up can only follow a signed visit: sign this encounter first."
        )
    protocol = get_protocol(PROTOCOL_VERSION)
    with transaction.atomic():
        locked = Encounter.objects.select_for_update().get(pk=previous.pk)
        existing = list(locked.follow_ups.all())
        draft = next((e for e in existing if not e.is_signed), None)
        if draft is not None:
            return draft, False
        if existing:
            raise FollowUpRefused(
                f"Visit {existing[0].visit_number} already follows this visit: start the next "
                "follow-up from the latest visit."
            )
        follow_up = Encounter.objects.create(
            patient=locked.patient,
            clinician=by,
            side=locked.side,
            protocol_version=protocol.version,
            follows=locked,
            visit_number=locked.visit_number + 1,
            phase=locked.phase,
            current_step="follow-up",
        )
        copied = 0
        for answer in Answer.objects.filter(encounter=locked).order_by("pk"):
            item = protocol.items_by_code.get(answer.item)
            if item is None or item.step != HISTORY_STEP or item.code in (AGE_BAND, DURATION):
                continue
            try:
                validate_side(item, answer.side or None)
                value = validate_value(item, answer.value, reason=answer.reason or None)
            except ProtocolError:
                continue  # not valid under today's protocol: asked again
            Answer.objects.create(
                encounter=follow_up,
                item=item.code,
                side=answer.side,
                value=value,
                reason=answer.reason,
                updated_by=by,
            )
            copied += 1
        if DURATION in protocol.items_by_code and derived_duration(follow_up) is None:
            # the first visit never recorded a duration: carry last time's answer as editable
            last = Answer.objects.filter(encounter=locked, item=DURATION, side="").first()
            if last is not None:
                Answer.objects.create(
                    encounter=follow_up, item=DURATION, value=last.value, updated_by=by
                )
        carried = carried_outcome_codes()
        for value in OutcomeValue.objects.filter(encounter=locked, item__in=carried):
            OutcomeValue.objects.create(
                encounter=follow_up,
                item=value.item,
                side=value.side,
                value=value.value,
                updated_by=by,
            )
        audit_record(
            action=AuditEvent.Action.CREATED,
            user=by,
            encounter=follow_up,
            target=f"follow-up {follow_up.pk} (visit {follow_up.visit_number}) of encounter "
            f"{locked.pk}; {copied} history answers carried forward",
            ip=ip,
        )
    return follow_up, True


def encounter_record_phase(
    *,
    encounter: Encounter,
    criteria: dict[str, str],
    decision: str,
    expected_version: int,
    by,
    ip: str | None = None,
) -> Encounter:
    """The clinician's phase review on a follow-up: each criterion of the phase the patient was
    in marked met / not met, and advance, hold or step back. Stores the phase now in force."""
    if encounter.follows_id is None:
        raise DecisionRefused("The phase review is part of a follow-up visit.")
    previous = Encounter.objects.get(pk=encounter.follows_id)
    path = decided_path(previous)
    phase_count = len(path.phases)
    if not phase_count:
        raise DecisionRefused(f"{path.title} has no phases to progress through.")
    known = {c.key: c for c in phase_criteria(path, previous.phase)}
    unknown = [k for k in criteria if k not in known]
    if unknown:
        raise DecisionRefused("Unknown criterion: reload the page and try again.")
    for key, value in criteria.items():
        if value not in CRITERION_VALUES:
            raise DecisionRefused(f"{known[key].text}: choose met or not met.")
    if decision not in (
        Encounter.PhaseDecision.ADVANCE,
        Encounter.PhaseDecision.HOLD,
        Encounter.PhaseDecision.STEP_BACK,
    ):
        raise DecisionRefused("Choose advance, hold or step back.")
    if decision == Encounter.PhaseDecision.ADVANCE and previous.phase >= phase_count:
        raise DecisionRefused(
            f"Phase {previous.phase} is the last phase of this path: choose hold or step back."
        )
    if decision == Encounter.PhaseDecision.STEP_BACK and previous.phase <= 1:
        raise DecisionRefused("Phase 1 is the first phase: choose advance or hold.")
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        locked.phase_criteria = {k: criteria[k] for k in known if k in criteria}
        locked.phase_decision = decision
        locked.phase = phase_after(decision, previous.phase, phase_count)
        locked.version += 1
        locked.save(
            update_fields=["phase_criteria", "phase_decision", "phase", "version", "updated_at"]
        )
        met = sum(1 for v in locked.phase_criteria.values() if v == "met")
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=by,
            encounter=locked,
            target=f"phase {decision}: {previous.phase} -> {locked.phase} "
            f"({met}/{len(known)} criteria met)",
            ip=ip,
        )
    return locked
