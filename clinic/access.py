"""The one place that decides who may see what.

Every view looks objects up through these functions. Anything outside the user's clinics is a
404, so the existence of another clinic's patient is never revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from clinic.models import Clinic, Encounter, Patient


class EncounterLocked(PermissionDenied):
    """Raised when someone tries to change a signed (read-only) encounter."""


def clinics_for_user(user) -> QuerySet[Clinic]:
    if not user.is_authenticated:
        return Clinic.objects.none()
    return Clinic.objects.filter(memberships__user=user)


def patients_for_user(user) -> QuerySet[Patient]:
    return Patient.objects.filter(clinic__in=clinics_for_user(user))


def _parse_pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("Not found.") from None
    if value <= 0 or value > 2**62:
        raise Http404("Not found.")
    return value


def get_patient_for_user(user, pk) -> Patient:
    try:
        return patients_for_user(user).select_related("clinic").get(pk=_parse_pk(pk))
    except Patient.DoesNotExist:
        raise Http404("No such patient in your clinic.") from None


def get_encounter_for_user(user, pk, *, write: bool = False) -> Encounter:
    try:
        encounter = (
            Encounter.objects.filter(patient__clinic__in=clinics_for_user(user))
            .select_related("patient", "patient__clinic", "clinician", "signed_by")
            .get(pk=_parse_pk(pk))
        )
    except Encounter.DoesNotExist:
        raise Http404("No such encounter in your clinic.") from None
    if write and encounter.is_signed:
        raise EncounterLocked(
            "This encounter is signed and read-only. Add an addendum to correct it."
        )
    return encounter
