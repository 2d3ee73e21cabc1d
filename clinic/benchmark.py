"""The baseline for `make bench`: the database work every autosave must do, and nothing else.

Read the encounter through the access function, upsert one answer, add one audit row, all in one
transaction, and answer with a one-line fragment: no protocol validation beyond the item code,
no engine, no templates. The benchmark prints every figure as a ratio to this view.

Routed only when BENCHMARK_BASELINE=true (see clinic/urls.py), so normal deployments and the
URL inventory never see it.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from clinic.access import get_encounter_for_user
from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip
from exam.models import Answer
from exam.protocol import get_protocol

SIDES = ("", "left", "right")


@login_required
@require_POST
def baseline_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.POST.get("field", "")
    code, _, side = key.partition("__")
    with transaction.atomic():
        encounter = get_encounter_for_user(request.user, pk, write=True)
        # A dictionary lookup, so a flag switched on by mistake cannot store unknown items.
        if code not in get_protocol(encounter.protocol_version).items_by_code or side not in SIDES:
            return HttpResponse(
                "Unknown exam item.", status=400, content_type="text/plain; charset=utf-8"
            )
        Answer.objects.update_or_create(
            encounter=encounter,
            item=code,
            side=side,
            defaults={"value": request.POST.get(key, ""), "updated_by": request.user},
        )
        audit_record(
            action=AuditEvent.Action.UPDATED,
            user=request.user,
            encounter=encounter,
            target=f"baseline {key[:80]}",
            ip=client_ip(request),
        )
    return HttpResponse('<span class="save-state state-saved">Saved</span>\n')
