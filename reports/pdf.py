"""HTML to PDF with WeasyPrint: a locked-down URL fetcher, a page cap and a time cap.

WeasyPrint is imported when this module is imported, so a warm process pays the import (about a
second) at start-up, not on the first print.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import mimetypes
import os
import threading
import time
import types
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
from django.conf import settings
from django.db import connection
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_DIR = (Path(settings.SITE_DIR) / "static").resolve()
PRINT_CSS = STATIC_DIR / "css" / "print.css"

# The only paper sizes offered; anything else is refused before any work is done.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"

# PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, tables) and declare the variant.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

T = TypeVar("T")


class ReportError(Exception):
    """A report could not be produced; the message is written for the clinician."""

    status = 503


class BadPaper(ReportError):
    status = 400


class ReportTooLong(ReportError):
    status = 422

    def __init__(self, *, title: str, pages: int, limit: int):
        self.pages = pages
        self.limit = limit
        super().__init__(
            f"The {title} is too long to print ({pages} pages; the limit is {limit}). "
            "The preview shows the whole record on screen; ask your administrator to raise "
            "PDF_MAX_PAGES if it must be printed."
        )


class ReportTimeout(ReportError):
    status = 503

    def __init__(self, *, title: str, seconds: float):
        super().__init__(
            f"The {title} took longer than {seconds:g} seconds to build and was stopped. "
            "Please try again in a moment; if it keeps happening, tell your administrator."
        )


class FetchRefused(ValueError):
    """Raised by the fetcher; WeasyPrint logs it and leaves the resource out."""


def paper_from(value: str | None) -> str:
    """The validated paper key ("a4" when not given), or BadPaper with a clear message."""
    if value is None or value == "":
        return DEFAULT_PAPER
    key = value.strip().lower()
    if key not in PAPER_SIZES:
        raise BadPaper(
            f'Unknown paper size "{value[:20]}". Use paper=a4 (the default) or paper=letter.'
        )
    return key


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the app's static folder and data: URIs; refuses everything else.

    No network (http, https, ftp), no file outside static (resolved, so ../ and symlinks cannot
    escape), no other scheme. Every URL asked for is recorded, so tests can prove what was fetched.
    """

    def __init__(self, static_dir: Path = STATIC_DIR):
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.static_dir = Path(static_dir).resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._static_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        raise FetchRefused(
            f"Refused to fetch {url[:200]!r}: only the app's static files or "
            "data: URIs may be used in a report."
        )

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(self.static_dir) or not path.is_file():
            return None
        return path


def in_write_transaction() -> bool:
    """True inside transaction.atomic() (ignoring the wrappers a Django test case adds)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class _Interrupted(BaseException):
    """Injected into the rendering thread at the deadline (BaseException: no catch-alls)."""


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


def run_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Run fn in this thread; if it is still running after `seconds`, stop it.

    Layout is pure Python, so an exception injected into this thread (not a signal, which would
    only work in the main thread) stops it promptly in any server model: sync or threaded
    workers, runserver, tests. Returns fn's result or raises _Interrupted.
    """
    if not seconds or seconds <= 0:
        return fn()
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async_exc(thread_id, _Interrupted)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    try:
        try:
            # Started inside the try: a very short deadline can fire before start() returns.
            timer.start()
            return fn()
        finally:
            timer.cancel()
            with lock:
                state["done"] = True
                if state["fired"]:
                    # Finished just as the deadline passed: drop the pending exception so it
                    # cannot surface later in unrelated code.
                    _set_async_exc(thread_id, None)
    except _Interrupted:
        with lock:
            state["done"] = True
        raise


# Parsed stylesheets are read-only and reused across renders (parsing costs ~20 ms a time);
# keyed on the file's mtime so an edited print.css is picked up without a restart.
_CSS_FETCHER = StaticOnlyFetcher()


@functools.lru_cache(maxsize=8)
def _stylesheets(paper: str, mtime_ns: int) -> tuple[weasyprint.CSS, ...]:
    return (
        weasyprint.CSS(filename=str(PRINT_CSS), url_fetcher=_CSS_FETCHER),
        # Built from the validated key only, never from request text.
        weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=_CSS_FETCHER),
    )


# One FontConfiguration per process and thread, reused across renders. WeasyPrint otherwise makes
# a new one per render, which reloads the fontconfig set-up and reopens and reshapes every font
# (≈10 ms of a clinician summary, measured). Per process because gunicorn forks its workers after
# preloading the app (open font files must not be shared across processes); per thread because
# Pango font maps are not thread-safe. The report CSS has no @font-face, so nothing is added to it.
_fonts = threading.local()


def _font_config() -> FontConfiguration:
    pid = os.getpid()
    cached = getattr(_fonts, "config", None)
    if cached is None or cached[0] != pid:
        cached = _fonts.config = (pid, FontConfiguration())
    return cached[1]


# pydyf compresses every PDF stream at zlib level 9. Level 6 (zlib's default) gives the same
# content when decompressed, files about 3 % larger, and saves ≈20 ms per clinician summary
# (measured); so pydyf gets a zlib whose compressobj() uses level 6 whatever it asks for.
PDF_ZLIB_LEVEL = 6


def _compressobj(level: int = PDF_ZLIB_LEVEL, *args, **kwargs):
    return zlib.compressobj(PDF_ZLIB_LEVEL, *args, **kwargs)


if getattr(pydyf, "zlib", None) is zlib:
    pydyf.zlib = types.SimpleNamespace(  # type: ignore[attr-defined]
        **{
            **{name: getattr(zlib, name) for name in dir(zlib) if not name.startswith("_")},
            "compressobj": _compressobj,
        }
    )


def render_pdf(
    html: str,
    *,
    title: str,
    paper: str = DEFAULT_PAPER,
    url_fetcher: StaticOnlyFetcher | None = None,
    max_pages: int | None = None,
    timeout: float | None = None,
) -> bytes:
    """Render report HTML to PDF bytes within the page and time caps from settings."""
    paper = paper_from(paper)
    if in_write_transaction():
        raise RuntimeError(
            "Reports must not be rendered inside a database transaction: it would hold the "
            "write lock for the whole render. Gather the data first, then render."
        )
    max_pages = settings.PDF_MAX_PAGES if max_pages is None else max_pages
    timeout = settings.PDF_TIMEOUT_SECONDS if timeout is None else timeout
    fetcher = url_fetcher or StaticOnlyFetcher()
    stylesheets = _stylesheets(paper, PRINT_CSS.stat().st_mtime_ns)

    def work() -> bytes:
        document = weasyprint.HTML(
            string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=list(stylesheets), font_config=_font_config(), **PDF_OPTIONS)
        if len(document.pages) > max_pages:
            raise ReportTooLong(title=title, pages=len(document.pages), limit=max_pages)
        return document.write_pdf(**PDF_OPTIONS)

    started = time.perf_counter()
    try:
        pdf = run_with_deadline(work, timeout)
    except _Interrupted:
        _fonts.config = None  # stopped mid-render: the next render starts from a fresh one
        logger.warning("PDF render (%s) stopped after %.1f s", title, timeout)
        raise ReportTimeout(title=title, seconds=timeout) from None
    logger.info("PDF render (%s): %.0f ms", title, (time.perf_counter() - started) * 1000)
    return pdf


def warm_up() -> None:
    """Render a one-line document once, so fonts and caches are loaded before the first print."""
    render_pdf(
        "<!doctype html><html lang='en'><title>warm-up</title><p>.</p></html>", title="warm-up"
    )
