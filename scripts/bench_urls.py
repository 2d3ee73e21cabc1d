"""The benchmark's URLconf: the product's routes plus two views that only `make bench` calls.

* `bench_baseline`: the database work every autosave must do, and nothing else. Read the
  encounter through the access function, upsert one answer, add one audit row, all in one
  transaction, and answer with a one-line fragment: no protocol validation beyond the item code,
  no engine, no templates. The benchmark prints every figure as a ratio to this view.
* `bench_panel`: the live hypothesis panel on its own (the product renders it inside every
  autosave response, out of band), so the benchmark can time and count its queries apart.

Both sit behind the product's login (LoginRequiredMiddleware) and clinic scoping. Served only
with DJANGO_SETTINGS_MODULE=scripts.bench_settings; the product's URL inventory never sees them.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from clinic.access import get_encounter_for_user
from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip
from clinic.urls import urlpatterns as product_urlpatterns
from exam.models import Answer
from exam.protocol import get_protocol
from exam.services import answers_by_slot
from exam.views import render_panel

SIDES = ("", "left", "right")


@login_required
@require_POST
def baseline_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    key = request.POST.get("field", "")
    code, _, side = key.partition("__")
    with transaction.atomic():
        encounter = get_encounter_for_user(request.user, pk, write=True)
        # A dictionary lookup, so the benchmark cannot store unknown items either.
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


@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    return HttpResponse(render_panel(request, encounter, answers_by_slot(encounter), oob=False))


urlpatterns = [
    path("bench/baseline/<int:pk>/", baseline_autosave, name="bench_baseline"),
    path("encounters/<int:pk>/panel/", panel, name="bench_panel"),
    *product_urlpatterns,
]
