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
        self.stdout.write(
            f"Demo login: username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}' "
            f"({Patient.objects.filter(clinic=clinic).count()} synthetic patients in "
            f"'{DEMO_CLINIC}')."
        )
