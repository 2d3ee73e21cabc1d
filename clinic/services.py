"""Write operations for clinics, patients, encounters and the audit trail.

Each service validates, writes in one short transaction and leaves an audit row.
"""

import datetime

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from clinic.models import AuditEvent, Clinic, Encounter, Patient

GENESIS_HASH = "0" * 64
_AUDIT_LOCK_KEY = 7_310_512  # any constant: serialises the hash chain on PostgreSQL


def client_ip(request) -> str | None:
    """The client address for audit rows: the one django-axes throttles logins by.

    Behind PROXY_COUNT reverse proxies it is the address the outermost of them saw (settings.py
    maps PROXY_COUNT onto axes' django-ipware settings); with none, REMOTE_ADDR.
    """
    return get_client_ip_address(request)


def audit_record(
    *,
    action: str,
    user=None,
    username: str = "",
    clinic: Clinic | None = None,
    patient: Patient | None = None,
    encounter: Encounter | None = None,
    target: str = "",
    ip: str | None = None,
) -> AuditEvent:
    if encounter is not None and patient is None:
        patient = encounter.patient
    if patient is not None and clinic is None:
        clinic = patient.clinic
    if user is not None and getattr(user, "is_authenticated", False):
        username = username or user.get_username()
    else:
        user = None
    # No savepoint: if the audit row cannot be written, the surrounding write must fail too.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            user=user,
            username=username[:150],
            clinic=clinic,
            patient=patient,
            encounter=encounter,
            action=action,
            target=target[:200],
            ip_address=ip,
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def audit_verify() -> list[str]:
    """Walk the chain; return a description of every break (empty list = intact)."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            problems.append(
                f"Row {event.pk}: previous-hash link broken (a row before it was changed, "
                "deleted or inserted)."
            )
        if event.compute_hash() != event.hash:
            problems.append(f"Row {event.pk}: contents do not match its hash (row was changed).")
        expected_prev = event.hash
    return problems


PATIENT_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "identifier",
    "phone",
    "email",
)


def _duplicate_identifier_error() -> ValidationError:
    return ValidationError(
        {"identifier": "Another patient in this clinic already has this identifier."}
    )


class PossibleDuplicate(Exception):
    """A patient with the same name and date of birth is already in this clinic."""

    def __init__(self, existing: list[Patient]):
        self.existing = existing
        super().__init__(
            "A patient with the same name and date of birth is already in this clinic. Open "
            "the existing record, or create a new one anyway if this is a different person."
        )


def possible_duplicates(*, clinic: Clinic, given_name: str, family_name: str, date_of_birth):
    return list(
        Patient.objects.filter(
            clinic=clinic,
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )[:5]
    )


def patient_create(
    *, clinic: Clinic, by, ip: str | None = None, allow_duplicate: bool = False, **fields
) -> Patient:
    patient = Patient(clinic=clinic, **{k: fields[k] for k in PATIENT_FIELDS if k in fields})
    patient.full_clean()
    if not allow_duplicate:
        existing = possible_duplicates(
            clinic=clinic,
            given_name=patient.given_name,
            family_name=patient.family_name,
            date_of_birth=patient.date_of_birth,
        )
        if existing:
            raise PossibleDuplicate(existing)
    try:
        with transaction.atomic():
            patient.save()
            audit_record(
                action=AuditEvent.Action.CREATED,
                user=by,
                patient=patient,
                target=f"patient {patient.pk}",
                ip=ip,
            )
    except IntegrityError:
        raise _duplicate_identifier_error() from None
    return patient


def patient_update(*, patient: Patient, by, ip: str | None = None, **fields) -> Patient:
    for key in PATIENT_FIELDS:
        if key in fields:
            setattr(patient, key, fields[key])
    patient.full_clean()
    try:
        with transaction.atomic():
            patient.save()
            audit_record(
                action=AuditEvent.Action.UPDATED,
                user=by,
                patient=patient,
                target=f"patient {patient.pk}",
                ip=ip,
            )
    except IntegrityError:
        raise _duplicate_identifier_error() from None
    return patient


class OtherSideDraft(Exception):
    """Today's unfinished encounter is for the other side: the clinician must choose."""

    def __init__(self, draft: Encounter):
        self.draft = draft
        super().__init__(
            f"You have an unfinished {draft.get_side_display().lower()}-side exam from today. "
            "Resume it, or start a new exam for the side you chose."
        )


def encounter_start(
    *,
    patient: Patient,
    by,
    side: str,
    protocol_version: str,
    other_side: str = "",
    ip: str | None = None,
) -> tuple[Encounter, bool]:
    """Start an encounter, or resume today's unfinished one (so a double tap makes one).

    A draft from today for a different side is never resumed silently: without
    `other_side="resume"` or `"new"` this raises OtherSideDraft so the clinician can choose.
    """
    if side not in Encounter.Side.values:
        raise ValidationError({"side": "Choose the side of the complaint: left, right or both."})
    if other_side not in ("", "resume", "new"):
        raise ValidationError({"other_side": "Choose resume or start new."})
    with transaction.atomic():
        drafts = list(
            Encounter.objects.select_for_update().filter(
                patient=patient,
                clinician=by,
                status=Encounter.Status.DRAFT,
                date=datetime.date.today(),
            )
        )
        same = next((d for d in drafts if d.side == side), None)
        if same is not None:
            return same, False
        if drafts and other_side == "resume":
            return drafts[0], False
        if drafts and other_side != "new":
            raise OtherSideDraft(drafts[0])
        encounter = Encounter.objects.create(
            patient=patient, clinician=by, side=side, protocol_version=protocol_version
        )
        audit_record(
            action=AuditEvent.Action.CREATED,
            user=by,
            encounter=encounter,
            target=f"encounter {encounter.pk} ({side})",
            ip=ip,
        )
    return encounter, True
