"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright at tablet size, with touch."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import TEST_PASSWORD, make_clinic, make_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
PORTRAIT = {"width": 810, "height": 1080}
LANDSCAPE = {"width": 1080, "height": 810}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's "
            "chromium) or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": PORTRAIT,
        "has_touch": True,
        "device_scale_factor": 1,
    }


@pytest.fixture
def clinician(transactional_db):
    clinic = make_clinic("Browser Test Clinic (synthetic)")
    return make_user(
        clinic=clinic, username="tablet_tester", first_name="Tabby", last_name="Testerson"
    )


@pytest.fixture
def logged_in(page, live_server, clinician):
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", clinician.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.console_errors = errors
    return page


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def open_fold(page, key: str) -> None:
    """Focused exam (the default): tap a folded group open, as a person would, when the control
    for `key` (an item code, or code__side) sits in one."""
    summary = page.locator(f"details.group-fold:not([open]):has(#slot-{key}) > summary")
    if summary.count():
        summary.tap()


def login_without_js(browser, live_server, clinician):
    """A signed-in tablet with JavaScript switched off: every step must still work as a form."""
    context = browser.new_context(
        viewport=PORTRAIT, has_touch=True, device_scale_factor=1, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", clinician.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "rules": {"target-size": {"enabled": True}},
}


def assert_axe_clean(page, where: str) -> None:
    """axe (WCAG 2.2 AA + best practice, target-size on): no serious or critical finding."""
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.response["passes"], "axe did not evaluate any rule"
    assert any(
        p["id"] == "target-size"
        for p in results.response["passes"]
        + results.response["violations"]
        + results.response["incomplete"]
    ), "axe did not evaluate target-size"
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{where}: " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in bad
    )
