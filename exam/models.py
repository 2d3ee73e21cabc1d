from django.conf import settings
from django.db import models

from clinic.models import Encounter


class RecordedValue(models.Model):
    """A value recorded at a visit for one item on a side (or none), with its version."""

    class Side(models.TextChoices):
        NONE = "", "—"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    item = models.CharField(max_length=60)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True, default="")
    value = models.JSONField()
    reason = models.CharField(max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        side = f" ({self.side})" if self.side else ""
        return f"{self.item}{side} = {self.value}"


class Answer(RecordedValue):
    """One recorded finding: a protocol item, on a side (or none), with its value."""

    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="answers")

    class Meta(RecordedValue.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "item", "side"], name="answer_unique_item_side"
            )
        ]


class OutcomeValue(RecordedValue):
    """One outcome-measure score recorded at a visit (exam/protocol/outcomes.py).

    Kept apart from Answer so the reasoning engine never sees it; saved through the same
    autosave, version and conflict mechanism (exam.services.encounter_record_outcome).
    """

    encounter = models.ForeignKey(
        Encounter, on_delete=models.CASCADE, related_name="outcome_values"
    )

    class Meta(RecordedValue.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["encounter", "item", "side"], name="outcome_unique_item_side"
            )
        ]
