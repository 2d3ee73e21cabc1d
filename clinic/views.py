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
from clinic.access import clinics_for_user, get_patient_for_user, patients_for_user
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


def _patient_page(request, patient, *, start_form, other_side_draft=None, status=200):
    encounters = (
        patient.encounters.select_related("clinician")
        .annotate(answer_count=Count("answers"))
        .order_by("-date", "-created_at")
    )
    return render(
        request,
        "clinic/patient_detail.html",
        {
            "patient": patient,
            "encounters": encounters,
            "start_form": start_form,
            "other_side_draft": other_side_draft,
        },
        status=status,
    )


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
