"""Deciding and signing in a real browser at tablet size: override then accept, the sign gate
with its confirmation, a red flag through to the referral letter, and stored bytes that do not
change when the patient is edited after signing."""

import hashlib
import re

import pytest

from clinic.models import AuditEvent, Encounter, SignedDocument
from exam.protocol import get_protocol
from tests.browser.conftest import LANDSCAPE, PORTRAIT, shot
from tests.factories import make_encounter, make_patient
from tests.reports.conftest import CAUDA_EQUINA, GLUTEAL_TENDINOPATHY, record

pytestmark = pytest.mark.browser

# the screening questions: the step's free-text note (2027.01) is not one
NEGATIVE = {
    i.code: "no" if "no" in i.choice_values else "negative"
    for i in get_protocol().items_for_step("red-flags")
    if i.answer_type != "text"
}

RED_FLAG_QUESTIONS = len(NEGATIVE)


def screened(encounter, user, *, positive=()):
    record(encounter, user, [(c, None, v) for c, v in NEGATIVE.items() if c not in positive])
    return encounter


@pytest.fixture
def gt(clinician):
    patient = make_patient(
        clinic=clinician.memberships.first().clinic, given_name="Signy", family_name="McSignface"
    )
    encounter = make_encounter(patient=patient, clinician=clinician, side="left")
    record(encounter, clinician, GLUTEAL_TENDINOPATHY)
    return screened(encounter, clinician)


def summary_url(live_server, encounter) -> str:
    return f"{live_server.url}/encounters/{encounter.pk}/step/summary/"


def tap_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.tap()


def test_override_then_accept(logged_in, live_server, gt):
    page = logged_in
    page.goto(summary_url(live_server, gt))
    page.select_option("#id_override_hypothesis", "ischial_bursitis")
    page.fill("#id_reason", "Tender over the bursa only")
    tap_and_wait(page, page.get_by_role("button", name="Override", exact=True))
    decision = page.locator(".working-big + .clinician-decision")
    assert "Overridden — Ischiogluteal bursitis" in decision.inner_text()
    assert "Tender over the bursa only" in decision.inner_text()
    assert "Treatment path: Ischiogluteal bursitis" in page.content()
    # Accept now records the engine's hypothesis although the drop-down still says bursitis.
    assert page.locator("#id_override_hypothesis").input_value() == "ischial_bursitis"
    tap_and_wait(page, page.get_by_role("button", name=re.compile("^Accept: Gluteal")))
    gt.refresh_from_db()
    assert (gt.decision, gt.decided_hypothesis, gt.override_reason) == (
        "accepted",
        "gluteal_tendinopathy",
        "",
    )
    assert (
        "Accepted — Gluteal tendinopathy" in page.locator(".clinician-decision").first.inner_text()
    )
    page.locator("[data-sheet-toggle]").tap()
    assert "Accepted — Gluteal tendinopathy" in page.locator("#live-panel").inner_text()
    assert page.console_errors == []


def test_sign_gate_and_confirmation(logged_in, live_server, clinician):
    page = logged_in
    patient = make_patient(clinic=clinician.memberships.first().clinic, family_name="McGappy")
    encounter = make_encounter(patient=patient, clinician=clinician, side="right")
    record(encounter, clinician, [("onset", None, "gradual"), ("agg_stairs", None, "yes")])
    page.goto(summary_url(live_server, encounter))
    tap_and_wait(page, page.get_by_role("button", name=re.compile("^Accept:")))
    # First tap: what will be signed, with the gaps; nothing is signed yet.
    tap_and_wait(page, page.get_by_role("button", name="Sign encounter…"))
    assert "Check and sign" in page.content()
    assert page.locator("details.sign-step").count() == len(get_protocol().steps)
    assert (
        f"The red-flag screen is incomplete: {RED_FLAG_QUESTIONS} questions unanswered"
        in page.content()
    )
    for size, name in ((PORTRAIT, "sign-confirm-portrait"), (LANDSCAPE, "sign-confirm-landscape")):
        page.set_viewport_size(size)
        shot(page, name)
    page.set_viewport_size(PORTRAIT)
    encounter.refresh_from_db()
    assert encounter.status == "draft"
    # Second tap without the reasons: refused, saying what is missing, with links to fix it.
    tap_and_wait(page, page.get_by_role("button", name="Confirm and sign"))
    alert = page.locator(".message-error")
    assert "Not signed." in alert.inner_text()
    link = alert.get_by_role("link", name="Open the red-flag screen")
    assert re.search(r"/step/red-flags/#item-rf_", link.get_attribute("href"))
    assert alert.get_by_role("link", name="Open the examination").count() == 1
    encounter.refresh_from_db()
    assert encounter.status == "draft"
    page.fill("#id_red_flag_gap_reason", "Patient left early; screen to finish by phone")
    page.fill("#id_no_exam_reason", "History-only visit")
    tap_and_wait(page, page.get_by_role("button", name="Confirm and sign"))
    assert "Signed by" in page.content()
    encounter.refresh_from_db()
    assert encounter.is_signed
    assert encounter.no_exam_reason == "History-only visit"
    # The refused signature is a 400 page by design; nothing else may log an error.
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_red_flag_encounter_through_to_the_referral_letter(logged_in, live_server, clinician):
    page = logged_in
    clinic = clinician.memberships.first().clinic
    clinic.phone, clinic.email = "+44 20 7946 0000", "front-desk@example.test"
    clinic.address = "1 Example Street, Testville"
    clinic.save()
    patient = make_patient(clinic=clinic, given_name="Reddy", family_name="McFlagface")
    encounter = make_encounter(patient=patient, clinician=clinician, side="left")
    record(encounter, clinician, CAUDA_EQUINA)
    screened(encounter, clinician, positive=("rf_bladder_change", "rf_saddle_numbness"))
    page.goto(summary_url(live_server, encounter))
    banner = page.locator(".exam-main .redflag-banner")
    assert "Suspected cauda equina syndrome" in banner.inner_text()
    assert banner.bounding_box()["y"] < page.locator(".working-big").bounding_box()["y"]
    for size, name in (
        (PORTRAIT, "summary-redflag-portrait"),
        (LANDSCAPE, "summary-redflag-landscape"),
    ):
        page.set_viewport_size(size)
        shot(page, name)
    page.set_viewport_size(PORTRAIT)
    page.locator("label.seg:has-text('Refer')").first.tap()
    assert page.locator("#id_referral_to").input_value() == "ed"
    tap_and_wait(page, page.get_by_role("button", name=re.compile("^Accept:")))
    assert "Refer — to Emergency department" in banner.inner_text()
    tap_and_wait(page, page.get_by_role("button", name="Sign encounter…"))
    assert "the clinician summary and the referral letter are produced now" in page.content()
    tap_and_wait(page, page.get_by_role("button", name="Confirm and sign"))
    assert "Signed by" in page.content()
    href = page.get_by_role("link", name="Referral letter (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    stored = SignedDocument.objects.get(encounter=encounter, kind="referral")
    assert response.body() == bytes(stored.pdf)
    assert AuditEvent.objects.filter(
        encounter=encounter, action="printed", target__startswith="signed referral pdf"
    ).exists()
    assert page.console_errors == []


def test_editing_the_patient_after_signing_leaves_the_stored_pdfs_unchanged(
    logged_in, live_server, gt, clinician
):
    page = logged_in
    page.goto(summary_url(live_server, gt))
    tap_and_wait(page, page.get_by_role("button", name=re.compile("^Accept:")))
    tap_and_wait(page, page.get_by_role("button", name="Sign encounter…"))
    tap_and_wait(page, page.get_by_role("button", name="Confirm and sign"))
    for size, name in (
        (PORTRAIT, "summary-signed-portrait"),
        (LANDSCAPE, "summary-signed-landscape"),
    ):
        page.set_viewport_size(size)
        shot(page, name)
    page.set_viewport_size(PORTRAIT)
    links = {
        kind: page.get_by_role("link", name=label).get_attribute("href")
        for kind, label in (
            ("handout", "Patient handout (PDF)"),
            ("summary", "Clinician summary (PDF)"),
        )
    }
    before = {k: page.request.get(f"{live_server.url}{u}").body() for k, u in links.items()}
    # Edit the patient through the screens.
    page.goto(f"{live_server.url}/patients/{gt.patient.pk}/edit/")
    page.fill("#id_given_name", "Renamedy")
    page.fill("#id_date_of_birth", "1970-01-02")
    tap_and_wait(page, page.get_by_role("button", name="Save patient"))
    assert "Patient details saved" in page.content()
    for kind, url in links.items():
        after = page.request.get(f"{live_server.url}{url}").body()
        assert after == before[kind], kind
        stored = SignedDocument.objects.get(encounter=gt, kind=kind)
        assert hashlib.sha256(after).hexdigest() == stored.sha256
    assert Encounter.objects.get(pk=gt.pk).signed_snapshot["patient"]["given_name"] == "Signy"
