import time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic import services
from clinic.access import (
    clinics_for_user,
    get_encounter_for_user,
    get_patient_for_user,
    patients_for_user,
)
from clinic.forms import EncounterStartForm, PatientForm, PatientSearchForm
from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip
from exam.protocol import PROTOCOL_VERSION

PATIENTS_PER_PAGE = 20


@require_GET
def patient_list(request: HttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    patients = patients_for_user(request.user).select_related("clinic")
    if query:
        terms = query.split()
        for term in terms[:5]:
            patients = patients.filter(
                Q(given_name__icontains=term)
                | Q(family_name__icontains=term)
                | Q(identifier__icontains=term)
            )
    page = Paginator(patients, PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    audit_record(
        action=AuditEvent.Action.VIEWED,
        user=request.user,
        target=f"patient list (search: {query[:60]!r}, page {page.number})",
        ip=client_ip(request),
    )
    context = {
        "form": form,
        "query": query,
        "page": page,
        "show_clinic": clinics_for_user(request.user).count() > 1,
        "has_clinic": clinics_for_user(request.user).exists(),
    }
    template = "clinic/patient_list.html"
    if request.htmx and request.htmx.target == "patient-results":
        template += "#patient-results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def patient_create(request: HttpRequest) -> HttpResponse:
    clinics = clinics_for_user(request.user)
    if not clinics.exists():
        messages.error(request, "You are not a member of any clinic yet. Ask your clinic admin.")
        return redirect("clinic:patient_list")
    form = PatientForm(request.POST or None, clinics=clinics)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "clinic"}
        try:
            patient = services.patient_create(
                clinic=form.clinic,
                by=request.user,
                ip=client_ip(request),
                allow_duplicate=request.POST.get("create_anyway") == "yes",
                **fields,
            )
        except services.PossibleDuplicate as duplicate:
            return render(
                request,
                "clinic/patient_form.html",
                {"form": form, "patient": None, "duplicate": duplicate},
                status=409,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added {patient.full_name}.")
            return redirect(patient)
    status = 400 if form.errors else 200
    return render(
        request, "clinic/patient_form.html", {"form": form, "patient": None}, status=status
    )


@require_GET
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    audit_record(
        action=AuditEvent.Action.VIEWED,
        user=request.user,
        patient=patient,
        target=f"patient {patient.pk}",
        ip=client_ip(request),
    )
    return _patient_page(request, patient, start_form=EncounterStartForm())


@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    form = PatientForm(
        request.POST or None, instance=patient, clinics=clinics_for_user(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(
                patient=patient, by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Patient details saved.")
            return redirect(patient)
    if request.method == "POST":
        patient.refresh_from_db()  # the form mutated the instance; show stored values
    audit_record(
        action=AuditEvent.Action.VIEWED,
        user=request.user,
        patient=patient,
        target=f"patient {patient.pk} edit form",
        ip=client_ip(request),
    )
    status = 400 if form.errors else 200
    return render(
        request, "clinic/patient_form.html", {"form": form, "patient": patient}, status=status
    )


def patient_timeline(encounters) -> list[dict]:
    """Visits in date order with their key numbers: average pain over the last week (NPRS),
    pain now, the decided hypothesis, the phase in force after the visit."""
    from exam.models import Answer
    from exam.protocol import get_protocol

    visits = sorted(encounters, key=lambda e: (e.date, e.created_at))
    pain = dict(
        Answer.objects.filter(encounter__in=visits, item="pain_now", side="").values_list(
            "encounter_id", "value"
        )
    )
    from exam.models import OutcomeValue

    nprs = dict(
        OutcomeValue.objects.filter(encounter__in=visits, item="nprs_average", side="").values_list(
            "encounter_id", "value"
        )
    )
    rows = []
    for e in visits:
        hypothesis = ""
        if e.decided_hypothesis:
            found = get_protocol(e.protocol_version).hypotheses_by_code.get(e.decided_hypothesis)
            hypothesis = found.label if found else e.decided_hypothesis
        rows.append(
            {
                "encounter": e,
                "pain": pain.get(e.pk),
                "nprs": nprs.get(e.pk),
                "hypothesis": hypothesis,
                "phase": e.phase if e.decided_hypothesis else None,
            }
        )
    return rows


def _patient_page(
    request, patient, *, start_form, other_side_draft=None, follow_up_error="", status=200
):
    encounters = list(
        patient.encounters.select_related("clinician")
        .annotate(
            answer_count=Count("answers", distinct=True),
            follow_up_count=Count("follow_ups", distinct=True),
        )
        .order_by("-date", "-created_at")
    )
    # A signed visit nothing follows yet can be followed up.
    can_follow = [e for e in encounters if e.is_signed and not e.follow_up_count]
    timeline = patient_timeline(encounters)
    from reports.services import course_progress

    return render(
        request,
        "clinic/patient_detail.html",
        {
            "patient": patient,
            "encounters": encounters,
            "start_form": start_form,
            "other_side_draft": other_side_draft,
            "can_follow": can_follow,
            "follow_up_error": follow_up_error,
            "timeline": timeline,
            "progress": course_progress(timeline[-1]["encounter"]) if len(timeline) > 1 else None,
        },
        status=status,
    )


@require_POST
def follow_up_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or resume) the follow-up of one of this patient's signed visits."""
    from exam.protocol import ProtocolError
    from exam.services import encounter_start_follow_up

    patient = get_patient_for_user(request.user, pk)
    previous = get_encounter_for_user(request.user, request.POST.get("previous"))
    if previous.patient_id != patient.pk:
        return _patient_page(
            request,
            patient,
            start_form=EncounterStartForm(),
            follow_up_error="That visit belongs to another patient: reload the page.",
            status=400,
        )
    try:
        encounter, created = encounter_start_follow_up(
            previous=previous, by=request.user, ip=client_ip(request)
        )
    except ProtocolError as error:
        return _patient_page(
            request,
            patient,
            start_form=EncounterStartForm(),
            follow_up_error=str(error),
            status=400,
        )
    if not created:
        messages.info(
            request, f"Resumed the unfinished follow-up (visit {encounter.visit_number})."
        )
    return redirect(encounter)


@require_POST
def encounter_start(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_for_user(request.user, pk)
    form = EncounterStartForm(request.POST)
    if not form.is_valid():
        return _patient_page(request, patient, start_form=form, status=400)
    try:
        encounter, created = services.encounter_start(
            patient=patient,
            by=request.user,
            side=form.cleaned_data["side"],
            protocol_version=PROTOCOL_VERSION,
            other_side=form.cleaned_data["other_side"],
            ip=client_ip(request),
        )
    except services.OtherSideDraft as question:
        return _patient_page(
            request, patient, start_form=form, other_side_draft=question.draft, status=409
        )
    if not created:
        messages.info(
            request,
            f"Resumed your unfinished {encounter.get_side_display().lower()}-side exam from today.",
        )
    return redirect(encounter)


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The one-tap "stay signed in": restarts the idle clock."""
    request.session["last_activity"] = int(time.time())
    return HttpResponse(status=204)


_password_change_view = auth_views.PasswordChangeView.as_view()


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Django's own password change (old password, new one twice, validators), audited."""
    with transaction.atomic():
        response = _password_change_view(request)
        if request.method == "POST" and response.status_code == 302:
            audit_record(
                action=AuditEvent.Action.UPDATED,
                user=request.user,
                target="own password changed",
                ip=client_ip(request),
            )
    if request.method == "POST" and response.status_code == 200:
        response.status_code = 400  # the form was refused
    return response
