import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse


class Clinic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    # Printed on the patient handout ("who to call"); kept short so it fits on one line.
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(
        max_length=300, blank=True, help_text="Postal address, as it should be printed."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A clinician's membership of a clinic; one user may work in several clinics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="membership_unique_user_clinic")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.clinic}"


class Patient(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Not recorded"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    identifier = models.CharField(
        "clinic identifier", max_length=40, help_text="The clinic's own record number."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "identifier"], name="patient_unique_identifier_per_clinic"
            ),
            models.CheckConstraint(
                condition=models.Q(date_of_birth__gte=datetime.date(1900, 1, 1)),
                name="patient_dob_after_1900",
                violation_error_message="Date of birth must be after 1 January 1900.",
            ),
            models.CheckConstraint(
                condition=~models.Q(given_name="") & ~models.Q(family_name=""),
                name="patient_names_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "family_name"])]
        # "Date of birth not in the future" depends on today's date, which SQLite refuses in a
        # CHECK constraint; migration 0002 adds it as a trigger (SQLite) or a CHECK (PostgreSQL).

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def get_absolute_url(self) -> str:
        return reverse("clinic:patient_detail", args=[self.pk])

    def age_on(self, day: datetime.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Encounter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        BOTH = "both", "Both"

    class Decision(models.TextChoices):
        PENDING = "", "Not decided"
        ACCEPTED = "accepted", "Accepted"
        OVERRIDDEN = "overridden", "Overridden"

    class Referral(models.TextChoices):
        NONE = "", "Not decided"
        REFER = "refer", "Refer"
        CONTINUE = "continue", "Continue without referral"

    class ReferralTo(models.TextChoices):
        GP = "gp", "General practitioner"
        ED = "ed", "Emergency department"
        ORTHOPAEDIC = "orthopaedic", "Orthopaedic surgeon"

    class PhaseDecision(models.TextChoices):
        PENDING = "", "Not decided"
        ADVANCE = "advance", "Advance to the next phase"
        HOLD = "hold", "Hold the current phase"
        STEP_BACK = "step_back", "Step back a phase"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="encounters")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="encounters"
    )
    date = models.DateField(default=datetime.date.today)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    protocol_version = models.CharField(max_length=20)
    side = models.CharField(
        "side of complaint", max_length=5, choices=Side.choices, default=Side.RIGHT
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every change; guards against silent overwrites."
    )
    current_step = models.CharField(max_length=30, default="history")
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True, default="")
    decided_hypothesis = models.CharField(max_length=60, blank=True)
    override_reason = models.TextField(blank=True)
    # Only when a red flag is positive: refer (to whom) or continue without referral (why).
    referral = models.CharField(max_length=10, choices=Referral.choices, blank=True, default="")
    referral_to = models.CharField(
        max_length=12, choices=ReferralTo.choices, blank=True, default=""
    )
    referral_reason = models.TextField(blank=True)
    # Why the clinician signed despite a gap the sign gate found (recorded at signing).
    red_flag_gap_reason = models.TextField(blank=True)
    no_exam_reason = models.TextField(blank=True)
    # Everything the signed documents showed, frozen at signing (see SignedDocument).
    signed_snapshot = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    next_appointment = models.CharField(max_length=120, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_encounters",
    )
    # Follow-up visits: the signed visit this one follows (None: an initial visit), its number in
    # the course, the treatment path's phase in force after it, and the clinician's phase review.
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The signed visit this follow-up follows.",
    )
    visit_number = models.PositiveSmallIntegerField(default=1)
    phase = models.PositiveSmallIntegerField(
        default=1, help_text="Phase of the treatment path in force after this visit (1-based)."
    )
    phase_decision = models.CharField(
        max_length=10, choices=PhaseDecision.choices, blank=True, default=""
    )
    # {criterion key: "met" | "not_met"} for the phase the patient was in (see exam/followup.py).
    phase_criteria = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(signed_at__isnull=False, signed_by__isnull=False),
                name="encounter_signed_has_signer",
            ),
            models.CheckConstraint(
                condition=models.Q(follows__isnull=True, visit_number=1)
                | models.Q(follows__isnull=False, visit_number__gte=2),
                name="encounter_visit_number_matches_follows",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__gte=1), name="encounter_phase_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Encounter {self.pk} – {self.patient} – {self.date}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_follow_up(self) -> bool:
        return self.follows_id is not None

    def get_absolute_url(self) -> str:
        return reverse("exam:encounter", args=[self.pk])


class Addendum(models.Model):
    """A correction added after signing; the signed record itself never changes."""

    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Addendum to encounter {self.encounter_id} by {self.author_id}"


class SignedDocument(models.Model):
    """A PDF rendered once, at signing (or when an addendum is added), stored byte for byte.

    Every later print returns exactly these bytes; nothing re-renders a signed document.
    """

    class Kind(models.TextChoices):
        HANDOUT = "handout", "Patient handout"
        SUMMARY = "summary", "Clinician summary"
        REFERRAL = "referral", "Referral letter"
        ADDENDUM = "addendum", "Addendum"

    encounter = models.ForeignKey(
        Encounter, on_delete=models.PROTECT, related_name="signed_documents"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    addendum = models.OneToOneField(
        Addendum, on_delete=models.PROTECT, null=True, blank=True, related_name="document"
    )
    paper = models.CharField(max_length=10)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "kind"],
                condition=~models.Q(kind="addendum"),
                name="signed_document_one_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="addendum", addendum__isnull=False)
                | (~models.Q(kind="addendum") & models.Q(addendum__isnull=True)),
                name="signed_document_addendum_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of encounter {self.encounter_id} ({self.sha256[:12]})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Signed documents never change.")
        super().save(*args, **kwargs)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit rows are append-only.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("Audit rows are append-only.")


class AuditEvent(models.Model):
    """Append-only access log (who, when, which patient, what), chained with a keyed HMAC.

    Each row's `hash` is HMAC-SHA256(AUDIT_HMAC_KEY, previous row's hash + this row's fields).
    The key lives outside the database, so rewriting a row and every later hash needs it.
    Database triggers (migration 0005) refuse UPDATE and DELETE below the ORM too.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        SIGNED = "signed", "Signed"
        PRINTED = "printed", "Printed"
        EXPORTED = "exported", "Exported"
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGOUT = "logout", "Logged out"
        RESTORED = "restored", "Restored from a backup"

    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    username = models.CharField(max_length=150, blank=True)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, null=True, blank=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True)
    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    target = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["patient", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.target}"

    def compute_hash(self, key: bytes | None = None) -> str:
        payload = [
            self.prev_hash,
            self.at.isoformat(),
            self.user_id,
            self.username,
            self.clinic_id,
            self.patient_id,
            self.encounter_id,
            self.action,
            self.target,
            self.ip_address,
        ]
        return audit_seal(payload, key if key is not None else audit_key())

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Audit rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit rows are append-only.")


def audit_key() -> bytes:
    """The audit chain's HMAC key, from the environment or a key file (never the database)."""
    return settings.AUDIT_HMAC_KEY.encode()


def audit_seal(payload: list, key: bytes) -> str:
    message = json.dumps(payload, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
