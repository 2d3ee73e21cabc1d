"""Walk every URL pattern: anonymous users are sent to login, other clinics get 404.

A new URL pattern without an entry in COVERAGE fails `test_every_url_pattern_is_covered`, so
nothing ships without an access test.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_encounter


@dataclass(frozen=True)
class Route:
    kwargs: object = None  # callable(objects) -> dict, or None
    methods: tuple[str, ...] = ("GET",)
    public: bool = False
    scoped: bool = False  # takes an object of a clinic: other clinics must get 404


def patient(o):
    return {"pk": o["patient"].pk}


def encounter(o):
    return {"pk": o["encounter"].pk}


COVERAGE: dict[str, Route] = {
    "login": Route(public=True, methods=("GET", "POST")),
    "logout": Route(methods=("POST",)),
    "password_change": Route(methods=("GET", "POST")),
    "password_change_done": Route(),
    "clinic:patient_list": Route(),
    "clinic:patient_create": Route(methods=("GET", "POST")),
    "clinic:patient_detail": Route(kwargs=patient, scoped=True),
    "clinic:patient_edit": Route(kwargs=patient, scoped=True, methods=("GET", "POST")),
    "clinic:encounter_start": Route(kwargs=patient, scoped=True, methods=("POST",)),
    "clinic:follow_up_start": Route(kwargs=patient, scoped=True, methods=("POST",)),
    "clinic:session_keepalive": Route(methods=("POST",)),
    "exam:encounter": Route(kwargs=encounter, scoped=True),
    "exam:step": Route(
        kwargs=lambda o: {"pk": o["encounter"].pk, "step": "history"},
        scoped=True,
        methods=("GET", "POST"),
    ),
    "exam:answer": Route(kwargs=encounter, scoped=True, methods=("POST",)),
    "exam:bulk": Route(
        kwargs=lambda o: {"pk": o["encounter"].pk, "step": "red-flags"},
        scoped=True,
        methods=("POST",),
    ),
    "exam:decide": Route(kwargs=encounter, scoped=True, methods=("POST",)),
    "exam:sign": Route(kwargs=encounter, scoped=True, methods=("GET", "POST")),
    "exam:side": Route(kwargs=encounter, scoped=True, methods=("POST",)),
    "exam:addendum": Route(kwargs=encounter, scoped=True, methods=("POST",)),
    "exam:phase": Route(kwargs=encounter, scoped=True, methods=("POST",)),
    "reports:handout": Route(kwargs=encounter, scoped=True),
    "reports:summary": Route(kwargs=encounter, scoped=True),
    "reports:preview": Route(kwargs=encounter, scoped=True),
    "reports:referral": Route(kwargs=encounter, scoped=True),
    "reports:addendum": Route(
        kwargs=lambda o: {"pk": o["encounter"].pk, "addendum_id": 1}, scoped=True
    ),
}


def walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue  # Django admin has its own staff-only login (tested separately)
            yield from walk(entry, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else repr(entry.pattern)


def all_url_names():
    return sorted(set(walk(get_resolver())))


def test_every_url_pattern_is_covered():
    missing = [name for name in all_url_names() if name not in COVERAGE]
    assert not missing, f"Add access coverage for new URL patterns: {missing}"
    stale = [name for name in COVERAGE if name not in all_url_names()]
    assert not stale, f"COVERAGE lists URL names that no longer exist: {stale}"


@pytest.fixture
def objects(patient_a, clinician_a):
    return {
        "patient": patient_a,
        "encounter": make_encounter(patient=patient_a, clinician=clinician_a),
    }


def url_for(name, objects):
    route = COVERAGE[name]
    return reverse(name, kwargs=route.kwargs(objects) if route.kwargs else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, r in COVERAGE.items() if not r.public])
def test_anonymous_is_redirected_to_login(client, objects, name):
    url = url_for(name, objects)
    for method in COVERAGE[name].methods:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login")), (name, method)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, r in COVERAGE.items() if r.scoped])
@pytest.mark.parametrize("htmx", [False, True])
def test_other_clinic_gets_404(client_b, objects, name, htmx):
    url = url_for(name, objects)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for method in COVERAGE[name].methods + ("POST",):
        response = getattr(client_b, method.lower())(url, **headers)
        assert response.status_code in (404, 405), (name, method, response.status_code)
        if method in COVERAGE[name].methods:
            assert response.status_code == 404, (name, method)


@pytest.mark.django_db
def test_admin_requires_staff(client, client_a):
    assert client.get(reverse("admin:index")).status_code == 302
    assert client_a.get(reverse("admin:index")).status_code == 302  # clinician, not staff


STATE_CHANGING = [n for n, r in COVERAGE.items() if r.methods == ("POST",)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", STATE_CHANGING)
def test_state_changing_routes_need_a_csrf_token_and_refuse_get(clinician_a, objects, name):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a)
    url = url_for(name, objects)
    before = _snapshot()
    assert (
        client.post(url, {"side": "left", "field": "pain_now", "pain_now": "3"}).status_code == 403
    )
    assert client.get(url).status_code == 405
    assert _snapshot() == before


@pytest.mark.django_db
def test_forms_with_get_and_post_also_need_a_csrf_token(clinician_a, objects):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician_a)
    before = _snapshot()
    for name in [n for n, r in COVERAGE.items() if "POST" in r.methods and "GET" in r.methods]:
        if COVERAGE[name].public:
            continue
        response = client.post(url_for(name, objects), {"given_name": "X"})
        assert response.status_code == 403, name
    assert _snapshot() == before


def _snapshot():
    from clinic.models import Encounter, Patient
    from exam.models import Answer

    return (
        list(Patient.objects.values_list("pk", "given_name", "family_name", "identifier")),
        list(Encounter.objects.values_list("pk", "status", "version", "decision")),
        list(Answer.objects.values_list("pk", "value", "version")),
    )
