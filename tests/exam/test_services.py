import pytest
from django.db import DatabaseError

from clinic.models import AuditEvent, Encounter
from exam import services
from exam.models import Answer


@pytest.mark.django_db
def test_a_failing_write_rolls_back_completely(encounter_a, clinician_a, monkeypatch):
    services.encounter_record_answer(
        encounter=encounter_a, item_code="pain_now", side=None, value=3, by=clinician_a
    )
    version = Encounter.objects.get(pk=encounter_a.pk).version
    audit_rows = AuditEvent.objects.count()

    def broken_audit(**kwargs):
        raise DatabaseError("disk full (simulated)")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(DatabaseError):
        services.encounter_record_answer(
            encounter=encounter_a, item_code="pain_now", side=None, value=8, by=clinician_a
        )
    assert Answer.objects.get(encounter=encounter_a, item="pain_now").value == 3
    assert Encounter.objects.get(pk=encounter_a.pk).version == version
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_step_save_is_all_or_nothing(encounter_a, clinician_a):
    with pytest.raises(services.AnswerConflict):
        services.encounter_record_step(
            encounter=encounter_a,
            by=clinician_a,
            changes=[
                {"item_code": "pain_now", "side": None, "value": 3, "expected_version": 0},
                {"item_code": "slr", "side": "left", "value": "positive", "expected_version": 7},
            ],
        )
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_same_value_twice_is_one_write(encounter_a, clinician_a):
    first = services.encounter_record_answer(
        encounter=encounter_a, item_code="slr", side="left", value="positive", by=clinician_a
    )
    again = services.encounter_record_answer(
        encounter=encounter_a, item_code="slr", side="left", value="positive", by=clinician_a
    )
    assert first.changed and not again.changed
    assert Answer.objects.get().version == 1


@pytest.mark.django_db
def test_a_stale_page_posting_the_stored_value_is_no_conflict(encounter_a, clinician_a):
    """The step form sent while its last field's autosave was in flight (issue #12 walkthrough):
    the stored value equals the posted one, so nothing is overwritten and nothing is refused."""
    record = services.encounter_record_answer
    record(encounter=encounter_a, item_code="pain_now", side=None, value=3, by=clinician_a)
    audit_rows = AuditEvent.objects.count()
    saved = record(
        encounter=encounter_a,
        item_code="pain_now",
        side=None,
        value=3,
        expected_version=0,
        by=clinician_a,
    )
    assert not saved.changed
    assert AuditEvent.objects.count() == audit_rows
    with pytest.raises(services.AnswerConflict):  # a different value from a stale page still is
        record(
            encounter=encounter_a,
            item_code="pain_now",
            side=None,
            value=4,
            expected_version=0,
            by=clinician_a,
        )
    assert Answer.objects.get(encounter=encounter_a, item="pain_now").value == 3
