"""Turning posted strings into protocol values, and the summary forms."""

import datetime
import re
from typing import Any

from django import forms

from clinic.models import Encounter
from exam.protocol import Item, ProtocolError
from exam.protocol.types import INTEGER_TYPES, NUMERIC_TYPES, REGION, TEXT

TRUE_STRINGS = {"true", "on", "1", "yes"}
FALSE_STRINGS = {"false", "off", "0", "no", ""}
MAX_RAW_LENGTH = 2000
# Plain decimals only: ASCII digits, one optional sign, one optional decimal point or comma.
# No exponents (1e-400 would round to 0), no underscores (1_000), no other scripts' digits.
PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{1,15})?")


def field_key(code: str, side: str | None) -> str:
    return f"{code}__{side}" if side else code


def split_field_key(key: str) -> tuple[str, str | None]:
    code, sep, side = key.partition("__")
    return (code, side) if sep else (code, None)


def parse_raw(item: Item, raw: str | None) -> Any:
    """Posted text -> a value for `validate_value`; None means "no answer" (clear it)."""
    if raw is None:
        return False if item.answer_type == REGION else None
    if len(raw) > MAX_RAW_LENGTH:
        raise ProtocolError(f"{item.label}: the answer is too long.")
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in raw):
        raise ProtocolError(f"{item.label}: the answer contains control characters.")
    text = raw.strip()
    if item.answer_type == REGION:
        lowered = text.lower()
        if lowered in TRUE_STRINGS:
            return True
        if lowered in FALSE_STRINGS:
            return False
        raise ProtocolError(f"{item.label}: mark or unmark the region.")
    if text == "":
        return None
    if item.answer_type in NUMERIC_TYPES:
        return parse_number(item, text)
    if item.answer_type == TEXT:
        return text
    return text


def parse_number(item: Item, text: str) -> int | float:
    """A plain decimal typed on the tablet, e.g. 12, -3, 12.5 or 12,5 (nothing else)."""
    if not PLAIN_DECIMAL.fullmatch(text):
        raise ProtocolError(
            f"{item.label}: enter a plain number using the digits 0-9 only, "
            f"for example {int(item.min_value or 0)} or 12.5."
        )
    number = float(text.replace(",", "."))
    if item.answer_type in INTEGER_TYPES:
        if number != int(number):
            raise ProtocolError(f"{item.label}: enter a whole number.")
        return int(number)
    return number


def parse_version(raw: str | None) -> int:
    """The version the page showed; required, so a save can never be a blind overwrite."""
    if raw is None or raw == "":
        raise ProtocolError(
            "This was sent without the page's version, so nothing was saved. "
            "Reload the page and try again."
        )
    if not raw.isascii() or not raw.isdigit():
        raise ProtocolError("The page is out of date; reload it and try again.")
    version = int(raw)
    if version > 2**31:
        raise ProtocolError("The page is out of date; reload it and try again.")
    return version


APPOINTMENT_WEEKS = (1, 2, 3, 4, 6)


def appointment_text(visit_date: datetime.date, weeks: int) -> str:
    """A quick-pick next appointment as printed on the handout: "In 2 weeks: Tue 15 Dec 2026"."""
    day = visit_date + datetime.timedelta(weeks=weeks)
    return f"In {weeks} week{'s' if weeks != 1 else ''}: {day:%a} {day.day} {day:%b %Y}"


class DecisionForm(forms.Form):
    """Accept records the engine's hypothesis (posted back only to prove which one was seen);
    override takes its hypothesis from a separate field, so the two can never be confused."""

    decision = forms.ChoiceField(
        choices=[
            (Encounter.Decision.ACCEPTED, "Accept"),
            (Encounter.Decision.OVERRIDDEN, "Override"),
        ],
        error_messages={
            "required": "Choose accept or override.",
            "invalid_choice": "Choose accept or override.",
        },
    )
    hypothesis = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    override_hypothesis = forms.ChoiceField(
        label="Override to",
        required=False,
        error_messages={
            "invalid_choice": "Choose one of the listed hypotheses, other than the engine's."
        },
    )
    reason = forms.CharField(
        label="Reason for override",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referral = forms.ChoiceField(
        label="Red-flag decision",
        required=False,
        choices=[
            (Encounter.Referral.REFER, "Refer"),
            (Encounter.Referral.CONTINUE, "Continue without referral"),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose Refer or Continue without referral."},
    )
    referral_to = forms.ChoiceField(
        label="Refer to (if you refer)",
        required=False,
        choices=[("", "Choose…"), *Encounter.ReferralTo.choices],
        error_messages={
            "invalid_choice": "Choose GP, emergency department or orthopaedic surgeon."
        },
    )
    referral_reason = forms.CharField(
        label="Reason for not referring (if you continue without referral)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_appointment = forms.CharField(
        label="Next appointment (printed on the handout)", required=False, max_length=120
    )
    # Quick picks: the server writes the date from the visit date; typing stays possible.
    next_in_weeks = forms.TypedChoiceField(
        label="Next appointment in",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Type it"), *((w, "") for w in APPOINTMENT_WEEKS)],
        error_messages={
            "invalid_choice": "Choose a next appointment in "
            + ", ".join(str(w) for w in APPOINTMENT_WEEKS[:-1])
            + f" or {APPOINTMENT_WEEKS[-1]} weeks, or type it in the box."
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        hypotheses,
        engine_code: str = "",
        visit_date: datetime.date | None = None,
        stored_appointment: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["override_hypothesis"].choices = [("", "Choose a hypothesis…")] + [
            (h.code, h.label) for h in hypotheses if h.code != engine_code
        ]
        self.visit_date = visit_date or datetime.date.today()
        self.stored_appointment = stored_appointment

    def appointment_picks(self) -> list[dict]:
        """The quick picks as shown: weeks, the button's words, the text it records."""
        chosen = self["next_in_weeks"].value()
        return [
            {
                "weeks": weeks,
                "label": f"{weeks} week{'s' if weeks != 1 else ''}",
                "text": appointment_text(self.visit_date, weeks),
                "checked": str(chosen) == str(weeks),
            }
            for weeks in APPOINTMENT_WEEKS
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "overridden" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason for overriding the working hypothesis.")
        weeks = cleaned.get("next_in_weeks")
        if weeks and "next_appointment" in cleaned:
            picked = appointment_text(self.visit_date, weeks)
            typed = cleaned["next_appointment"].strip()
            if typed and typed not in (picked, self.stored_appointment.strip()):
                self.add_error(
                    "next_appointment",
                    f"You chose “in {weeks} week{'s' if weeks != 1 else ''}” and typed a "
                    "different next appointment: keep one — clear the box, or choose “Type it”.",
                )
            else:
                cleaned["next_appointment"] = picked
        return cleaned

    def chosen_hypothesis(self) -> str:
        data = self.cleaned_data
        if data["decision"] == Encounter.Decision.OVERRIDDEN:
            return data["override_hypothesis"] or data["hypothesis"]
        return data["hypothesis"]


class SignForm(forms.Form):
    """The second tap: confirm, plus a reason for each gap the clinician signs over."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)
    red_flag_gap_reason = forms.CharField(
        label="Why the red-flag screen is incomplete",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    no_exam_reason = forms.CharField(
        label="Why there are no examination findings (e.g. history-only visit)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the correction before adding it."},
    )
