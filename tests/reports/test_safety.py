"""Safe rendering: nothing outside our static files is ever fetched, patient text is escaped,
rendering is bounded and never runs inside a write transaction.

PERMANENT regression tests: do not weaken them to make a template change pass.
"""

import io
import re
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from clinic.models import Addendum
from exam.services import addendum_add
from reports import pdf as pdf_module
from reports.pdf import STATIC_DIR, FetchRefused, StaticOnlyFetcher, render_pdf, run_with_deadline
from reports.services import build_report_context, render_summary_pdf
from tests.factories import make_clinic, make_encounter, make_patient, make_user
from tests.reports.conftest import GLUTEAL_TENDINOPATHY, decide, pdf_pages_text, record, sign


@pytest.fixture
def trap():
    """A TCP listener on 127.0.0.1 that counts every connection made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    hits: list = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            hits.append(addr)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield SimpleNamespace(port=server.getsockname()[1], hits=hits)
    stop.set()
    thread.join(2)
    server.close()


def assert_trap_works(trap):
    """Positive control: the listener really counts connections."""
    socket.create_connection(("127.0.0.1", trap.port), timeout=2).close()
    deadline = time.monotonic() + 2
    while not trap.hits and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(trap.hits) == 1


def payloads(port: int) -> dict[str, str]:
    attach = '<link rel="attachment" href="file:///etc/passwd">'
    img = f'<img src="http://127.0.0.1:{port}/x">'
    css = f'<p style="background:url(http://127.0.0.1:{port}/y)">'
    short = f"<img src=http://127.0.0.1:{port}/i>"  # fits the 40-character fields
    style = f"<style>@import url(http://127.0.0.1:{port}/z.css);</style>"
    return {
        "attach": attach,
        "img": img,
        "css": css,
        "short": short,
        "style": style,
        "all": attach + img + css + style,
    }


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_no_embedded_files_or_links(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    root = reader.trailer["/Root"]
    if "/Names" in root:
        assert "/EmbeddedFiles" not in root["/Names"]
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            assert annot.get("/Subtype") != "/FileAttachment"
            action = annot.get("/A")
            if action is not None:
                uri = str(action.get_object().get("/URI", ""))
                assert "127.0.0.1" not in uri and not uri.startswith("file:")
    assert b"root:x:0:0" not in pdf


@pytest.fixture
def recorded_fetchers(monkeypatch):
    """Every fetcher the views create, so the test can see each URL WeasyPrint asked for."""
    made: list[StaticOnlyFetcher] = []

    class Recording(StaticOnlyFetcher):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(pdf_module, "StaticOnlyFetcher", Recording)
    return made


@pytest.mark.django_db
def test_free_text_is_printed_as_text_and_nothing_is_fetched(client, trap, recorded_fetchers):
    p = payloads(trap.port)
    # Clinic names hold 200 characters (PostgreSQL enforces it): the style payload goes elsewhere.
    clinic = make_clinic("Clinic " + p["attach"] + p["img"] + p["css"])
    clinician = make_user(clinic=clinic, first_name=p["img"], last_name=p["css"])
    patient = make_patient(
        clinic=clinic,
        given_name=p["attach"] + p["img"][:40],
        family_name=p["css"],
        identifier=p["short"],
        phone=p["short"],
        email=p["all"],
    )
    encounter = make_encounter(patient=patient, clinician=clinician)
    record(encounter, clinician, GLUTEAL_TENDINOPATHY[:-12] + [("function_goals", None, p["all"])])
    decide(
        encounter,
        clinician,
        hypothesis="sij_pain",
        decision="overridden",
        reason=p["all"],
        next_appointment=p["img"] + p["short"],
    )
    sign(encounter, clinician)
    encounter.refresh_from_db()
    addendum_add(encounter=encounter, text=p["all"], by=clinician)
    assert Addendum.objects.filter(encounter=encounter).count() == 1
    client.force_login(clinician)

    for name in ("reports:handout", "reports:summary"):
        response = client.get(reverse(name, args=[encounter.pk]))
        assert response.status_code == 200, name
        pdf = response.content
        assert_no_embedded_files_or_links(pdf)
        text = squash(" ".join(pdf_pages_text(pdf)))
        # The markup is visible as text: it was escaped, not interpreted.
        for key in ("img", "css", "short"):
            assert squash(p[key]) in text, (name, key)
        if name == "reports:summary":
            for key in ("attach", "style", "all"):
                assert squash(p[key]) in text, (name, key)

    preview = client.get(reverse("reports:preview", args=[encounter.pk])).content.decode()
    assert f'<img src="http://127.0.0.1:{trap.port}' not in preview
    assert '<link rel="attachment"' not in preview
    assert "&lt;img src=&quot;http://127.0.0.1" in preview

    # Rendered once each: handout and summary at signing, the addendum when added. The prints
    # above served those stored bytes and fetched nothing.
    assert len(recorded_fetchers) == 3
    for fetcher in recorded_fetchers:
        assert fetcher.refused == []
        for url in fetcher.requested:
            assert url.startswith(("data:", STATIC_DIR.as_uri() + "/")), url
    assert trap.hits == []
    assert_trap_works(trap)


def test_fetcher_blocks_markup_that_slipped_through(trap):
    """If escaping ever failed, the fetcher still refuses every URL outside static/data:."""
    port = trap.port
    html = f"""<!doctype html><html lang="en"><head><title>t</title>
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="../../clinic/settings.py">
      <link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">
      <style>@import url(http://127.0.0.1:{port}/b.css);
             @font-face {{ font-family: x; src: url(https://127.0.0.1:{port}/f.woff); }}
             body {{ background: url(http://127.0.0.1:{port}/y); }}</style></head>
      <body><img src="http://127.0.0.1:{port}/x" alt="x"><img src="file:///etc/hostname" alt="">
      <img src="ftp://127.0.0.1:{port}/f" alt=""><img src="img/../../../etc/passwd" alt="">
      <img src="img/favicon.svg" alt="ok">
      <img alt="" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'
           width='4' height='4'/%3E">
      <p>text</p></body></html>"""
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(html, title="test", url_fetcher=fetcher)

    assert_no_embedded_files_or_links(pdf)
    assert trap.hits == []
    refused = " ".join(fetcher.refused)
    for fragment in (
        "file:///etc/passwd",
        "/clinic/settings.py",
        "/a.css",
        "/b.css",
        "/f.woff",
        f"127.0.0.1:{port}/y",
        f"127.0.0.1:{port}/x",
        "/etc/hostname",
        "ftp://",
    ):
        assert fragment in refused, fragment
    allowed = [u for u in fetcher.requested if u not in fetcher.refused]
    assert (STATIC_DIR / "img" / "favicon.svg").as_uri() in allowed
    assert any(u.startswith("data:") for u in allowed)
    assert_trap_works(trap)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://127.0.0.1/x",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "file://otherhost" + str(STATIC_DIR / "css" / "print.css"),
        STATIC_DIR.as_uri() + "/../clinic/settings.py",
        STATIC_DIR.as_uri() + "/%2e%2e/clinic/settings.py",
        STATIC_DIR.as_uri() + "/css/does-not-exist.css",
        STATIC_DIR.as_uri() + "/css",
        "javascript:alert(1)",
        "gopher://127.0.0.1/",
    ],
)
def test_fetcher_refuses(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.requested == [url]
    assert fetcher.refused == [url]


def test_fetcher_refuses_a_symlink_out_of_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (static / "link.txt").symlink_to(secret)
    (static / "ok.css").write_text("p { color: red }")
    fetcher = StaticOnlyFetcher(static_dir=static)
    with pytest.raises(FetchRefused):
        fetcher.fetch((static / "link.txt").as_uri())
    assert fetcher.fetch((static / "ok.css").as_uri()).read() == b"p { color: red }"


def test_fetcher_serves_static_files_and_data_uris():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch((STATIC_DIR / "css" / "print.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher.refused == []


@pytest.mark.django_db
def test_rendering_inside_a_transaction_is_refused(gt_encounter):
    context = build_report_context(gt_encounter)
    with transaction.atomic(), pytest.raises(RuntimeError, match="inside a database transaction"):
        render_summary_pdf(context=context)
    assert render_summary_pdf(context=context).startswith(b"%PDF-")


def test_deadline_stops_runaway_work_and_leaves_nothing_pending():
    def spin():
        while True:
            pass

    started = time.perf_counter()
    with pytest.raises(pdf_module._Interrupted):
        run_with_deadline(spin, 0.05)
    assert time.perf_counter() - started < 2
    assert run_with_deadline(lambda: 42, 5) == 42
    outcomes = set()
    for _ in range(300):  # work that ends right at the deadline: stopped or done, never leaked
        try:
            outcomes.add(run_with_deadline(lambda: sum(range(3000)), 0.0002))
        except pdf_module._Interrupted:
            outcomes.add("stopped")
    assert outcomes <= {sum(range(3000)), "stopped"}
    for _ in range(50):  # a leaked pending exception would surface in this ordinary code
        time.sleep(0.002)
        sum(range(10_000))
