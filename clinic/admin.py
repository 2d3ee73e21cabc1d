from django.contrib import admin
from django.core.exceptions import PermissionDenied

from clinic.models import (
    Addendum,
    AuditEvent,
    Clinic,
    Encounter,
    Membership,
    Patient,
    SignedDocument,
)
from clinic.services import audit_record, client_ip


def audit_links(obj) -> dict:
    """The patient or encounter an admin object belongs to, for its audit row."""
    if isinstance(obj, Patient):
        return {"patient": obj}
    if isinstance(obj, Encounter):
        return {"encounter": obj}
    if isinstance(obj, Addendum | SignedDocument):
        return {"encounter": obj.encounter}
    return {}


class AuditedAdmin(admin.ModelAdmin):
    """Patient data read or changed in the admin leaves audit rows, like the app's own pages."""

    def audit(self, request, action: str, target: str, obj=None) -> None:
        audit_record(
            action=action,
            user=request.user,
            target=f"admin {target}"[:200],
            ip=client_ip(request),
            **audit_links(obj),
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if getattr(response, "status_code", 200) == 200:
            query = request.GET.urlencode()[:120]
            label = self.model._meta.verbose_name_plural
            self.audit(request, AuditEvent.Action.VIEWED, f"{label} list ({query})")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 200) == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                label = self.model._meta.verbose_name
                self.audit(request, AuditEvent.Action.VIEWED, f"{label} {obj.pk}", obj)
        return response

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        action = AuditEvent.Action.UPDATED if change else AuditEvent.Action.CREATED
        fields = ", ".join(form.changed_data)[:120] or "no change"
        label = self.model._meta.verbose_name
        self.audit(request, action, f"{label} {obj.pk} ({fields})", obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "created_at"]
    fields = ["name", "phone", "email", "address"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "clinic", "created_at"]
    list_filter = ["clinic"]
    autocomplete_fields = ["user", "clinic"]


@admin.register(Patient)
class PatientAdmin(AuditedAdmin):
    """A patient with encounters never moves clinic: the other clinic would gain their records.

    The clinic field is read-only once encounters exist and a changed clinic is refused
    (SECURITY.md, "Clinic moves"); every admin edit is audited by AuditedAdmin.
    """

    list_display = ["family_name", "given_name", "identifier", "clinic", "date_of_birth"]
    list_filter = ["clinic"]
    search_fields = ["family_name", "given_name", "identifier"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.encounters.exists():
            return ["clinic"]
        return []

    def save_model(self, request, obj, form, change) -> None:
        if change and "clinic" in form.changed_data and obj.encounters.exists():
            raise PermissionDenied("A patient with encounters cannot move to another clinic.")
        super().save_model(request, obj, form, change)  # audited by AuditedAdmin

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # clinical records are retained; the audit trail points at them


@admin.register(Encounter)
class EncounterAdmin(AuditedAdmin):
    list_display = ["patient", "date", "clinician", "status", "protocol_version"]
    list_filter = ["status", "patient__clinic"]
    readonly_fields = [f.name for f in Encounter._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Addendum)
class AddendumAdmin(AuditedAdmin):
    list_display = ["encounter", "author", "created_at"]
    readonly_fields = ["encounter", "author", "text", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignedDocument)
class SignedDocumentAdmin(AuditedAdmin):
    list_display = ["encounter", "kind", "sha256", "created_at", "created_by"]
    list_filter = ["kind"]
    exclude = ["pdf"]
    readonly_fields = [
        "encounter",
        "kind",
        "addendum",
        "paper",
        "sha256",
        "created_at",
        "created_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    """Read-only: an admin reads a patient's access log by filtering on the patient."""

    list_display = ["at", "username", "action", "patient", "encounter", "target", "ip_address"]
    list_filter = ["action", "clinic"]
    search_fields = ["username", "patient__family_name", "patient__identifier", "target"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient", "encounter")
        patient_id = request.GET.get("patient__id__exact")
        if patient_id:
            queryset = queryset.filter(patient_id=patient_id)
        return queryset

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
