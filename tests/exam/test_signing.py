"""What is signed is what the clinician decided: decisions, the sign gate, the red-flag
referral path and the frozen signed record (service and HTTP level, no browser)."""

import hashlib

import pytest
from django.urls import reverse

from clinic.models import Addendum, AuditEvent, Encounter, SignedDocument
from clinic.services import patient_update
from exam.protocol import get_protocol
from exam.services import (
    EncounterConflict,
    SignRefused,
    addendum_add,
    assessment_for,
    encounter_decide,
    encounter_sign,
    engine_working_code,
)
from reports import pdf as pdf_module
from tests.factories import SIGN_REASONS, accept_and_sign, make_encounter
from tests.reports.conftest import (
    CAUDA_EQUINA,
    GLUTEAL_TENDINOPATHY,
    normalise,
    pdf_pages_text,
    record,
)

# the screening questions: the step's free-text note (2027.01) is not one
RED_FLAG_ITEMS = {
    i.code: "no" if "no" in i.choice_values else "negative"
    for i in get_protocol().items_for_step("red-flags")
    if i.answer_type != "text"
}

RED_FLAG_QUESTIONS = len(RED_FLAG_ITEMS)


def screen_negative(encounter, user, *, except_for=()):
    """Answer every red-flag question negatively (the clinician asked them all)."""
    findings = [(code, None, no) for code, no in RED_FLAG_ITEMS.items() if code not in except_for]
    return record(encounter, user, findings)


def text_of(pdf: bytes) -> str:
    return normalise(" ".join(pdf_pages_text(pdf)))


def state(encounter):
    """Everything a refused request must leave exactly as it was."""
    encounter.refresh_from_db()
    return (
        encounter.version,
        encounter.status,
        encounter.decision,
        encounter.decided_hypothesis,
        encounter.override_reason,
        encounter.referral,
        encounter.referral_reason,
        SignedDocument.objects.count(),
        Addendum.objects.count(),
        AuditEvent.objects.exclude(action=AuditEvent.Action.VIEWED).count(),
    )


@pytest.fixture
def gt(patient_a, clinician_a):
    encounter = make_encounter(patient=patient_a, clinician=clinician_a)
    record(encounter, clinician_a, GLUTEAL_TENDINOPATHY)
    return screen_negative(encounter, clinician_a)


@pytest.fixture
def cauda(patient_a, clinician_a):
    encounter = make_encounter(patient=patient_a, clinician=clinician_a)
    record(encounter, clinician_a, CAUDA_EQUINA)
    return screen_negative(
        encounter, clinician_a, except_for=("rf_bladder_change", "rf_saddle_numbness")
    )


def accept(encounter, user):
    encounter.refresh_from_db()
    return encounter_decide(
        encounter=encounter, decision="accepted", expected_version=encounter.version, by=user
    )


def engine_code(encounter) -> str:
    return engine_working_code(assessment_for(encounter))


def post_decision(client, encounter, **data):
    encounter.refresh_from_db()
    return client.post(
        reverse("exam:decide", args=[encounter.pk]), {"version": encounter.version, **data}
    )


def post_sign(client, encounter, **data):
    encounter.refresh_from_db()
    return client.post(
        reverse("exam:sign", args=[encounter.pk]),
        {"version": encounter.version, "confirm": "yes", **data},
    )


# --- Decisions ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestDecisions:
    def test_accept_records_the_engines_hypothesis(self, client_a, gt):
        response = post_decision(client_a, gt, decision="accepted", hypothesis=engine_code(gt))
        assert response.status_code == 302
        gt.refresh_from_db()
        assert (gt.decision, gt.decided_hypothesis) == ("accepted", "gluteal_tendinopathy")

    def test_forged_accept_naming_another_hypothesis_is_refused(self, client_a, gt):
        before = state(gt)
        response = post_decision(client_a, gt, decision="accepted", hypothesis="ischial_bursitis")
        assert response.status_code == 400
        assert (
            "Accept records the engine&#x27;s working hypothesis (Gluteal tendinopathy (GTPS))"
            in (response.text)
        )
        assert state(gt) == before

    def test_override_needs_another_hypothesis_and_a_reason(self, client_a, gt):
        before = state(gt)
        same = post_decision(
            client_a,
            gt,
            decision="overridden",
            override_hypothesis="gluteal_tendinopathy",
            reason="I agree really",
        )
        assert same.status_code == 400
        assert "already the engine" in same.text
        no_reason = post_decision(
            client_a, gt, decision="overridden", override_hypothesis="sij_pain", reason="  "
        )
        assert no_reason.status_code == 400
        assert "Give a reason for overriding" in no_reason.text
        too_long = post_decision(
            client_a, gt, decision="overridden", override_hypothesis="sij_pain", reason="x" * 1001
        )
        assert too_long.status_code == 400
        assert "at most 1000 characters" in too_long.text
        assert state(gt) == before

    def test_accept_after_override_clears_it_and_the_audit_keeps_both(self, client_a, gt):
        post_decision(
            client_a,
            gt,
            decision="overridden",
            override_hypothesis="ischial_bursitis",
            reason="Tender over the bursa only",
            hypothesis=engine_code(gt),
        )
        gt.refresh_from_db()
        assert (gt.decision, gt.decided_hypothesis) == ("overridden", "ischial_bursitis")
        # The override drop-down still says bursitis; Accept ignores it.
        post_decision(
            client_a,
            gt,
            decision="accepted",
            hypothesis=engine_code(gt),
            override_hypothesis="ischial_bursitis",
        )
        gt.refresh_from_db()
        assert (gt.decision, gt.decided_hypothesis, gt.override_reason) == (
            "accepted",
            "gluteal_tendinopathy",
            "",
        )
        targets = list(
            AuditEvent.objects.filter(encounter=gt, target__startswith="decision").values_list(
                "target", flat=True
            )
        )
        assert targets == [
            "decision overridden ischial_bursitis",
            "decision accepted gluteal_tendinopathy",
        ]

    def test_the_decision_is_shown_next_to_the_engine_everywhere(self, client_a, gt):
        post_decision(
            client_a,
            gt,
            decision="overridden",
            override_hypothesis="proximal_hamstring_tendinopathy",
            reason="Sit-bone pain on sitting dominated",
        )
        summary = client_a.get(reverse("exam:step", args=[gt.pk, "summary"])).text
        header = summary.split('id="decision"')[0]
        assert "Engine's ranking" in header and "Gluteal tendinopathy" in header
        assert "Clinician's decision" in header
        assert "Overridden — Proximal hamstring tendinopathy" in header
        assert "Treatment path: Proximal hamstring tendinopathy" in summary
        panel = summary.split('id="live-panel"')[1]
        assert "Clinician's decision" in panel
        assert "Overridden — Proximal hamstring tendinopathy" in panel
        handout = client_a.get(reverse("reports:handout", args=[gt.pk])).content
        summary_pdf = text_of(client_a.get(reverse("reports:summary", args=[gt.pk])).content)
        chosen = get_protocol().hypotheses_by_code["proximal_hamstring_tendinopathy"]
        assert f"Our working explanation: {chosen.patient_label}" in text_of(handout)
        assert (
            "Clinician's decision: override. The engine ranked Gluteal tendinopathy" in summary_pdf
        )
        assert "Sit-bone pain on sitting dominated" in summary_pdf

    def test_an_accept_made_stale_by_new_findings_blocks_signing(self, patient_a, clinician_a):
        encounter = make_encounter(patient=patient_a, clinician=clinician_a)
        screen_negative(encounter, clinician_a)
        accepted = engine_code(encounter)
        accept(encounter, clinician_a)
        record(encounter, clinician_a, GLUTEAL_TENDINOPATHY)
        assert engine_code(encounter) != accepted
        with pytest.raises(SignRefused) as refused:
            encounter_sign(
                encounter=encounter,
                expected_version=encounter.version,
                reasons=SIGN_REASONS,
                by=clinician_a,
            )
        assert [g.code for g in refused.value.gaps] == ["decision_stale"]
        assert "now Gluteal tendinopathy (GTPS): accept or override again" in str(refused.value)


# --- The sign gate ------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSignGate:
    def test_first_tap_shows_what_will_be_signed_and_signs_nothing(self, client_a, gt, clinician_a):
        accept(gt, clinician_a)
        page = client_a.get(reverse("exam:sign", args=[gt.pk]))
        assert page.status_code == 200
        text = page.text
        assert "Check and sign" in text
        assert "History — " in text and "answered" in text  # answers per step
        assert "Greater trochanter" in text  # the answers themselves
        assert "Red flags" in text and "None positive" in text
        assert "Accepted — Gluteal tendinopathy" in text
        assert "Gaps" in text
        assert "Confirm and sign" in text
        before = state(gt)
        unconfirmed = post_sign(client_a, gt, confirm="")
        assert unconfirmed.status_code == 200 and "Confirm and sign" in unconfirmed.text
        assert state(gt) == before
        assert post_sign(client_a, gt).status_code == 302
        gt.refresh_from_db()
        assert gt.is_signed

    def test_empty_encounter_is_refused_with_what_is_missing_and_links(self, client_a, encounter_a):
        before = state(encounter_a)
        response = post_sign(client_a, encounter_a)
        assert response.status_code == 400
        text = response.text
        assert "Not signed." in text
        assert (
            "No decision yet" in text
            and f"/encounters/{encounter_a.pk}/step/summary/#decision" in text
        )
        assert (
            f"The red-flag screen is incomplete: {RED_FLAG_QUESTIONS} questions unanswered" in text
        )
        assert f"/encounters/{encounter_a.pk}/step/red-flags/#item-rf_bladder_change" in text
        assert "No examination step has any findings" in text
        assert f"/encounters/{encounter_a.pk}/step/palpation/" in text
        assert state(encounter_a) == before

    def test_incomplete_red_flag_screen_needs_a_reason(self, client_a, patient_a, clinician_a):
        encounter = make_encounter(patient=patient_a, clinician=clinician_a)
        record(encounter, clinician_a, GLUTEAL_TENDINOPATHY)
        screen_negative(encounter, clinician_a, except_for=("rf_fever", "rf_hop_pain"))
        accept(encounter, clinician_a)
        refused = post_sign(client_a, encounter)
        assert refused.status_code == 400
        assert "2 questions unanswered (Fever" in refused.text
        assert "Why the red-flag screen is incomplete" in refused.text
        too_long = post_sign(client_a, encounter, red_flag_gap_reason="x" * 1001)
        assert too_long.status_code == 400
        assert "at most 1000 characters" in too_long.text
        no_version = client_a.post(reverse("exam:sign", args=[encounter.pk]), {"confirm": "yes"})
        assert no_version.status_code == 400
        assert "The page is out of date; reload it and try again." in no_version.text
        encounter.refresh_from_db()
        assert not encounter.is_signed
        signed = post_sign(
            client_a, encounter, red_flag_gap_reason="Patient had to leave; asked by phone later"
        )
        assert signed.status_code == 302
        encounter.refresh_from_db()
        assert encounter.red_flag_gap_reason == "Patient had to leave; asked by phone later"
        summary = text_of(client_a.get(reverse("reports:summary", args=[encounter.pk])).content)
        assert "Signed with the screen incomplete. Reason: Patient had to leave" in summary

    def test_no_examination_findings_needs_a_reason(self, client_a, patient_a, clinician_a):
        encounter = make_encounter(patient=patient_a, clinician=clinician_a)
        record(
            encounter,
            clinician_a,
            [
                f
                for f in GLUTEAL_TENDINOPATHY
                if f[0] in ("onset", "agg_stairs", "pain_now", "area_lateral_hip")
            ],
        )
        screen_negative(encounter, clinician_a)
        accept(encounter, clinician_a)
        refused = post_sign(client_a, encounter)
        assert refused.status_code == 400
        assert "No examination step has any findings" in refused.text
        assert (
            post_sign(client_a, encounter, no_exam_reason="History-only visit").status_code == 302
        )
        encounter.refresh_from_db()
        assert encounter.is_signed and encounter.no_exam_reason == "History-only visit"

    def test_stale_version_and_signing_twice_change_nothing(self, client_a, gt, clinician_a):
        accept(gt, clinician_a)
        gt.refresh_from_db()
        before = state(gt)
        stale = client_a.post(
            reverse("exam:sign", args=[gt.pk]), {"version": gt.version - 1, "confirm": "yes"}
        )
        assert stale.status_code == 409
        assert "changed in another tab" in stale.text
        assert state(gt) == before
        assert post_sign(client_a, gt).status_code == 302
        before = state(gt)
        twice = post_sign(client_a, gt)
        assert twice.status_code == 403
        assert "signed and read-only" in twice.text
        with pytest.raises(Exception, match="already signed"):
            encounter_sign(encounter=gt, expected_version=gt.version, by=clinician_a)
        assert state(gt) == before

    def test_a_change_while_rendering_is_a_conflict_and_stores_nothing(
        self, gt, clinician_a, monkeypatch
    ):
        accept(gt, clinician_a)
        gt.refresh_from_db()
        real = pdf_module.render_pdf

        def render_then_someone_edits(*args, **kwargs):
            Encounter.objects.filter(pk=gt.pk).update(version=gt.version + 5)
            return real(*args, **kwargs)

        monkeypatch.setattr("reports.services.render_pdf", render_then_someone_edits)
        monkeypatch.setattr("reports.pdf.render_pdf", render_then_someone_edits)
        with pytest.raises(EncounterConflict):
            encounter_sign(encounter=gt, expected_version=gt.version, by=clinician_a)
        gt.refresh_from_db()
        assert not gt.is_signed and gt.signed_snapshot is None
        assert not SignedDocument.objects.exists()


# --- The frozen signed record -------------------------------------------------------------------


@pytest.mark.django_db
class TestFrozenRecord:
    def test_signing_freezes_a_snapshot_and_stores_each_pdf_with_its_hash(
        self, gt, clinician_a, clinic_a
    ):
        clinic_a.phone, clinic_a.email = "+44 20 7946 0000", "front-desk@example.test"
        clinic_a.save()
        accept_and_sign(gt, clinician_a)
        gt.refresh_from_db()
        snap = gt.signed_snapshot
        assert snap["patient"]["full_name"] == "Testy McTestface"
        assert snap["patient"]["identifier"] == "A-0001"
        assert snap["clinic"] == {
            "name": "Clinic Alpha (test)",
            "phone": "+44 20 7946 0000",
            "email": "front-desk@example.test",
            "address": "",
        }
        assert snap["clinician_name"] == "Testy Clinicianface"
        assert snap["protocol_version"] == gt.protocol_version
        assert snap["working"]["code"] == "gluteal_tendinopathy"
        assert snap["decision"]["status"] == "Accepted"
        assert snap["assessment"]["working_hypothesis"]["code"] == "gluteal_tendinopathy"
        docs = {d.kind: d for d in SignedDocument.objects.filter(encounter=gt)}
        assert set(docs) == {"handout", "summary"}
        hash_rows = AuditEvent.objects.filter(
            encounter=gt, action=AuditEvent.Action.SIGNED, target__contains="sha256"
        ).values_list("target", flat=True)
        for kind, doc in docs.items():
            assert bytes(doc.pdf)[:5] == b"%PDF-"
            assert doc.sha256 == hashlib.sha256(bytes(doc.pdf)).hexdigest()
            assert f"{kind} pdf sha256 {doc.sha256}" in hash_rows

    def test_later_prints_return_the_stored_bytes_even_after_the_patient_changes(
        self, client_a, gt, clinician_a, monkeypatch
    ):
        accept_and_sign(gt, clinician_a)
        stored = {d.kind: bytes(d.pdf) for d in SignedDocument.objects.filter(encounter=gt)}
        patient_update(
            patient=gt.patient,
            by=clinician_a,
            given_name="Renamed",
            date_of_birth=gt.patient.date_of_birth.replace(year=1970),
        )
        gt.patient.clinic.name = "Clinic Renamed (test)"
        gt.patient.clinic.save()

        def no_rendering(*args, **kwargs):
            raise AssertionError("a signed document was re-rendered")

        monkeypatch.setattr("reports.services.render_pdf", no_rendering)
        monkeypatch.setattr("weasyprint.HTML.render", no_rendering)
        for kind in ("handout", "summary"):
            response = client_a.get(reverse(f"reports:{kind}", args=[gt.pk]))
            assert response.status_code == 200
            assert response.content == stored[kind]
            assert "Renamed" not in text_of(response.content)
        printed = AuditEvent.objects.filter(encounter=gt, action=AuditEvent.Action.PRINTED)
        assert printed.count() == 2
        letter = client_a.get(reverse("reports:summary", args=[gt.pk]) + "?paper=letter")
        assert letter.status_code == 409 and "signed on A4 paper" in letter.text

    def test_each_addendum_is_its_own_signed_document_and_the_original_never_changes(
        self, client_a, gt, clinician_a
    ):
        accept_and_sign(gt, clinician_a)
        original = SignedDocument.objects.get(encounter=gt, kind="summary")
        original_bytes = bytes(original.pdf)
        gt.refresh_from_db()
        for n in range(40):
            addendum_add(
                encounter=gt, text=f"Correction {n}: " + "long text " * 390, by=clinician_a
            )
        addenda = SignedDocument.objects.filter(encounter=gt, kind="addendum")
        assert addenda.count() == 40
        last = addenda.last()
        text = text_of(bytes(last.pdf))
        assert "Correction 39" in text
        assert original.sha256 in text.replace(" ", "")
        response = client_a.get(reverse("reports:addendum", args=[gt.pk, last.addendum_id]))
        assert response.status_code == 200 and response.content == bytes(last.pdf)
        summary = client_a.get(reverse("reports:summary", args=[gt.pk]))
        assert summary.status_code == 200 and summary.content == original_bytes
        page = client_a.get(reverse("exam:step", args=[gt.pk, "summary"])).text
        assert reverse("reports:addendum", args=[gt.pk, last.addendum_id]) in page

    def test_addendum_bad_input_changes_nothing(self, client_a, gt, clinician_a):
        before = state(gt)
        draft = client_a.post(reverse("exam:addendum", args=[gt.pk]), {"text": "note"})
        assert draft.status_code == 400 and "Addenda are for signed encounters" in draft.text
        assert state(gt) == before
        accept_and_sign(gt, clinician_a)
        before = state(gt)
        for text, message in (("   ", "Write the correction"), ("x" * 4001, "at most 4000")):
            response = client_a.post(reverse("exam:addendum", args=[gt.pk]), {"text": text})
            assert response.status_code == 400 and message in response.text
        assert state(gt) == before

    def test_the_preview_of_a_signed_encounter_says_it_is_not_the_signed_document(
        self, client_a, gt, clinician_a
    ):
        accept_and_sign(gt, clinician_a)
        page = client_a.get(reverse("reports:preview", args=[gt.pk])).text
        assert "The signed documents are the stored PDFs" in page

    def test_signed_documents_cannot_be_changed(self, gt, clinician_a):
        accept_and_sign(gt, clinician_a)
        doc = SignedDocument.objects.filter(encounter=gt).first()
        doc.pdf = b"%PDF-forged"
        with pytest.raises(PermissionError):
            doc.save()


# --- The red-flag path --------------------------------------------------------------------------


@pytest.mark.django_db
class TestRedFlagPath:
    def test_summary_leads_with_the_red_flag_and_asks_refer_or_continue(self, client_a, cauda):
        page = client_a.get(reverse("exam:step", args=[cauda.pk, "summary"])).text
        main = page.split('id="live-panel"')[0]
        assert main.index("Suspected cauda equina syndrome") < main.index("Working hypothesis")
        assert "refer, or continue without referral" in main
        before = state(cauda)
        response = post_decision(client_a, cauda, decision="accepted")
        assert response.status_code == 400
        assert "choose Refer or Continue without referral" in response.text
        no_reason = post_decision(client_a, cauda, decision="accepted", referral="continue")
        assert no_reason.status_code == 400
        assert "write why you are continuing without referral" in no_reason.text
        no_to = post_decision(client_a, cauda, decision="accepted", referral="refer")
        assert no_to.status_code == 400 and "Choose who the referral goes to" in no_to.text
        assert state(cauda) == before

    def test_continue_without_referral_is_printed_with_its_reason(
        self, client_a, cauda, clinician_a
    ):
        response = post_decision(
            client_a,
            cauda,
            decision="accepted",
            referral="continue",
            referral_reason="Long-standing, investigated last month by the spinal team",
        )
        assert response.status_code == 302
        assert post_sign(client_a, cauda).status_code == 302
        kinds = set(SignedDocument.objects.filter(encounter=cauda).values_list("kind", flat=True))
        assert kinds == {"handout", "summary"}
        summary = text_of(client_a.get(reverse("reports:summary", args=[cauda.pk])).content)
        assert "Clinician's decision: Continue without referral" in summary
        assert "investigated last month by the spinal team" in summary
        handout = text_of(client_a.get(reverse("reports:handout", args=[cauda.pk])).content)
        assert "decided not to refer you for now" in handout
        assert client_a.get(reverse("reports:referral", args=[cauda.pk])).status_code == 404

    def test_refer_produces_a_stored_referral_letter(self, client_a, cauda, clinician_a, clinic_a):
        clinic_a.phone, clinic_a.email = "+44 20 7946 0000", "front-desk@example.test"
        clinic_a.address = "1 Example Street\nTestville"
        clinic_a.save()
        clinician_a.email = "testy@example.test"
        clinician_a.save()
        page = client_a.get(reverse("exam:step", args=[cauda.pk, "summary"])).text
        assert '<option value="ed" selected>' in page  # emergency: the ED by default
        response = post_decision(
            client_a, cauda, decision="accepted", referral="refer", referral_to="ed"
        )
        assert response.status_code == 302
        draft = client_a.get(reverse("reports:referral", args=[cauda.pk]))
        assert draft.status_code == 200 and "DRAFT" in text_of(draft.content)
        assert post_sign(client_a, cauda).status_code == 302
        stored = SignedDocument.objects.get(encounter=cauda, kind="referral")
        response = client_a.get(reverse("reports:referral", args=[cauda.pk]))
        assert response.content == bytes(stored.pdf)
        letter = text_of(response.content)
        assert "To Emergency department" in letter
        assert "Emergency — today" in letter
        assert "Suspected cauda equina syndrome" in letter
        assert "New bladder change (hesitancy, retention, loss of urge, leaking): Yes" in letter
        assert "Relevant negatives Answered no / negative on the red-flag screen:" in letter
        assert "Fever, chills or night sweats;" in letter
        assert "The engine's working hypothesis, accepted by the clinician." in letter
        assert "Working hypothesis" in letter and "Lumbar radiculopathy" in letter
        for contact in (
            "testy@example.test",
            "+44 20 7946 0000",
            "front-desk@example.test",
            "1 Example Street",
            "Testy Clinicianface",
            "Clinic Alpha (test)",
        ):
            assert contact in letter, contact
        summary = text_of(client_a.get(reverse("reports:summary", args=[cauda.pk])).content)
        assert "Clinician's decision: Refer — to Emergency department" in summary
        handout = text_of(client_a.get(reverse("reports:handout", args=[cauda.pk])).content)
        assert "referring you to: Emergency department" in handout
