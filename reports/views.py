"""PDF reports and their HTML preview. Reads only; the audit row is the one write."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import get_encounter_for_user
from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip
from reports.pdf import ReportError, paper_from
from reports.services import (
    DOCUMENTS,
    HANDOUT,
    SUMMARY,
    build_report_context,
    render_handout_pdf,
    render_summary_pdf,
    report_filename,
)

logger = logging.getLogger(__name__)

RENDERERS = {HANDOUT: render_handout_pdf, SUMMARY: render_summary_pdf}


def _error_page(request, encounter, message: str, status: int) -> HttpResponse:
    return render(
        request, "reports/error.html", {"encounter": encounter, "message": message}, status=status
    )


def _pdf_response(request: HttpRequest, pk: int, doc: str) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    try:
        paper = paper_from(request.GET.get("paper"))
    except ReportError as error:
        return _error_page(request, encounter, str(error), error.status)
    # Read everything first; render outside any transaction; audit only what was produced.
    context = build_report_context(encounter, request_user=request.user)
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
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{report_filename(doc, context)}"'
    response["Content-Length"] = str(len(pdf))
    return response


@require_GET
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, pk, HANDOUT)


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, pk, SUMMARY)


@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    doc = request.GET.get("doc", "")
    if doc and doc not in DOCUMENTS:
        return _error_page(
            request,
            encounter,
            f'Unknown document "{doc[:20]}". Use doc=handout or doc=summary.',
            400,
        )
    context = build_report_context(encounter, request_user=request.user)
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
