"""PDF reports and their HTML preview. Reads only; the audit row is the one write."""

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import get_encounter_for_user
from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip
from reports.pdf import ReportError, paper_from
from reports.services import (
    ADDENDUM,
    DOCUMENTS,
    HANDOUT,
    REFERRAL,
    SUMMARY,
    build_report_context,
    render_handout_pdf,
    render_referral_pdf,
    render_summary_pdf,
    report_filename,
    signed_document,
)

logger = logging.getLogger(__name__)

RENDERERS = {
    HANDOUT: render_handout_pdf,
    SUMMARY: render_summary_pdf,
    REFERRAL: render_referral_pdf,
}


def _error_page(request, encounter, message: str, status: int) -> HttpResponse:
    return render(
        request, "reports/error.html", {"encounter": encounter, "message": message}, status=status
    )


def _pdf_bytes_response(request, pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Length"] = str(len(pdf))
    return response


def _stored_response(request, encounter, doc: str, *, addendum_id=None) -> HttpResponse | None:
    """A signed encounter's document exactly as stored at signing (None: nothing stored)."""
    stored = signed_document(encounter, doc, addendum_id=addendum_id)
    if stored is None:
        return None
    requested = request.GET.get("paper")
    if requested and requested.strip().lower() != stored.paper:
        return _error_page(
            request,
            encounter,
            f"This document was signed on {stored.paper.upper()} paper and is kept exactly as "
            "signed. Open it without choosing a paper size.",
            409,
        )
    audit_record(
        action=AuditEvent.Action.PRINTED,
        user=request.user,
        encounter=encounter,
        target=f"signed {doc} pdf sha256 {stored.sha256[:16]}"
        + (f" addendum {addendum_id}" if addendum_id else ""),
        ip=client_ip(request),
    )
    suffix = f"-{addendum_id}" if addendum_id else ""
    filename = f"{doc}{suffix}-encounter-{encounter.pk}-{encounter.date:%Y-%m-%d}-signed.pdf"
    return _pdf_bytes_response(request, bytes(stored.pdf), filename)


def _pdf_response(request: HttpRequest, pk: int, doc: str) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    if encounter.is_signed:
        stored = _stored_response(request, encounter, doc)
        if stored is not None:
            return stored
        if doc == REFERRAL:
            return _error_page(
                request, encounter, "No referral letter was issued for this encounter.", 404
            )
    try:
        paper = paper_from(request.GET.get("paper"))
    except ReportError as error:
        return _error_page(request, encounter, str(error), error.status)
    # Read everything first; render outside any transaction; audit only what was produced.
    context = build_report_context(encounter, request_user=request.user)
    if doc == REFERRAL and not context["referral"]:
        return _error_page(
            request,
            encounter,
            "There is no referral letter: it is written when a red flag is positive and the "
            "decision is Refer.",
            404,
        )
    try:
        pdf = RENDERERS[doc](context=context, paper=paper)
    except ReportError as error:
        logger.warning("Report %s for encounter %s not produced: %s", doc, encounter.pk, error)
        return _error_page(request, encounter, str(error), error.status)
    audit_record(
        action=AuditEvent.Action.PRINTED,
        user=request.user,
        encounter=encounter,
        target=f"{doc} pdf ({paper})",
        ip=client_ip(request),
    )
    return _pdf_bytes_response(request, pdf, report_filename(doc, context))


@require_GET
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, pk, HANDOUT)


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, pk, SUMMARY)


@require_GET
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, pk, REFERRAL)


@require_GET
def addendum(request: HttpRequest, pk: int, addendum_id: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    stored = _stored_response(request, encounter, ADDENDUM, addendum_id=addendum_id)
    if stored is None:
        return _error_page(request, encounter, "No such addendum on this encounter.", 404)
    return stored


@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    doc = request.GET.get("doc", "")
    if doc and doc not in (HANDOUT, SUMMARY):
        return _error_page(
            request,
            encounter,
            f'Unknown document "{doc[:20]}". Use doc=handout or doc=summary.',
            400,
        )
    context = build_report_context(encounter, request_user=request.user)
    if encounter.is_signed:
        messages.info(
            request,
            "This preview shows the records as they are now. The signed documents are the "
            "stored PDFs: the PDF links return them exactly as they were signed.",
        )
    audit_record(
        action=AuditEvent.Action.VIEWED,
        user=request.user,
        encounter=encounter,
        target=f"report preview ({doc or 'both'})",
        ip=client_ip(request),
    )
    docs = [doc] if doc else [HANDOUT, SUMMARY]
    return render(
        request,
        "reports/preview.html",
        {
            **context,
            "encounter": encounter,
            "docs": [{"key": d, **DOCUMENTS[d]} for d in docs],
            "for_pdf": False,
        },
    )
