"""Plain test-data helpers. Names are obviously fake; never real patient data."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from clinic.models import Clinic, Encounter, Membership, Patient

_counter = itertools.count(1)
TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105


def make_clinic(name: str | None = None) -> Clinic:
    return Clinic.objects.create(name=name or f"Test Clinic {next(_counter)}")


def make_user(*, clinic: Clinic | None = None, username: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username=username or f"clinician{next(_counter)}",
        password=TEST_PASSWORD,
        first_name=extra.pop("first_name", "Testy"),
        last_name=extra.pop("last_name", "Clinicianface"),
        **extra,
    )
    if clinic is not None:
        Membership.objects.create(user=user, clinic=clinic)
    return user


def make_patient(*, clinic: Clinic, **fields) -> Patient:
    n = next(_counter)
    defaults = {
        "given_name": "Fakey",
        "family_name": f"McFakeperson{n}",
        "date_of_birth": datetime.date(1980, 5, 17),
        "sex": Patient.Sex.FEMALE,
        "identifier": f"TEST-{n:05d}",
    }
    defaults.update(fields)
    return Patient.objects.create(clinic=clinic, **defaults)


def make_encounter(*, patient: Patient, clinician, **fields) -> Encounter:
    from exam.protocol import PROTOCOL_VERSION

    defaults = {"side": Encounter.Side.LEFT, "protocol_version": PROTOCOL_VERSION}
    defaults.update(fields)
    return Encounter.objects.create(patient=patient, clinician=clinician, **defaults)


SIGN_REASONS = {
    "red_flag_gap_reason": "Remaining screening questions asked verbally (test).",
    "no_exam_reason": "History-only visit (test).",
}


def accept_and_sign(encounter: Encounter, by, *, reasons=SIGN_REASONS) -> Encounter:
    """Accept the engine's working hypothesis, then sign through the real gate."""
    from exam.services import encounter_decide, encounter_sign

    encounter.refresh_from_db()
    encounter_decide(
        encounter=encounter, decision="accepted", expected_version=encounter.version, by=by
    )
    encounter.refresh_from_db()
    return encounter_sign(
        encounter=encounter, expected_version=encounter.version, reasons=reasons, by=by
    )
