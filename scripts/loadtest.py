#!/usr/bin/env python
"""A small load harness: the app under gunicorn in production mode, clinicians over plain HTTP.

Shared by `make bench` (scripts/bench.py) and the concurrency test (tests/test_load.py), so the
set-up, the simulated clinician and the statistics exist once. HTTP through requests (a test
dependency), psycopg (an app dependency) to create and drop a PostgreSQL database.

What it does:

* `Server` prepares a fresh database (an SQLite file in a work folder, or a dedicated
  PostgreSQL database), runs `migrate` and `collectstatic`, seeds synthetic clinicians and
  encounters, and starts gunicorn on 127.0.0.1 with a free port and production settings
  (DEBUG=false, a generated SECRET_KEY, secure cookies; requests say `X-Forwarded-Proto: https`
  as a TLS proxy would, with BEHIND_TLS_PROXY=true). It always stops gunicorn and drops the
  database on exit.
* `Browser` is one clinician's tablet: a requests.Session with cookies, CSRF token and htmx
  headers (gunicorn's sync workers close every connection, so each request connects anew).
* `clinician_session` is the realistic session used by the benchmark (log in, open the
  encounter, visit each step and answer ~80 items through the autosave endpoint, refresh the
  live panel, open the summary, print both PDFs); `write_storm` is the write-heavy session used
  by the concurrency test (save, change and clear answers as fast as possible for N seconds and
  remember every acknowledged value); `verify_acknowledged` checks them against the database.

Command line (each run uses its own database and gunicorn, traffic only to 127.0.0.1):

    python scripts/loadtest.py --db sqlite --clinicians 16 --seconds 10
    python scripts/loadtest.py --db postgres --pg-url postgres://postgres@127.0.0.1:5432/postgres

The subcommands `seed`, `dump`, `count-queries` and `profile` run inside the server's environment
(a subprocess with the same variables) and print JSON; the harness calls them itself.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html.parser
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics

# Reviewed: benchmark tooling starts gunicorn/manage.py by absolute path, no shell.
import subprocess  # noqa: S404  (runs manage.py and gunicorn from this repository only)
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

HOST = "127.0.0.1"
# Reviewed: synthetic password for throwaway load-test users on a temporary database.
PASSWORD = "synthetic-load-test-password-42"  # noqa: S105  (throwaway accounts in a throwaway DB)
DEFAULT_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SIDES = ("left", "right")
LOG_PROBLEMS = (
    "database is locked",
    "Traceback",
    "[CRITICAL]",
    "WORKER TIMEOUT",
    "Internal Server Error",
)


class HarnessError(RuntimeError):
    """The harness could not set up or reach the server; the message says why."""


def default_workers() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- Databases ----------------------------------------------------------------------------------


class SqliteDatabase:
    vendor = "sqlite"
    label = "SQLite (WAL, IMMEDIATE)"

    def __init__(self, directory: Path):
        self.path = Path(directory) / "db.sqlite3"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove()

    def drop(self) -> None:
        self._remove()


class PostgresDatabase:
    """A dedicated database next to the one in `admin_url` (created fresh, dropped after)."""

    vendor = "postgresql"
    label = "PostgreSQL"

    def __init__(self, admin_url: str, name: str):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise HarnessError(f"Unsafe database name {name!r}.")
        self.admin_url = admin_url
        self.name = name

    @property
    def url(self) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, ""))

    def _execute(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self) -> None:
        self.drop()
        self._execute("CREATE DATABASE {}")

    def drop(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def postgres_problem(admin_url: str) -> str | None:
    """None when PostgreSQL answers at admin_url, else the reason in one line."""
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001  (any failure means "not available", with why)
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error) else ''}"
    return None


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


# --- The server ---------------------------------------------------------------------------------

GUNICORN_CONF = REPO / "gunicorn.conf.py"  # the deployment's own settings; bind etc. per run


def app_dropping_updates():
    """WSGI app for the load test's regression check ONLY: changes to an existing answer are
    acknowledged ("Saved", new version) but never written. The load test must fail on it."""
    from clinic.wsgi import application
    from exam.models import Answer

    original = Answer.save

    def save(self, *args, **kwargs):
        if self.pk is not None and kwargs.get("update_fields"):
            return None  # the deliberate bug: the update is dropped
        return original(self, *args, **kwargs)

    Answer.save = save
    return application


@dataclass
class Server:
    """One gunicorn serving the app on a fresh database. Use as a context manager."""

    database: SqliteDatabase | PostgresDatabase
    workdir: Path
    workers: int = field(default_factory=default_workers)
    worker_class: str = "sync"  # as in the README's deployment; "gthread" with threads > 1
    threads: int = 1
    baseline: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    ready_timeout: float = 60.0
    drop_updates: bool = False  # regression check of the load test only (app_dropping_updates)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir)
        self.port = free_port()
        self.secret_key = secrets.token_urlsafe(50)
        self.proc: subprocess.Popen | None = None
        self.stderr_path = self.workdir / "gunicorn.stderr.log"
        self.started_at = 0.0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
        if self.baseline:  # the benchmark's own views (scripts/bench_urls.py) on top of the app's
            env["DJANGO_SETTINGS_MODULE"] = "scripts.bench_settings"
        env.update(
            {
                "DEBUG": "false",
                "SECRET_KEY": self.secret_key,
                "AUDIT_HMAC_KEY": self.secret_key,
                "ALLOWED_HOSTS": f"{HOST},localhost",
                "DATABASE_URL": self.database.url,
                "DATA_DIR": str(self.workdir),
                "SECURE_SSL_REDIRECT": "false",
                "BEHIND_TLS_PROXY": "true",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def run_python(self, args: list[str], *, timeout: float = 180, env=None) -> str:
        command = [sys.executable, *args]
        # Reviewed: fixed executable (sys.executable / gunicorn), arguments built here, no shell.
        result = subprocess.run(  # noqa: S603
            command,
            cwd=REPO,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise HarnessError(
                f"`{' '.join(args)}` failed with exit code {result.returncode}:\n"
                f"{(result.stdout + result.stderr)[-4000:]}"
            )
        return result.stdout

    def manage(self, *args: str, timeout: float = 180) -> str:
        return self.run_python(["manage.py", *args], timeout=timeout)

    def harness(self, *args: str, timeout: float = 180, **env: str) -> dict | list:
        out = self.run_python(
            [str(Path(__file__).resolve()), *args], timeout=timeout, env=self.env(**env)
        )
        return json.loads(out.strip().splitlines()[-1])

    def prepare(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        try:
            self.database.create()
        except Exception as error:
            raise HarnessError(
                f"Could not create the {self.database.label} database: {error}"
            ) from error
        self.manage("migrate", "--noinput", "-v", "0")
        # The manifest storage of production (DEBUG=false) refuses to render without it.
        self.manage("collectstatic", "--noinput", "-v", "0")

    def seed(self, *, clinicians: int, encounters_each: int = 1) -> list[dict]:
        """Create synthetic accounts; returns [{"username", "encounters": [pk, ...]}, ...]."""
        return self.harness(
            "seed", "--clinicians", str(clinicians), "--encounters-each", str(encounters_each)
        )  # type: ignore[return-value]

    def gunicorn_command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--graceful-timeout",
            "5",
        ]
        if self.drop_updates:
            command += ["--pythonpath", str(Path(__file__).resolve().parent)]
            command += ["loadtest:app_dropping_updates()"]
        return command

    def start(self) -> None:
        self.stderr_file = open(self.stderr_path, "w")  # noqa: SIM115  (closed in stop())
        # Reviewed: fixed executable (sys.executable / gunicorn), arguments built here, no shell.
        self.proc = subprocess.Popen(  # noqa: S603
            self.gunicorn_command(),
            cwd=REPO,
            env=self.env(),
            stdout=self.stderr_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started_at = time.monotonic()
        deadline = time.monotonic() + self.ready_timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError(
                    f"gunicorn exited with code {self.proc.returncode} before serving:\n"
                    f"{self.log_tail()}"
                )
            try:
                status = Browser(self.base_url, timeout=5).request("GET", "/login/").status
                if status == 200:
                    return
                last_error = f"GET /login/ answered {status}"
            except OSError as error:
                last_error = f"{type(error).__name__}: {error}"
            time.sleep(0.2)
        raise HarnessError(
            f"gunicorn did not serve /login/ within {self.ready_timeout:.0f} s "
            f"({last_error}):\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group only
                self.proc.wait(timeout=5)
        if getattr(self, "stderr_file", None) is not None:
            self.stderr_file.close()
            self.stderr_file = None

    def log(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def log_tail(self, chars: int = 4000) -> str:
        return self.log()[-chars:] or "(gunicorn wrote nothing)"

    def log_problems(self) -> list[str]:
        """Lines of gunicorn's output that show an error ("database is locked", tracebacks)."""
        return [
            line
            for line in self.log().splitlines()
            if any(marker in line for marker in LOG_PROBLEMS)
        ]

    def __enter__(self) -> Server:
        try:
            self.prepare()
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        try:
            self.stop()
        finally:
            with contextlib.suppress(Exception):
                self.database.drop()

    def __exit__(self, *exc) -> None:
        self.close()


# --- One clinician's tablet ---------------------------------------------------------------------


class ResponseError(AssertionError):
    pass


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes  # as served (still gzip-compressed when the server compressed it)
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class Browser:
    """One tablet: a requests.Session with cookies, CSRF and htmx headers, no redirects."""

    def __init__(self, base_url: str, *, timeout: float = 60.0):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or HOST, parts.port or 80
        if self.host not in (HOST, "localhost"):
            raise HarnessError("The harness only talks to 127.0.0.1.")
        self.base_url = f"http://{self.host}:{self.port}"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # never a proxy from the environment: loopback only
        self.session.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "User-Agent": "hip-exam-loadtest/1",
                "Accept-Encoding": "identity",
            }
        )
        # What a browser behind the TLS proxy sends: https origin, same host and port.
        self.origin = f"https://{self.host}:{self.port}"

    @property
    def cookies(self) -> requests.cookies.RequestsCookieJar:
        return self.session.cookies

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent: dict[str, str] = {}
        if method != "GET":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        sent.update(headers or {})
        started = time.perf_counter()
        with self.session.request(
            method,
            self.base_url + path,
            data=data,
            headers=sent,
            allow_redirects=False,
            timeout=self.timeout,
            stream=True,
        ) as response:
            body = response.raw.read(decode_content=False)
        ms = (time.perf_counter() - started) * 1000
        for cookie in self.session.cookies:
            # The app's cookies are Secure; plain HTTP to 127.0.0.1 stands in for the TLS proxy.
            cookie.secure = False
        return Response(response.status_code, response.headers, body, ms)

    def login(self, username: str, password: str = PASSWORD) -> Response:
        page = self.request("GET", "/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or not match:
            raise ResponseError(f"GET /login/ gave {page.status} without a CSRF token.")
        response = self.request(
            "POST",
            "/login/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "username": username,
                "password": password,
                "next": "",
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise ResponseError(
                f"Login of {username} failed: {response.status} {response.text[:300]!r}"
            )
        return response

    def htmx(
        self, method: str, path: str, *, current: str, target: str = "", data: dict | None = None
    ) -> Response:
        headers = {"HX-Request": "true", "HX-Current-URL": self.origin + current}
        if target:
            headers["HX-Target"] = target
        return self.request(method, path, data=data, headers=headers)


# --- What the clinicians answer -----------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAnswer:
    code: str
    side: str  # "" when the item is not side-aware
    step: str
    raw: str  # what the form posts
    expected: object  # what the database must then hold (None: no answer)

    @property
    def key(self) -> str:
        return f"{self.code}__{self.side}" if self.side else self.code


def protocol():
    from exam.protocol import get_protocol

    return get_protocol()


def all_slots(proto=None) -> list[tuple]:
    """Every answerable (item, side) of the protocol, in protocol order.

    The age band is derived from the date of birth, not answered, so it is left out.
    """
    proto = proto or protocol()
    return [
        (item, side)
        for item in proto.items
        if item.code != "age_band"
        for side in (SIDES if item.side_aware else ("",))
    ]


def random_value(item, rng: random.Random, *, avoid: object = None) -> tuple[str, object]:
    """A valid (posted text, stored value) for an item; different from `avoid` when possible."""
    from exam.protocol.types import (
        CHOICE_TYPES,
        FORCE,
        INTEGER_TYPES,
        NOT_TESTED,
        REGION,
        TEXT,
        YES_NO_UNSURE,
    )
    from exam.protocol.v2027_02 import NEWTONS_PER_KG

    for _ in range(20):
        kind = item.answer_type
        if kind == REGION:
            raw, value = ("true", True) if avoid is not True else ("false", False)
        elif kind == TEXT:
            value = rng.choice(
                (
                    "Run 10 km again without pain (synthetic).",
                    "Sit through a working day (synthetic).",
                    "Play with the grandchildren (synthetic).",
                )
            )
            raw = value
        elif kind in CHOICE_TYPES:
            choices = [c for c in item.choice_values if c != NOT_TESTED]
            if item.step == "red-flags" and kind == YES_NO_UNSURE and avoid is None:
                value = "no" if rng.random() < 0.9 else "unsure"  # the usual screen
            else:
                value = rng.choice(choices)
            raw = value
        else:
            low = int(item.min_value or 0)
            high = int(item.max_value if item.max_value is not None else 100)
            if kind == FORCE:  # 120-320 N, in the item's unit (kg from protocol 2027.02)
                newtons = rng.uniform(120, 320)
                value = round(newtons / NEWTONS_PER_KG if item.unit == "kg" else newtons, 1)
            elif kind in INTEGER_TYPES:
                lowest = max(low, high - 2) if high <= 5 else low  # MRC grades 3–5
                value = rng.randint(lowest, min(high, 60) if high > 10 else high)
            else:
                value = float(rng.randint(low, min(high, 60)))
            raw = f"{value:g}" if isinstance(value, float) else str(value)
        if value != avoid:
            return raw, value
    return raw, value


def answer_plan(*, count: int = 80, seed: int = 7) -> list[PlannedAnswer]:
    """About `count` realistic answers spread over every step, in protocol order."""
    from exam.protocol.types import REGION

    # Reviewed: pseudo-random choice of synthetic answers and pauses, not security.
    rng = random.Random(seed)
    slots = all_slots()
    regions = [s for s in slots if s[0].answer_type == REGION]
    others = [s for s in slots if s[0].answer_type != REGION]
    chosen = set(rng.sample(range(len(others)), min(count - 2, len(others))))
    picked = rng.sample(regions, 2) + [s for i, s in enumerate(others) if i in chosen]
    order = {(item.code, side): i for i, (item, side) in enumerate(slots)}
    picked.sort(key=lambda s: order[(s[0].code, s[1])])
    plan = []
    for item, side in picked:
        raw, value = random_value(item, rng)
        plan.append(PlannedAnswer(item.code, side, item.step, raw, value))
    return plan


# --- Measurements -------------------------------------------------------------------------------


@dataclass
class Sample:
    op: str
    ms: float
    ok: bool
    status: int
    detail: str = ""


class Recorder:
    """Thread-safe list of samples plus the wall-clock window they cover."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.started = time.perf_counter()
        self.finished = self.started

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def errors(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]

    @property
    def seconds(self) -> float:
        return max(self.finished - self.started, 1e-9)


def percentile(values: Iterable[float], p: int) -> float:
    """The p-th percentile (p a whole number 1–99) by statistics.quantiles; nan for no values."""
    data = list(values)
    if len(data) < 2:
        return data[0] if data else math.nan
    return statistics.quantiles(data, n=100, method="inclusive")[p - 1]


def summarise(recorder: Recorder) -> dict:
    """Per operation: n, p50/p95/p99/max (ms, successful requests), errors; plus throughput."""
    ops: dict[str, dict] = {}
    for op in dict.fromkeys(s.op for s in recorder.samples):
        chosen = [s for s in recorder.samples if s.op == op]
        ok = [s.ms for s in chosen if s.ok]
        ops[op] = {
            "n": len(chosen),
            "errors": len(chosen) - len(ok),
            "p50": percentile(ok, 50),
            "p95": percentile(ok, 95),
            "p99": percentile(ok, 99),
            "max": max(ok, default=math.nan),
        }
    total = len(recorder.samples)
    return {
        "ops": ops,
        "requests": total,
        "errors": len(recorder.errors()),
        "seconds": recorder.seconds,
        "throughput": total / recorder.seconds,
        "error_details": [f"{s.op} {s.status} {s.detail}" for s in recorder.errors()][:20],
    }


def timed(
    recorder: Recorder,
    op: str,
    call: Callable[[], Response],
    check: Callable[[Response], str | None],
) -> Response | None:
    """Run one request; record its latency and whether `check` found it right."""
    try:
        response = call()
    except Exception as error:  # noqa: BLE001  (a failed request is a recorded error)
        recorder.add(Sample(op, math.nan, False, 0, f"{type(error).__name__}: {error}"))
        return None
    problem = check(response)
    recorder.add(Sample(op, response.ms, problem is None, response.status, problem or ""))
    return response


def expect(status: int, marker: bytes | None = None) -> Callable[[Response], str | None]:
    def check(response: Response) -> str | None:
        if response.status != status:
            return f"expected {status}, got {response.status}: {response.text[:200]!r}"
        if marker is not None and marker not in response.body:
            return f"{marker!r} missing from the response: {response.text[:200]!r}"
        return None

    return check


def run_together(count: int, work: Callable[[int], None], *, stagger: float = 0.0) -> None:
    """Run work(0..count-1) in threads that start together; re-raise the first failure."""
    failures: list[BaseException] = []
    barrier = threading.Barrier(count)

    def runner(index: int) -> None:
        try:
            barrier.wait()
            if stagger:
                time.sleep(stagger * index / max(count, 1))
            work(index)
        except BaseException as error:  # noqa: BLE001  (reported after join)
            failures.append(error)

    threads = [threading.Thread(target=runner, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        # A thread that failed first breaks the others' barrier: report its error, not theirs.
        failures.sort(key=lambda error: isinstance(error, threading.BrokenBarrierError))
        raise failures[0]


VERSION_RE = r'name="{key}__version" value="(\d+)"'


def saved_version(response: Response, key: str) -> int | None:
    match = re.search(VERSION_RE.format(key=re.escape(key)), response.text)
    return int(match.group(1)) if match else None


def autosave(
    browser: Browser,
    encounter: int,
    answer: PlannedAnswer,
    *,
    version: int | None,
    raw: str | None = None,
) -> Response:
    data = {"field": answer.key, answer.key: answer.raw if raw is None else raw}
    if version is not None:
        data[f"{answer.key}__version"] = str(version)
    return browser.htmx(
        "POST",
        f"/encounters/{encounter}/answer/",
        data=data,
        current=f"/encounters/{encounter}/step/{answer.step}/",
        target=f"st-{answer.key}",
    )


# --- The benchmark's clinician ------------------------------------------------------------------


class Pacing:
    """Think time between a clinician's actions: uniform in [low, high] seconds (0: none)."""

    def __init__(self, low: float = 0.0, high: float = 0.0, seed: int = 0):
        self.low, self.high = low, high
        # Reviewed: pseudo-random choice of synthetic answers and pauses, not security.
        self.rng = random.Random(seed)

    def pause(self) -> None:
        if self.high > 0:
            time.sleep(self.rng.uniform(self.low, self.high))

    def __str__(self) -> str:
        return "none" if self.high <= 0 else f"{self.low * 1000:.0f}–{self.high * 1000:.0f} ms"


NO_PACING = Pacing()


def baseline_post(browser: Browser, encounter: int, answer: PlannedAnswer) -> Response:
    return browser.htmx(
        "POST",
        f"/bench/baseline/{encounter}/",
        data={"field": answer.key, answer.key: answer.raw},
        current=f"/encounters/{encounter}/step/{answer.step}/",
        target=f"st-{answer.key}",
    )


def clinician_session(
    base_url: str,
    username: str,
    encounter: int,
    plan: list[PlannedAnswer],
    recorder: Recorder,
    *,
    pacing: Pacing = NO_PACING,
    prints: int = 1,
    reviews: int = 0,
    baseline_encounter: int | None = None,
) -> None:
    """Log in, open the encounter, each step with its answers, panel, summary, both PDFs.

    `reviews` extra passes over every step page and the panel before the summary (a clinician
    checking the record; also more samples of those two for the percentiles).

    With `baseline_encounter`, every answer is also posted to the baseline view (on that
    encounter) right next to its autosave, alternating which goes first, so both see the
    same server at the same moment.
    """
    browser = Browser(base_url)
    timed(recorder, "login", lambda: browser.login(username), lambda r: None)
    timed(
        recorder, "open", lambda: browser.request("GET", f"/encounters/{encounter}/"), expect(302)
    )
    versions: dict[str, int] = {}
    done = 0
    for step in protocol().steps:
        page = f"/encounters/{encounter}/step/{step.slug}/"
        pacing.pause()
        timed(
            recorder,
            "step",
            lambda page=page: browser.request("GET", page),
            expect(200, b'id="step-form"'),
        )
        for answer in (a for a in plan if a.step == step.slug):
            pacing.pause()
            done += 1
            if baseline_encounter is not None and done % 2:
                timed(
                    recorder,
                    "baseline",
                    lambda a=answer: baseline_post(browser, baseline_encounter, a),
                    expect(200, b"state-saved"),
                )
            response = timed(
                recorder,
                "autosave",
                lambda answer=answer: autosave(
                    browser, encounter, answer, version=versions.get(answer.key, 0)
                ),
                expect(200, b"state-saved"),
            )
            if response is not None and response.status == 200:
                versions[answer.key] = saved_version(response, answer.key) or 0
            if baseline_encounter is not None and not done % 2:
                timed(
                    recorder,
                    "baseline",
                    lambda a=answer: baseline_post(browser, baseline_encounter, a),
                    expect(200, b"state-saved"),
                )
        timed(
            recorder,
            "panel",
            lambda page=page: browser.htmx(
                "GET", f"/encounters/{encounter}/panel/", current=page, target="live-panel"
            ),
            expect(200, b'id="live-panel"'),
        )
    for _ in range(reviews):
        for step in protocol().steps:
            page = f"/encounters/{encounter}/step/{step.slug}/"
            pacing.pause()
            timed(
                recorder,
                "step",
                lambda page=page: browser.request("GET", page),
                expect(200, b'id="step-form"'),
            )
            timed(
                recorder,
                "panel",
                lambda page=page: browser.htmx(
                    "GET", f"/encounters/{encounter}/panel/", current=page, target="live-panel"
                ),
                expect(200, b'id="live-panel"'),
            )
    pacing.pause()
    timed(
        recorder,
        "summary page",
        lambda: browser.request("GET", f"/encounters/{encounter}/step/summary/"),
        expect(200),
    )
    for _ in range(prints):
        for doc in ("handout", "summary"):
            pacing.pause()
            timed(
                recorder,
                f"{doc} pdf",
                lambda doc=doc: browser.request("GET", f"/reports/{encounter}/{doc}.pdf"),
                expect(200, b"%PDF"),
            )


def run_sessions(
    base_url: str,
    accounts: list[dict],
    *,
    clinicians: int,
    rounds: int = 1,
    plan=None,
    first_encounter: int = 0,
    baseline_from: int | None = None,
    stagger: float = 0.0,
    think: tuple[float, float] = (0.0, 0.0),
    prints: int = 1,
    reviews: int = 0,
) -> Recorder:
    """`clinicians` threads; each runs `rounds` sessions on its own encounters.

    Session r uses encounter slot first_encounter + r (and baseline_from + r for the baseline
    posts, when given). Starts are spread evenly over `stagger` seconds; `think` is the pause
    before each action.
    """
    plan = plan if plan is not None else answer_plan()
    recorder = Recorder()

    def work(index: int) -> None:
        account = accounts[index]
        pacing = Pacing(*think, seed=index)
        for r in range(rounds):
            encounters = account["encounters"]
            clinician_session(
                base_url,
                account["username"],
                encounters[first_encounter + r],
                plan,
                recorder,
                pacing=pacing,
                prints=prints,
                reviews=reviews,
                baseline_encounter=None if baseline_from is None else encounters[baseline_from + r],
            )

    recorder.started = time.perf_counter()
    run_together(clinicians, work, stagger=stagger)
    recorder.finished = time.perf_counter()
    return recorder


# --- The concurrency test's clinician -----------------------------------------------------------


@dataclass
class Acknowledged:
    """The last write the server acknowledged for one slot: what the database must hold."""

    value: object  # None: acknowledged as cleared
    version: int  # the slot's version after that write (0 when cleared)


@dataclass
class StormResult:
    recorder: Recorder
    acknowledged: dict[int, dict[str, Acknowledged]]  # encounter -> key -> last acknowledged
    clinicians: int
    seconds: float
    kinds: dict[str, int] = field(default_factory=dict)  # acknowledged: first / change / clear

    @property
    def writes(self) -> list[Sample]:
        return [s for s in self.recorder.samples if s.op in ("autosave", "baseline")]

    @property
    def p99_write_ms(self) -> float:
        return percentile([s.ms for s in self.writes if s.ok], 99)

    def writes_per_slot(self) -> float:
        slots = sum(len(mine) for mine in self.acknowledged.values())
        return sum(1 for s in self.writes if s.ok) / max(slots, 1)

    def summary(self) -> dict:
        return {
            **summarise(self.recorder),
            "clinicians": self.clinicians,
            "acknowledged_writes": sum(1 for s in self.writes if s.ok),
            "p99_write_ms": self.p99_write_ms,
        }


def write_storm(
    base_url: str,
    accounts: list[dict],
    *,
    seconds: float = 10.0,
    slot: int = 0,
    seed: int = 11,
    slots_each: int | None = None,
    min_writes_each: int = 0,
    clear_rate: float = 0.05,
    read_every: int = 25,
    baseline: bool = False,
) -> StormResult:
    """Every clinician saves, changes and clears answers on their own encounter for `seconds`.

    With `slots_each` (the concurrency test: 12), each clinician keeps to that many answer slots,
    so every slot is saved, changed and cleared many times; without it they walk the whole
    protocol (the benchmark's storm, mostly first saves). With `min_writes_each`, a clinician
    goes on past `seconds` (up to two minutes more) until that many writes were acknowledged, so
    a slow machine still exercises every path. Each clinician posts the version it
    last saw, as the page does, so a lost or reordered write shows up as a 409; every 200
    "Saved" is remembered with the version it returned, as what the database must hold.
    With `baseline=True` the same posts go to the baseline view instead (op "baseline", no
    clears, no page reads; its stored values are raw text, so do not verify them).
    """
    from exam.protocol.types import REGION

    slots = all_slots()
    recorder = Recorder()
    acknowledged: dict[int, dict[str, Acknowledged]] = {}
    kinds = {"first": 0, "change": 0, "clear": 0}
    lock = threading.Lock()
    clock: list[float] = []

    def start_clock() -> None:
        clock.append(time.perf_counter() + seconds)

    # Logins (one password hash each) happen before the clock starts: the storm times writes.
    logged_in = threading.Barrier(len(accounts), action=start_clock)

    def work(index: int) -> None:
        # Reviewed: pseudo-random choice of synthetic answers and pauses, not security.
        rng = random.Random(seed * 1000 + index)
        account = accounts[index]
        encounter = account["encounters"][slot]
        browser = Browser(base_url)
        try:
            browser.login(account["username"])
        except BaseException:
            logged_in.abort()
            raise
        logged_in.wait(timeout=300)
        mine: dict[str, Acknowledged] = {}
        counted = dict.fromkeys(kinds, 0)
        order = list(slots)
        rng.shuffle(order)
        if slots_each:
            order = order[:slots_each]
        position = 0
        while time.perf_counter() < clock[0] or (
            sum(counted.values()) < min_writes_each and time.perf_counter() < clock[0] + 120
        ):
            if slots_each:
                item, side = rng.choice(order)
            else:
                item, side = order[position % len(order)]
            position += 1
            key = f"{item.code}__{side}" if side else item.code
            last = mine.get(key, Acknowledged(None, 0))
            clear = item.answer_type != REGION and last.value is not None and not baseline
            if clear and rng.random() < clear_rate:
                raw, value = "", None
            else:
                raw, value = random_value(item, rng, avoid=last.value)
            answer = PlannedAnswer(item.code, side, item.step, raw, value)
            if baseline:
                timed(
                    recorder,
                    "baseline",
                    lambda a=answer: baseline_post(browser, encounter, a),
                    expect(200, b"state-saved"),
                )
                mine[key] = Acknowledged(value, 0)
                continue
            response = timed(
                recorder,
                "autosave",
                lambda a=answer, v=last.version: autosave(browser, encounter, a, version=v),
                expect(200, b"state-saved"),
            )
            if response is not None and response.status == 200 and b"state-saved" in response.body:
                version = saved_version(response, key)
                mine[key] = Acknowledged(value, -1 if version is None else version)
                kind = "clear" if value is None else "change" if last.value is not None else "first"
                counted[kind] += 1
            if read_every and position % read_every == 0:
                page = f"/encounters/{encounter}/step/{item.step}/"
                timed(
                    recorder,
                    "step",
                    lambda page=page: browser.request("GET", page),
                    expect(200, b'id="step-form"'),
                )
        with lock:
            acknowledged[encounter] = mine
            for kind, count in counted.items():
                kinds[kind] += count

    run_together(len(accounts), work)
    recorder.started = clock[0] - seconds
    recorder.finished = time.perf_counter()
    return StormResult(recorder, acknowledged, len(accounts), seconds, kinds)


def verify_acknowledged(
    server: Server, acknowledged: dict[int, dict[str, Acknowledged]]
) -> list[str]:
    """Problems (empty = fine): every slot's value and version are those of its last
    acknowledged write, no other answers, and the audit chain is intact."""
    dump = server.harness("dump", "--encounters", ",".join(map(str, acknowledged)))
    problems = [f"audit chain: {p}" for p in dump["audit_problems"]]
    for encounter, expected in acknowledged.items():
        stored = dump["answers"].get(str(encounter), {})
        for key, last in expected.items():
            value, version = stored.get(key, (None, 0))
            if (value, version) != (last.value, last.version):
                problems.append(
                    f"encounter {encounter}: {key} holds {value!r} (version {version}); the "
                    f"last acknowledged write was {last.value!r} (version {last.version})"
                )
        for key in stored.keys() - expected.keys():
            problems.append(
                f"encounter {encounter}: {key}={stored[key][0]!r} was never acknowledged"
            )
    return problems


# --- First page load --------------------------------------------------------------------------


class _AssetParser(html.parser.HTMLParser):
    """Every URL in the page that a browser fetches on load (not links it might follow)."""

    LINK_RELS = {
        "stylesheet",
        "icon",
        "preload",
        "modulepreload",
        "manifest",
        "apple-touch-icon",
        "shortcut",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and set(values.get("rel", "").lower().split()) & self.LINK_RELS:
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "input"):
            if values.get("src"):
                self.urls.append(values["src"])
        elif tag == "object" and values.get("data"):
            self.urls.append(values["data"])
        for name in ("srcset", "imagesrcset"):
            for candidate in values.get(name, "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.strip().split()[0])


CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _decoded(response: Response) -> bytes:
    if response.header("Content-Encoding") == "gzip":
        return gzip.decompress(response.body)
    return response.body


def first_load(browser: Browser, path: str) -> dict:
    """Bytes a cold browser transfers for one page (HTML, CSS, JS, images) and foreign hosts.

    `served` is what this server sends with Accept-Encoding: gzip (static files come
    pre-compressed from WhiteNoise; the HTML is not compressed by the app); `gzip` is the same
    with every response gzip-compressed, as a compressing TLS proxy would send it.
    """
    own = {f"{browser.host}:{browser.port}", ""}
    page = browser.request("GET", path, headers={"Accept-Encoding": "gzip"})
    if page.status != 200:
        raise ResponseError(f"GET {path} gave {page.status}")
    body = _decoded(page)
    rows = [
        {
            "url": path,
            "kind": "html",
            "served": len(page.body),
            "gzip": len(page.body)
            if page.header("Content-Encoding") == "gzip"
            else len(gzip.compress(body, 9)),
        }
    ]
    parser = _AssetParser()
    parser.feed(body.decode("utf-8", errors="replace"))
    pending = [
        (urljoin(f"http://{browser.host}:{browser.port}{path}", u), "asset")
        for u in parser.urls
        if u and not u.startswith("data:")
    ]
    external: list[str] = []
    seen: set[str] = set()
    while pending:
        url, kind = pending.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in own or parts.scheme not in ("http", "https", ""):
            external.append(url)
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if target in seen:
            continue
        seen.add(target)
        response = browser.request("GET", target, headers={"Accept-Encoding": "gzip"})
        content = _decoded(response)
        ctype = response.header("Content-Type").split(";")[0]
        rows.append(
            {
                "url": target,
                "kind": ctype,
                "status": response.status,
                "served": len(response.body),
                "gzip": len(response.body)
                if response.header("Content-Encoding") == "gzip"
                else min(len(response.body), len(gzip.compress(content, 9))),
            }
        )
        if ctype == "text/css":
            for match in CSS_URL_RE.finditer(content.decode("utf-8", errors="replace")):
                ref = match.group(1) or match.group(2)
                if ref and not ref.startswith(("data:", "#")):
                    pending.append((urljoin(url, ref), "css-ref"))
    return {
        "path": path,
        "resources": rows,
        "external": external,
        "served": sum(r["served"] for r in rows),
        "gzip": sum(r["gzip"] for r in rows),
        "not_ok": [r["url"] for r in rows[1:] if r.get("status") != 200],
    }


# --- Subcommands run inside the server's environment ------------------------------------------


def _django() -> None:
    import django

    django.setup()


def cmd_seed(args: argparse.Namespace) -> object:
    import datetime

    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from clinic.models import Clinic, Encounter, Membership, Patient
    from exam.protocol import PROTOCOL_VERSION

    user_model = get_user_model()
    hashed = make_password(PASSWORD)  # hashed once: seeding 16 accounts stays fast
    accounts = []
    with transaction.atomic():
        clinic, _ = Clinic.objects.get_or_create(name="Load Test Clinic (synthetic)")
        start = user_model.objects.filter(username__startswith="loadtest").count()
        for i in range(start + 1, start + args.clinicians + 1):
            user = user_model.objects.create(
                username=f"loadtest{i:03d}",
                password=hashed,
                first_name="Loady",
                last_name=f"Testerson{i}",
            )
            Membership.objects.create(user=user, clinic=clinic)
            encounters = []
            for j in range(1, args.encounters_each + 1):
                patient = Patient.objects.create(
                    clinic=clinic,
                    given_name="Fakey",
                    family_name=f"Loadperson{i}x{j}",
                    date_of_birth=datetime.date(1950 + (i * 7 + j) % 50, 1 + j % 12, 1 + i % 28),
                    sex=("female", "male")[(i + j) % 2],
                    identifier=f"LOAD-{i:03d}-{j:03d}",
                )
                encounter = Encounter.objects.create(
                    patient=patient,
                    clinician=user,
                    side=("left", "right", "both")[(i + j) % 3],
                    protocol_version=PROTOCOL_VERSION,
                )
                encounters.append(encounter.pk)
            accounts.append({"username": user.username, "encounters": encounters})
    return accounts


def cmd_dump(args: argparse.Namespace) -> object:
    _django()
    from clinic.models import AuditEvent
    from clinic.services import audit_verify
    from exam.models import Answer

    pks = [int(pk) for pk in args.encounters.split(",") if pk]
    answers: dict[str, dict[str, object]] = {}
    for answer in Answer.objects.filter(encounter_id__in=pks):
        key = f"{answer.item}__{answer.side}" if answer.side else answer.item
        answers.setdefault(str(answer.encounter_id), {})[key] = (answer.value, answer.version)
    return {
        "answers": answers,
        "audit_problems": audit_verify(),
        "audit_rows": AuditEvent.objects.count(),
    }


def count_queries(client, connection, encounter: int, plan: list[PlannedAnswer]) -> dict:
    """Queries per autosave (new answers, then changed ones), per step page, per panel.

    `client` is a logged-in django.test.Client; runs in-process against the real database.
    """
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    def count(method: str, path: str, **kwargs) -> int:
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(path, secure=True, **kwargs)
        if response.status_code not in (200, 302):
            raise ResponseError(f"{method.upper()} {path} gave {response.status_code}")
        return len(ctx.captured_queries)

    hx = {"HX-Request": "true"}
    steps = [s.slug for s in protocol().steps] + ["summary"]

    def pages() -> dict[str, int]:
        # Start from the last step, so every exam step also records the position change.
        count("get", f"/encounters/{encounter}/step/{steps[-2]}/")
        return {s: count("get", f"/encounters/{encounter}/step/{s}/") for s in steps}

    count("get", f"/encounters/{encounter}/panel/", headers=hx)  # session bookkeeping first
    pages_empty = pages()
    panel_empty = count("get", f"/encounters/{encounter}/panel/", headers=hx)
    inserts, updates = [], []
    versions: dict[str, int] = {}
    for answer in plan:
        inserts.append(
            count(
                "post",
                f"/encounters/{encounter}/answer/",
                headers=hx,
                data={"field": answer.key, answer.key: answer.raw, f"{answer.key}__version": "0"},
            )
        )
        versions[answer.key] = 1
    # Reviewed: pseudo-random choice of synthetic answers and pauses, not security.
    rng = random.Random(3)
    proto = protocol()
    for answer in plan[:: max(1, len(plan) // 20)]:
        raw, _ = random_value(proto.items_by_code[answer.code], rng, avoid=answer.expected)
        updates.append(
            count(
                "post",
                f"/encounters/{encounter}/answer/",
                headers=hx,
                data={
                    "field": answer.key,
                    answer.key: raw,
                    f"{answer.key}__version": str(versions[answer.key]),
                },
            )
        )
    pages_full = pages()
    panel_full = count("get", f"/encounters/{encounter}/panel/", headers=hx)
    return {
        "autosave_new": inserts,
        "autosave_changed": updates,
        "step_pages_no_answers": pages_empty,
        "step_pages_with_answers": pages_full,
        "panel_no_answers": panel_empty,
        "panel_with_answers": panel_full,
        "answers": len(plan),
    }


def cmd_count_queries(args: argparse.Namespace) -> object:
    _django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.username))
    return count_queries(client, connection, args.encounter, answer_plan(count=args.answers))


def cmd_profile(args: argparse.Namespace) -> object:
    """Profile autosave, step page, panel and both PDFs in-process (pyinstrument if installed).

    Writes one text profile per request kind into args.out and returns their paths.
    """
    _django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    try:
        from pyinstrument import Profiler
    except ImportError:
        return {"error": "pyinstrument is not installed (.venv/bin/pip install pyinstrument)"}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.username))
    pk, hx = args.encounter, {"HX-Request": "true"}
    plan = answer_plan()
    # Reviewed: pseudo-random choice of synthetic answers and pauses, not security.
    rng, proto = random.Random(5), protocol()

    def save(answer: PlannedAnswer, raw: str) -> None:
        client.post(
            f"/encounters/{pk}/answer/",
            {"field": answer.key, answer.key: raw},
            secure=True,
            headers=hx,
        )

    for answer in plan:  # the encounter first gets its ~80 answers, unprofiled
        save(answer, answer.raw)
    kinds: dict[str, Callable[[], None]] = {
        "autosave": lambda: save(
            a := rng.choice(plan),
            random_value(proto.items_by_code[a.code], rng, avoid=a.expected)[0],
        ),
        "step-history": lambda: client.get(f"/encounters/{pk}/step/history/", secure=True),
        "panel": lambda: client.get(f"/encounters/{pk}/panel/", secure=True, headers=hx),
        "handout-pdf": lambda: client.get(f"/reports/{pk}/handout.pdf", secure=True),
        "summary-pdf": lambda: client.get(f"/reports/{pk}/summary.pdf", secure=True),
    }
    written = {}
    for name, call in kinds.items():
        repeat = 5 if name.endswith("pdf") else 50
        call()  # warm
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        profiler.start()
        for _ in range(repeat):
            call()
        profiler.stop()
        per_call = (time.perf_counter() - started) / repeat * 1000
        path = out / f"{name}.txt"
        path.write_text(
            f"{name}: {repeat} calls, {per_call:.1f} ms each (with profiler)\n\n"
            + profiler.output_text(unicode=True, color=False)
        )
        written[name] = {"file": str(path), "ms_per_call_profiled": round(per_call, 1)}
    return written


# --- Command line: a standalone write storm ---------------------------------------------------


def storm_on(
    database,
    *,
    workdir: Path,
    clinicians: int,
    seconds: float,
    workers: int,
    log: Callable[[str], None] = print,
) -> dict:
    """Start a server on `database`, run the write storm, verify; returns the summary."""
    with Server(database, workdir, workers=workers) as server:
        log(f"gunicorn ({workers} workers) on {database.label} at {server.base_url}")
        accounts = server.seed(clinicians=clinicians)
        result = write_storm(server.base_url, accounts, seconds=seconds)
        problems = verify_acknowledged(server, result.acknowledged)
        server.stop()
        summary = result.summary()
        summary["verify_problems"] = problems
        summary["log_problems"] = server.log_problems()
        summary["database"] = database.label
        return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    seed = sub.add_parser("seed")
    seed.add_argument("--clinicians", type=int, default=16)
    seed.add_argument("--encounters-each", type=int, default=1)
    dump = sub.add_parser("dump")
    dump.add_argument("--encounters", default="")
    queries = sub.add_parser("count-queries")
    queries.add_argument("--username", required=True)
    queries.add_argument("--encounter", type=int, required=True)
    queries.add_argument("--answers", type=int, default=80)
    profile = sub.add_parser("profile")
    profile.add_argument("--username", required=True)
    profile.add_argument("--encounter", type=int, required=True)
    profile.add_argument("--out", required=True)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_POSTGRES_URL")
        or (
            os.environ.get("DATABASE_URL")
            if is_postgres_url(os.environ.get("DATABASE_URL"))
            else DEFAULT_PG_ADMIN_URL
        ),
    )
    parser.add_argument("--clinicians", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args(argv)

    commands = {
        "seed": cmd_seed,
        "dump": cmd_dump,
        "count-queries": cmd_count_queries,
        "profile": cmd_profile,
    }
    if args.command in commands:
        print(json.dumps(commands[args.command](args), default=str))
        return 0

    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        database = (
            PostgresDatabase(args.pg_url, f"loadtest_{os.getpid()}")
            if args.db == "postgres"
            else SqliteDatabase(Path(tmp))
        )
        summary = storm_on(
            database,
            workdir=Path(tmp),
            clinicians=args.clinicians,
            seconds=args.seconds,
            workers=args.workers,
        )
    write = summary["ops"].get("autosave", {})
    print(
        f"{summary['clinicians']} clinicians, {summary['seconds']:.1f} s on "
        f"{summary['database']}: {summary['acknowledged_writes']} acknowledged writes "
        f"({summary['throughput']:.0f} requests/s), p50 {write.get('p50', math.nan):.1f} ms, "
        f"p95 {write.get('p95', math.nan):.1f} ms, p99 {summary['p99_write_ms']:.1f} ms; "
        f"{summary['errors']} errors"
    )
    for problem in (
        summary["error_details"] + summary["verify_problems"] + summary["log_problems"]
    )[:30]:
        print("  PROBLEM:", problem)
    ok = not (summary["errors"] or summary["verify_problems"] or summary["log_problems"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
