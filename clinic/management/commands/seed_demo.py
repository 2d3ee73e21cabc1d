"""Create the demo clinic, clinician and synthetic patients. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.models import Clinic, Membership, Patient

DEMO_CLINIC = "Demo Clinic (synthetic data)"
DEMO_USERNAME = "demo"
# Reviewed: the documented demo login for local `make run` only.
DEMO_PASSWORD = "demo-hip-exam-2026"  # noqa: S105

DEMO_PATIENTS = [
    # Obviously fake names: never real patient data.
    ("Improvy", "Progresson", datetime.date(1971, 6, 15), "female", "DEMO-0005"),
    ("Testy", "McTestface", datetime.date(1978, 4, 12), "female", "DEMO-0001"),
    ("Sample", "Patientson", datetime.date(1990, 9, 3), "male", "DEMO-0002"),
    ("Fakey", "Runnerton", datetime.date(1985, 1, 27), "female", "DEMO-0003"),
    ("Dummy", "Sittingworth", datetime.date(1962, 11, 8), "male", "DEMO-0004"),
]


# Obviously fake contact details (555 numbers, the reserved .invalid domain).
DEMO_CONTACT = {
    "phone": "555-0100 (demo)",
    "email": "front-desk@demo-clinic.invalid",
    "address": "1 Example Street, Demo Town, DE1 0MO (not a real address)",
}


class Command(BaseCommand):
    help = "Create (or keep) the demo clinic, demo clinician and a few synthetic patients."

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        with transaction.atomic():
            clinic, _ = Clinic.objects.get_or_create(name=DEMO_CLINIC, defaults=DEMO_CONTACT)
            missing = {k: v for k, v in DEMO_CONTACT.items() if not getattr(clinic, k)}
            if missing:  # a demo clinic seeded before the contact fields existed
                Clinic.objects.filter(pk=clinic.pk).update(**missing)
            user, created = User.objects.get_or_create(
                username=DEMO_USERNAME,
                defaults={"first_name": "Demo", "last_name": "Clinician"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, clinic=clinic)
            for given, family, dob, sex, identifier in DEMO_PATIENTS:
                Patient.objects.get_or_create(
                    clinic=clinic,
                    identifier=identifier,
                    defaults={
                        "given_name": given,
                        "family_name": family,
                        "date_of_birth": dob,
                        "sex": sex,
                    },
                )
        # Outside the transaction: signing renders the PDFs, which must not hold the write lock.
        course_patient = Patient.objects.get(clinic=clinic, identifier=COURSE_PATIENT)
        if not course_patient.encounters.exists():
            seed_course(course_patient, user)
        self.stdout.write(
            f"Demo login: username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}' "
            f"({Patient.objects.filter(clinic=clinic).count()} synthetic patients in "
            f"'{DEMO_CLINIC}')."
        )


# A three-visit improving gluteal-tendinopathy course (issue #14), so `make run` shows the trend
# charts at once: average pain 7 -> 4 -> 2, phase 1 -> 2 -> 3, visits four weeks apart.
COURSE_PATIENT = "DEMO-0005"
COURSE_HISTORY = [
    ("area_lateral_hip", "left", True),
    ("onset", None, "gradual"),
    ("duration", None, "6_weeks_to_3_months"),
    ("agg_side_lying", None, "yes"),
    ("agg_stairs", None, "yes"),
    ("agg_single_leg", None, "yes"),
    ("quality_deep_ache", None, "yes"),
    ("quality_burning", None, "no"),
    ("pain_worst", None, 8),
    ("function_goals", None, "Walk the dog for an hour without limping"),
]

COURSE_EXAM = [
    ("palp_greater_trochanter", "left", "familiar"),
    ("palp_greater_trochanter", "right", "not_tender"),
    ("single_leg_stance", "left", "positive"),
    ("resisted_external_derotation", "left", "positive"),
    ("slr", "left", "negative"),
    ("strength_abd_pain", "left", "yes"),
]
# Per visit: pain now, abduction force left/right (kg, as protocol 2027.02 enters it), and the
# outcome measures.
COURSE_VISITS = [
    (
        7,
        (15.3, 22.4),
        {
            "nprs_average": 7,
            "nprs_worst": 8,
            "psfs_activity_1": "Walking the dog for an hour",
            "psfs_1": 3,
            "psfs_activity_2": "Climbing the stairs at home",
            "psfs_2": 4,
            "sls_pain_onset": 8.0,
            "hip_abduction_ratio": 68.0,
            "visa_g": 45,
        },
    ),
    (
        4,
        (17.9, 22.4),
        {
            "nprs_average": 4,
            "nprs_worst": 6,
            "psfs_1": 5,
            "psfs_2": 6,
            "groc": 3,
            "sls_pain_onset": 18.0,
            "hip_abduction_ratio": 80.0,
            "visa_g": 62,
        },
    ),
    (
        2,
        (20.6, 22.4),
        {
            "nprs_average": 2,
            "nprs_worst": 3,
            "psfs_1": 8,
            "psfs_2": 8,
            "groc": 5,
            "sls_pain_onset": 30.0,
            "hip_abduction_ratio": 92.0,
            "visa_g": 80,
        },
    ),
]
COURSE_DAYS_AGO = (56, 28, 0)


def red_flag_screen_all_negative() -> list:
    """Every red-flag question of the current protocol answered no / negative."""
    from exam.protocol import get_protocol
    from exam.protocol.types import TEST_RESULT

    return [
        (
            item.code,
            "left" if item.side_aware else None,
            "negative" if item.answer_type == TEST_RESULT else "no",
        )
        for item in get_protocol().items_for_step("red-flags")
    ]


def seed_course(patient: Patient, user) -> None:
    """Record, decide and sign the three visits through the real services (audited, PDFs)."""
    from clinic.models import Encounter
    from clinic.services import encounter_start
    from exam.followup import phase_criteria
    from exam.protocol import PROTOCOL_VERSION
    from exam.services import (
        decided_path,
        encounter_decide,
        encounter_record_answer,
        encounter_record_outcome,
        encounter_record_phase,
        encounter_sign,
        encounter_start_follow_up,
    )

    today = datetime.date.today()
    previous = None
    for number, (pain, (left, right), outcomes) in enumerate(COURSE_VISITS):
        if previous is None:
            encounter, _ = encounter_start(
                patient=patient, by=user, side="left", protocol_version=PROTOCOL_VERSION
            )
            findings = COURSE_HISTORY
        else:
            encounter, _ = encounter_start_follow_up(previous=previous, by=user)
            findings = []  # the history is carried forward; the red-flag screen is asked again
        Encounter.objects.filter(pk=encounter.pk).update(
            date=today - datetime.timedelta(days=COURSE_DAYS_AGO[number])
        )
        findings = (
            findings
            + red_flag_screen_all_negative()
            + COURSE_EXAM
            + [
                ("pain_now", None, pain),
                ("strength_abd_force", "left", left),
                ("strength_abd_force", "right", right),
            ]
        )
        for code, side, value in findings:
            encounter_record_answer(
                encounter=encounter, item_code=code, side=side, value=value, by=user
            )
        for code, value in outcomes.items():
            encounter_record_outcome(
                encounter=encounter, item_code=code, side=None, value=value, by=user
            )
        encounter.refresh_from_db()
        if previous is not None:
            keys = [c.key for c in phase_criteria(decided_path(previous), previous.phase)]
            encounter_record_phase(
                encounter=encounter,
                criteria=dict.fromkeys(keys, "met"),
                decision="advance",
                expected_version=encounter.version,
                by=user,
            )
            encounter.refresh_from_db()
        encounter_decide(
            encounter=encounter,
            decision="accepted",
            next_appointment="In 4 weeks" if number < 2 else "",
            expected_version=encounter.version,
            by=user,
        )
        encounter.refresh_from_db()
        previous = encounter_sign(encounter=encounter, expected_version=encounter.version, by=user)
