"""Hypothesis-driven bad input for every form and htmx endpoint.

Whatever arrives — HTML, SQL, control characters, huge strings, out-of-range numbers, unknown
codes, wrong sides, malformed dates — the answer is never a 500, a refusal is a 4xx with a
message, and a refused request leaves stored data exactly as it was.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.models import AuditEvent, Encounter, Patient, SignedDocument
from exam.models import Answer
from exam.protocol import get_protocol

NASTY = [
    "<script>alert(1)</script>",
    "'; DROP TABLE clinic_patient; --",
    "\x00",
    "\x07\x1b[2J",
    "x" * 5000,
    "😀" * 300,
    "-1",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999",
    "0x1F",
    "2026-02-30",
    "31/12/9999",
    "",
    " ",
    "left",
    "middle",
    "__proto__",
    "true",
    "null",
    '<link rel="attachment" href="file:///etc/passwd">',
    "url(http://127.0.0.1:1/x)",
]
nasty_text = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=300), st.text(min_size=2000, max_size=6000)
)
ITEM_KEYS = [f"{i.code}__left" if i.side_aware else i.code for i in get_protocol().items]
keys = st.one_of(
    st.sampled_from(ITEM_KEYS),
    st.sampled_from(["nope", "pain_now__left", "slr__middle", "slr", ""]),
    nasty_text,
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def snapshot():
    return (
        list(Patient.objects.order_by("pk").values_list()),
        list(
            Encounter.objects.order_by("pk").values_list(
                "pk",
                "status",
                "version",
                "decision",
                "decided_hypothesis",
                "override_reason",
                "next_appointment",
                "side",
                "referral",
                "referral_to",
                "referral_reason",
                "red_flag_gap_reason",
                "no_exam_reason",
            )
        ),
        SignedDocument.objects.count(),
        list(
            Answer.objects.order_by("pk").values_list(
                "pk", "item", "side", "value", "reason", "version"
            )
        ),
    )


def check(response, before, *, changed_ok: bool):
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400 or not changed_ok:
        assert snapshot() == before
    if response.status_code >= 400 and response.status_code not in (404, 405):
        assert response.content.strip(), "a refusal must say why"


@pytest.mark.django_db
@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "given_name": nasty_text,
            "family_name": nasty_text,
            "date_of_birth": nasty_text,
            "sex": nasty_text,
            "identifier": nasty_text,
            "phone": nasty_text,
            "email": nasty_text,
        }
    )
)
def test_patient_forms(client_a, patient_a, data):
    before = snapshot()
    check(client_a.post(reverse("clinic:patient_create"), data), before, changed_ok=True)
    before = snapshot()
    check(
        client_a.post(reverse("clinic:patient_edit", args=[patient_a.pk]), data),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.get(
            reverse("clinic:patient_list"), {"q": data["given_name"], "page": data["phone"]}
        ),
        before,
        changed_ok=False,
    )


@pytest.mark.django_db
@FUZZ
@given(key=keys, value=nasty_text, version=nasty_text, reason=nasty_text, htmx=st.booleans())
def test_autosave_endpoint(client_a, encounter_a, key, value, version, reason, htmx):
    before = snapshot()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_a.post(
        reverse("exam:answer", args=[encounter_a.pk]),
        {
            "field": key,
            key: value,
            f"{key}__version": version,
            f"{key}__reason": reason,
        },
        **headers,
    )
    check(response, before, changed_ok=True)
    if snapshot() != before:  # every stored change left an audit row
        assert AuditEvent.objects.filter(encounter=encounter_a, action="updated").exists()


@pytest.mark.django_db
@FUZZ
@given(
    step=st.sampled_from([s.slug for s in get_protocol().steps]),
    fields=st.dictionaries(st.sampled_from(ITEM_KEYS), nasty_text, max_size=6),
)
def test_step_form(client_a, encounter_a, step, fields):
    before = snapshot()
    response = client_a.post(reverse("exam:step", args=[encounter_a.pk, step]), fields)
    check(response, before, changed_ok=True)


@pytest.mark.django_db
@FUZZ
@given(
    decision=nasty_text | st.sampled_from(["accepted", "overridden"]),
    hypothesis=nasty_text | st.sampled_from(["sij_pain", "gluteal_tendinopathy"]),
    reason=nasty_text,
    appointment=nasty_text,
    version=nasty_text,
    text=nasty_text,
    side=nasty_text,
)
def test_summary_forms_and_start(
    client_a, encounter_a, decision, hypothesis, reason, appointment, version, text, side
):
    before = snapshot()
    check(
        client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {
                "decision": decision,
                "hypothesis": hypothesis,
                "reason": reason,
                "next_appointment": appointment,
                "version": version,
            },
        ),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.post(
            reverse("exam:decide", args=[encounter_a.pk]),
            {
                "decision": "overridden",
                "override_hypothesis": hypothesis,
                "reason": reason,
                "referral": side,
                "referral_to": side,
                "referral_reason": reason,
                "version": version,
            },
        ),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.post(
            reverse("exam:sign", args=[encounter_a.pk]),
            {
                "version": version,
                "confirm": "yes",
                "red_flag_gap_reason": reason,
                "no_exam_reason": text,
            },
        ),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.post(
            reverse("exam:side", args=[encounter_a.pk]), {"side": side, "version": version}
        ),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.post(reverse("exam:addendum", args=[encounter_a.pk]), {"text": text}),
        before,
        changed_ok=True,
    )
    before = snapshot()
    check(
        client_a.post(
            reverse("clinic:encounter_start", args=[encounter_a.patient.pk]),
            {"side": side, "other_side": appointment},
        ),
        before,
        changed_ok=True,
    )


@pytest.mark.django_db
@FUZZ
@given(paper=nasty_text, doc=nasty_text)
def test_report_parameters(client_a, encounter_a, paper, doc):
    before = snapshot()
    check(
        client_a.get(
            reverse("reports:preview", args=[encounter_a.pk]), {"doc": doc, "paper": paper}
        ),
        before,
        changed_ok=False,
    )
    check(
        client_a.get(reverse("reports:handout", args=[encounter_a.pk]), {"paper": paper}),
        before,
        changed_ok=False,
    )


@pytest.mark.django_db
@FUZZ
@given(username=nasty_text, password=nasty_text)
def test_login_form(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_huge_object_ids_are_404(client_a):
    for url in [
        "/patients/99999999999999999999999/",
        "/encounters/99999999999999999999/",
        "/encounters/0/step/history/",
        "/reports/123456789012345678901/handout.pdf",
    ]:
        assert client_a.get(url).status_code == 404, url
