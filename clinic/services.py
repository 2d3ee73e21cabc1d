"""Write operations for clinics, patients, encounters and the audit trail.

Each service validates, writes in one short transaction and leaves an audit row.
"""

import datetime
import hmac
import json
import os
from pathlib import Path

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from clinic.models import AuditEvent, Clinic, Encounter, Patient, audit_key, audit_seal

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
    """Walk the HMAC chain and compare it with the latest checkpoint; [] means intact."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    key = audit_key()
    hashes: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            problems.append(
                f"Row {event.pk}: previous-hash link broken (a row before it was changed, "
                "deleted or inserted)."
            )
        if event.compute_hash(key) != event.hash:
            problems.append(
                f"Row {event.pk}: contents do not match its HMAC (row was changed, or the "
                "audit key is not the one the log was written with)."
            )
        expected_prev = event.hash
        hashes[event.pk] = event.hash
    checkpoint = audit_checkpoint_latest()
    if checkpoint is not None:
        problems += _checkpoint_problems(checkpoint, hashes)
    return problems


def _checkpoint_problems(checkpoint: dict, hashes: dict[int, str]) -> list[str]:
    last_id, rows = checkpoint["last_id"], checkpoint["rows"]
    have = sum(1 for pk in hashes if pk <= last_id)
    if last_id and hashes.get(last_id) != checkpoint["head"]:
        where = "is missing" if last_id not in hashes else "has a different HMAC"
        return [
            f"TRUNCATED OR REWRITTEN: the checkpoint of {checkpoint['at']} recorded {rows} "
            f"rows ending at row {last_id}; that row {where} now ({len(hashes)} rows in the "
            "database). Rows were removed from the end of the log."
        ]
    if have != rows:
        return [
            f"ROWS MISSING: the checkpoint of {checkpoint['at']} recorded {rows} rows up to "
            f"row {last_id}; the database has {have}."
        ]
    return []


# --- Checkpoints outside the database --------------------------------------------------------
# One JSON line per checkpoint, appended to AUDIT_CHECKPOINT_FILE (keep it on other storage or
# ship it to syslog). Each line carries its own HMAC, so a line cannot be forged without the key.


def _checkpoint_mac(entry: dict) -> str:
    fields = {k: v for k, v in entry.items() if k != "mac"}
    return audit_seal([json.dumps(fields, sort_keys=True)], audit_key())


def audit_head() -> dict:
    """Row count, last row id and head HMAC of the audit log right now."""
    last = AuditEvent.objects.order_by("-pk").values("pk", "hash").first()
    return {
        "rows": AuditEvent.objects.count(),
        "last_id": last["pk"] if last else 0,
        "head": last["hash"] if last else GENESIS_HASH,
    }


def audit_checkpoint(*, reason: str, backup_digest: str = "", head: dict | None = None) -> dict:
    """Append the log's current (or given) head to the checkpoint file; returns the entry."""
    entry = {
        "at": timezone.now().isoformat(timespec="seconds"),
        "reason": reason[:200],
        **(head or audit_head()),
    }
    if backup_digest:
        entry["backup_sha256"] = backup_digest
    entry["mac"] = _checkpoint_mac(entry)
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return entry


def audit_checkpoints() -> list[dict]:
    """Every checkpoint, oldest first. A line whose own HMAC is wrong is refused loudly."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            valid = hmac.compare_digest(entry.get("mac", ""), _checkpoint_mac(entry))
        except (ValueError, AttributeError):
            valid = False
        if not valid:
            raise AuditCheckpointError(
                f"{path} line {number} is not a valid checkpoint (edited, or written with "
                "another audit key)."
            )
        entries.append(entry)
    return entries


def audit_checkpoint_latest() -> dict | None:
    entries = audit_checkpoints()
    return entries[-1] if entries else None


class AuditCheckpointError(Exception):
    pass


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
