import datetime

import pytest
from django.db import IntegrityError, transaction

from clinic.models import Patient
from tests.factories import make_clinic, make_patient


@pytest.mark.django_db
def test_identifier_is_unique_per_clinic_in_the_database(clinic_a):
    make_patient(clinic=clinic_a, identifier="DUP-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_patient(clinic=clinic_a, identifier="DUP-1")
    make_patient(clinic=make_clinic(), identifier="DUP-1")  # another clinic may reuse it


@pytest.mark.django_db
def test_date_of_birth_in_the_future_is_refused_by_the_database(clinic_a):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Patient.objects.create(
            clinic=clinic_a,
            given_name="Future",
            family_name="Babyfake",
            date_of_birth=tomorrow,
            identifier="F-1",
        )
    assert not Patient.objects.filter(identifier="F-1").exists()


@pytest.mark.django_db
def test_empty_names_are_refused_by_the_database(clinic_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Patient.objects.create(
            clinic=clinic_a,
            given_name="",
            family_name="Nobody",
            date_of_birth=datetime.date(1990, 1, 1),
            identifier="E-1",
        )
