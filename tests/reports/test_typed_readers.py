"""Views and reports read the engine's typed records, not dicts (issue #10, point 8).

The templates read attributes and dict keys alike, so a reader that went back to
`assessment.to_dict()` would still render: these tests pin what the views and the report
builder hand to the templates, and that the stored snapshot keeps its JSON format.
"""

import dataclasses

import pytest
from django.urls import reverse
from django.utils import timezone

from exam.engine import (
    Assessment,
    ClusterState,
    HypothesisScore,
    PainMechanism,
    SelectedPath,
    StrengthRow,
    WorkingHypothesis,
)
from exam.services import assessment_for
from reports.services import _treatment_path, build_report_context, render_signed_documents
from tests.factories import SIGN_REASONS
from tests.reports.conftest import RADICULOPATHY, decide


def test_summary_page_hands_the_template_typed_records(client_a, gt_encounter):
    response = client_a.get(reverse("exam:step", args=[gt_encounter.pk, "summary"]))
    assert response.status_code == 200
    context = response.context
    assert isinstance(context["a"], Assessment)
    assert isinstance(context["working"], WorkingHypothesis)
    assert isinstance(context["path"], SelectedPath)
    # The side panel, rendered on the same page.
    assert context["top_hypotheses"]
    assert all(isinstance(h, HypothesisScore) for h in context["top_hypotheses"])
    assert context["working"].label in response.text


def test_summary_page_lists_the_pain_mechanisms_from_the_typed_record(client_a, make_scenario):
    encounter = make_scenario(RADICULOPATHY)
    assessment = assessment_for(encounter)
    present = [label for label, m in assessment.pain_mechanism.pictures() if m.features]
    assert "Peripheral neuropathic" in present
    page = client_a.get(reverse("exam:step", args=[encounter.pk, "summary"])).text
    assert "<strong>Peripheral neuropathic</strong>" in page


def test_step_pages_hand_the_template_typed_strength_and_cluster(client_a, gt_encounter):
    strength = client_a.get(reverse("exam:step", args=[gt_encounter.pk, "strength"])).context
    assert strength["strength"]
    assert all(isinstance(row, StrengthRow) for row in strength["strength"])
    movement = client_a.get(reverse("exam:step", args=[gt_encounter.pk, "movement"])).context
    assert isinstance(movement["sij_cluster"], ClusterState)


def test_report_context_holds_the_engine_records(gt_encounter):
    context = build_report_context(gt_encounter)
    assert isinstance(context["engine_working"], WorkingHypothesis)
    assert isinstance(context["pain_mechanism"], PainMechanism)
    assert isinstance(context["sij_cluster"], ClusterState)
    assert context["working"]["code"] == context["engine_working"].code == "gluteal_tendinopathy"
    # Strength rows read from the typed rows: the recorded abduction force, with its deficit.
    abduction = next(r for r in context["strength"] if r["left"] == 15.3)
    assert abduction["left_force_text"] == "15.3 kg" and abduction["right_force_text"] == "22.4 kg"


def test_an_override_gives_the_chosen_hypothesis_path_as_a_typed_record(gt_encounter):
    from exam.services import protocol_for

    protocol = protocol_for(gt_encounter)
    result = assessment_for(gt_encounter)
    chosen = next(code for code in protocol.treatment_paths if code != result.treatment_path.code)
    path = _treatment_path(protocol, result, chosen, True)
    assert isinstance(path, SelectedPath)
    assert path.code == chosen
    assert path.deferred_hypothesis_path is None
    assert path.patient == protocol.treatment_paths[chosen].for_patient()
    assert [f.name for f in dataclasses.fields(path)] == [
        f.name for f in dataclasses.fields(result.treatment_path)
    ]


@pytest.mark.django_db
def test_signed_snapshot_keeps_its_json_format(gt_encounter, clinician_a):
    """The stored snapshot writes engine records as `dataclasses.asdict`: the same JSON as
    before the readers became typed (it is stored data, read back after signing)."""
    decide(gt_encounter, clinician_a, hypothesis="")
    gt_encounter.refresh_from_db()
    snapshot, documents = render_signed_documents(
        gt_encounter, signed_by=clinician_a, signed_at=timezone.now(), reasons=SIGN_REASONS
    )
    stored = snapshot["assessment"]
    assert stored == assessment_for(gt_encounter).to_dict()
    assert snapshot["engine_working"] == stored["working_hypothesis"]
    assert snapshot["pain_mechanism"] == stored["pain_mechanism"]
    assert snapshot["sij_cluster"] == stored["sij_cluster"]
    assert snapshot["path"]["code"] == stored["treatment_path"]["code"]
    assert snapshot["path"]["phases"][0]["exercises"][0]["dose_line"]
    assert isinstance(snapshot["path"]["citation"], list)
    assert documents
