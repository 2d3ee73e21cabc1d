import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.forms import BoundField
from django.forms.renderers import TemplatesSetting

from clinic.models import Encounter, Patient


class PlainLabelBoundField(BoundField):
    """Labels as written ("Phone (optional)"), without Django's default colon."""

    def label_tag(self, contents=None, attrs=None, label_suffix=""):
        return super().label_tag(contents, attrs, label_suffix)


class FormRenderer(TemplatesSetting):
    """Django's own form templates (`field.as_field_group`: label, help text, errors with
    aria-describedby / aria-invalid, widget), each field group in a `.field` box."""

    field_template_name = "clinic/field.html"
    bound_field_class = PlainLabelBoundField


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "identifier",
            "phone",
            "email",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        labels = {"phone": "Phone (optional)", "email": "Email (optional)"}
        error_messages = {
            "given_name": {"required": "Enter the patient's given name."},
            "family_name": {"required": "Enter the patient's family name."},
            "identifier": {"required": "Enter the clinic identifier."},
            "date_of_birth": {
                "required": "Enter the date of birth.",
                "invalid": "Enter the date of birth as a real date (YYYY-MM-DD).",
            },
        }

    def __init__(self, *args, clinics, **kwargs):
        super().__init__(*args, **kwargs)
        # A clinician in several clinics picks one; otherwise the clinic is implied.
        self.clinic = self.instance.clinic if self.instance.pk else clinics.first()
        if not self.instance.pk and clinics.count() > 1:
            self.fields["clinic"] = forms.ModelChoiceField(
                queryset=clinics,
                empty_label=None,
                initial=self.clinic,
                error_messages={"invalid_choice": "Choose one of your clinics."},
            )
            self.order_fields(["clinic"])
        self.fields["date_of_birth"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")

    def _clean_name(self, key: str, label: str) -> str:
        value = " ".join(self.cleaned_data.get(key, "").split())
        if not value:
            raise forms.ValidationError(f"Enter the patient's {label}.")
        if any(ord(ch) < 32 for ch in value):
            raise forms.ValidationError(f"The {label} contains control characters.")
        return value

    def clean_given_name(self) -> str:
        return self._clean_name("given_name", "given name")

    def clean_family_name(self) -> str:
        return self._clean_name("family_name", "family name")

    def clean_date_of_birth(self) -> datetime.date:
        dob = self.cleaned_data["date_of_birth"]
        if dob > datetime.date.today():
            raise forms.ValidationError("Date of birth cannot be in the future.")
        if dob < datetime.date(1900, 1, 1):
            raise forms.ValidationError("Date of birth must be after 1 January 1900.")
        return dob

    def clean_identifier(self) -> str:
        identifier = self.cleaned_data["identifier"].strip()
        if not identifier:
            raise forms.ValidationError("Enter the clinic identifier.")
        if any(ord(ch) < 32 for ch in identifier):
            raise forms.ValidationError("The identifier contains control characters.")
        return identifier

    def clean(self):
        cleaned = super().clean()
        self.clinic = cleaned.get("clinic", self.clinic)
        identifier = cleaned.get("identifier")
        if identifier and self.clinic is not None:
            clash = Patient.objects.filter(clinic=self.clinic, identifier=identifier)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "identifier", "Another patient in this clinic already has this identifier."
                )
        return cleaned

    def _post_clean(self) -> None:
        # The clinic is not a form field; attach it so model validation sees the whole row.
        self.instance.clinic = self.clinic
        super()._post_clean()


class EncounterStartForm(forms.Form):
    side = forms.ChoiceField(
        label="Side of complaint",
        choices=Encounter.Side.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the side of the complaint.",
            "invalid_choice": "Choose left, right or both.",
        },
    )
    # Only asked when today's unfinished exam is for another side.
    other_side = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("resume", "Resume it"), ("new", "Start the new side")],
        error_messages={"invalid_choice": "Choose resume or start new."},
    )


class PatientSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search patients")


class LoginForm(AuthenticationForm):
    """Django's login form, plus the username length check it only states as an HTML attribute.

    Without it an over-long username reaches authentication, and django-axes' failure record
    (a 255-character column) fails with a 500 on PostgreSQL.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
