import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from clinic.models import AuditEvent
from tests.reports.conftest import normalise, pdf_pages_text

PDF_URLS = ("reports:handout", "reports:summary")
ALL_URLS = PDF_URLS + ("reports:preview",)

pytestmark = pytest.mark.django_db


def printed_rows(encounter):
    return AuditEvent.objects.filter(encounter=encounter, action=AuditEvent.Action.PRINTED)


def read_rows(encounter):
    """Audit rows of looking at or printing (recording the test findings adds "updated" rows)."""
    return AuditEvent.objects.filter(
        encounter=encounter, action__in=[AuditEvent.Action.VIEWED, AuditEvent.Action.PRINTED]
    )


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_is_sent_to_login(client, encounter_a, name):
    response = client.get(reverse(name, args=[encounter_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AuditEvent.objects.filter(encounter=encounter_a).exists()


@pytest.mark.parametrize("name", ALL_URLS)
def test_other_clinic_gets_404_and_nothing_is_audited(client_b, encounter_a, name):
    response = client_b.get(reverse(name, args=[encounter_a.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(encounter=encounter_a).exists()


@pytest.mark.parametrize("name", ALL_URLS)
def test_unknown_encounter_is_404(client_a, name):
    assert client_a.get(reverse(name, args=[999_999])).status_code == 404


@pytest.mark.parametrize("name", ALL_URLS)
def test_post_is_not_allowed(client_a, encounter_a, name):
    assert client_a.post(reverse(name, args=[encounter_a.pk])).status_code == 405


@pytest.mark.parametrize("name", PDF_URLS)
def test_pdf_opens_inline_and_writes_a_printed_audit_row(client_a, gt_encounter, clinician_a, name):
    response = client_a.get(reverse(name, args=[gt_encounter.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    doc = name.split(":")[1]
    assert response["Content-Disposition"] == (
        f'inline; filename="{doc}-encounter-{gt_encounter.pk}-{gt_encounter.date:%Y-%m-%d}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    rows = list(printed_rows(gt_encounter))
    assert len(rows) == 1
    assert rows[0].user == clinician_a
    assert rows[0].patient == gt_encounter.patient
    assert rows[0].ip_address == "10.1.2.3"
    assert rows[0].target.startswith(doc)


def test_download_variant_is_an_attachment(client_a, gt_encounter):
    response = client_a.get(reverse("reports:handout", args=[gt_encounter.pk]), {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="handout-encounter-')


def test_file_name_carries_no_patient_text(client_a, gt_encounter):
    response = client_a.get(reverse("reports:summary", args=[gt_encounter.pk]))
    patient = gt_encounter.patient
    for text in (patient.family_name, patient.given_name, patient.identifier):
        assert text not in response["Content-Disposition"]


def test_letter_paper_is_selectable(client_a, gt_encounter):
    a4 = client_a.get(reverse("reports:handout", args=[gt_encounter.pk]))
    letter = client_a.get(reverse("reports:handout", args=[gt_encounter.pk]), {"paper": "letter"})
    a4_box = PdfReader(io.BytesIO(a4.content)).pages[0].mediabox
    letter_box = PdfReader(io.BytesIO(letter.content)).pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (595, 842)
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (612, 792)


@pytest.mark.parametrize("paper", ["A5", "legal", "letter'; x", "<b>", " "])
@pytest.mark.parametrize("name", PDF_URLS)
def test_bad_paper_is_400_with_a_message_and_not_audited(client_a, gt_encounter, name, paper):
    response = client_a.get(reverse(name, args=[gt_encounter.pk]), {"paper": paper})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Use paper=a4 (the default) or paper=letter." in response.content.decode()
    assert "<b>" not in response.content.decode().split("<main", 1)[1]
    assert not printed_rows(gt_encounter).exists()


def test_preview_shows_both_documents_and_audits_a_view(client_a, gt_encounter):
    response = client_a.get(reverse("reports:preview", args=[gt_encounter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your visit today" in html and "Clinician summary" in html
    assert "Irritated hip tendons on the outside of the hip" in html
    assert "Gluteal tendinopathy (GTPS)" in html
    assert reverse("reports:handout", args=[gt_encounter.pk]) in html
    rows = list(read_rows(gt_encounter))
    assert [r.action for r in rows] == [AuditEvent.Action.VIEWED]
    assert rows[0].target == "report preview (both)"
    assert not printed_rows(gt_encounter).exists()


@pytest.mark.parametrize(
    "doc, present, absent",
    [
        ("handout", "Your visit today", "evidence trail"),
        ("summary", "evidence trail", "Why we think so"),
    ],
)
def test_preview_of_one_document(client_a, gt_encounter, doc, present, absent):
    html = client_a.get(
        reverse("reports:preview", args=[gt_encounter.pk]), {"doc": doc}
    ).content.decode()
    assert present in html
    assert absent not in html


def test_preview_rejects_unknown_document(client_a, gt_encounter):
    response = client_a.get(reverse("reports:preview", args=[gt_encounter.pk]), {"doc": "x"})
    assert response.status_code == 400
    assert "Use doc=handout or doc=summary." in response.content.decode()
    assert not read_rows(gt_encounter).exists()


def test_preview_has_no_inline_style_or_script(client_a, gt_encounter):
    html = client_a.get(reverse("reports:preview", args=[gt_encounter.pk])).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert "<script>" not in html


def test_too_long_report_gives_a_clear_error_and_is_not_audited(client_a, gt_encounter, settings):
    settings.PDF_MAX_PAGES = 1
    response = client_a.get(reverse("reports:summary", args=[gt_encounter.pk]))
    assert response.status_code == 422
    text = normalise(response.content.decode())
    assert "The clinician summary is too long to print" in text
    assert "the limit is 1" in text
    assert not printed_rows(gt_encounter).exists()


def test_slow_report_is_stopped_with_a_clear_error(client_a, gt_encounter, settings):
    settings.PDF_TIMEOUT_SECONDS = 0.01
    response = client_a.get(reverse("reports:summary", args=[gt_encounter.pk]))
    assert response.status_code == 503
    assert "took longer than 0.01 seconds" in response.content.decode()
    assert not printed_rows(gt_encounter).exists()
    # The stopped render leaves nothing behind: the next print works.
    settings.PDF_TIMEOUT_SECONDS = 30
    again = client_a.get(reverse("reports:summary", args=[gt_encounter.pk]))
    assert again.status_code == 200
    assert "Clinician summary" in normalise(" ".join(pdf_pages_text(again.content)))
