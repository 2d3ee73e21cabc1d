"""Writes for the guided exam: answers, step position, the clinician's decision, signing.

Each service validates against the encounter's own protocol version, writes in one short
transaction (the encounter row locked, so two writers queue), checks the version the client
last saw, and leaves an audit row.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinic.access import EncounterLocked
from clinic.models import Addendum, AuditEvent, Encounter
from clinic.services import audit_record
from exam.engine import Assessment, Finding, assess
from exam.models import Answer
from exam.protocol import Item, ProtocolError, get_protocol, validate_side, validate_value

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


def answers_by_slot(encounter: Encounter) -> dict[tuple[str, str], Answer]:
    """All answers of an encounter keyed by (item code, side) — one query."""
    return {(a.item, a.side): a for a in Answer.objects.filter(encounter=encounter)}


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
    validate_side(item, side)
    if value is not None:
        value = validate_value(item, value, reason=reason)
    if value != NOT_TESTED:
        reason = None
    side_key = side or ""
    with transaction.atomic():
        locked = _locked_draft(encounter)
        current = Answer.objects.filter(encounter=locked, item=item.code, side=side_key).first()
        current_version = current.version if current else 0
        if expected_version is not None and expected_version != current_version:
            raise AnswerConflict(current)
        if current is None and value is None:
            return SavedAnswer(item, side_key, None, changed=False)
        if current is not None and current.value == value and current.reason == (reason or ""):
            return SavedAnswer(item, side_key, current, changed=False)
        if value is None:
            current.delete()
            answer = None
        elif current is None:
            answer = Answer.objects.create(
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
            target=f"answer {item.code}{'/' + side_key if side_key else ''}",
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


def encounter_set_step(*, encounter: Encounter, step: str) -> None:
    if encounter.current_step != step and not encounter.is_signed:
        Encounter.objects.filter(pk=encounter.pk, status=Encounter.Status.DRAFT).update(
            current_step=step
        )
        encounter.current_step = step


def encounter_decide(
    *,
    encounter: Encounter,
    decision: str,
    hypothesis: str,
    reason: str = "",
    next_appointment: str = "",
    expected_version: int,
    by,
    ip: str | None = None,
) -> Encounter:
    """Accept the engine's working hypothesis, or override it with a reason."""
    protocol = protocol_for(encounter)
    if hypothesis not in protocol.hypotheses_by_code:
        raise ProtocolError("Choose one of the listed hypotheses.")
    if decision == Encounter.Decision.OVERRIDDEN and not reason.strip():
        raise ProtocolError("Give a reason for overriding the working hypothesis.")
    if decision not in (Encounter.Decision.ACCEPTED, Encounter.Decision.OVERRIDDEN):
        raise ProtocolError("Choose accept or override.")
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        locked.decision = decision
        locked.decided_hypothesis = hypothesis
        locked.override_reason = reason.strip() if decision == "overridden" else ""
        locked.next_appointment = next_appointment.strip()
        locked.version += 1
        locked.save(
            update_fields=[
                "decision",
                "decided_hypothesis",
                "override_reason",
                "next_appointment",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=by,
            encounter=locked,
            target=f"decision {decision} {hypothesis}",
            ip=ip,
        )
    return locked


def encounter_sign(
    *, encounter: Encounter, expected_version: int, by, ip: str | None = None
) -> Encounter:
    with transaction.atomic():
        locked = _locked_draft(encounter)
        if locked.version != expected_version:
            raise EncounterConflict()
        if not locked.decision:
            raise ProtocolError("Accept or override the working hypothesis before signing.")
        locked.status = Encounter.Status.SIGNED
        locked.signed_at = timezone.now()
        locked.signed_by = by
        locked.version += 1
        locked.save(update_fields=["status", "signed_at", "signed_by", "version", "updated_at"])
        audit_record(
            action=AuditEvent.Action.SIGNED,
            user=by,
            encounter=locked,
            target=f"encounter {locked.pk}",
            ip=ip,
        )
    return locked


def addendum_add(*, encounter: Encounter, text: str, by, ip: str | None = None) -> Addendum:
    text = text.strip()
    if not text:
        raise ProtocolError("Write the correction before adding it.")
    if len(text) > 4000:
        raise ProtocolError("An addendum can be at most 4000 characters.")
    if not encounter.is_signed:
        raise ProtocolError("Addenda are for signed encounters; edit the draft directly.")
    with transaction.atomic():
        addendum = Addendum.objects.create(encounter=encounter, author=by, text=text)
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=by,
            encounter=encounter,
            target=f"addendum {addendum.pk}",
            ip=ip,
        )
    return addendum
