import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control

# Writing the session on every request costs a database write; a coarser clock is enough.
ACTIVITY_RESOLUTION = 15


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def session_ended_for_htmx(request) -> HttpResponse:
    """401 + HX-Redirect: never swap a login page into a panel; send the whole tab to login."""
    current = request.headers.get("HX-Current-URL", "")
    login_url = resolve_url(settings.LOGIN_URL)
    response = HttpResponse(
        "Your session has ended. Please sign in again.",
        status=401,
        content_type="text/plain; charset=utf-8",
    )
    response["HX-Redirect"] = f"{login_url}?{urlencode({'next': current})}"
    return response


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Anonymous requests go to the login page; anonymous htmx requests get a 401 instead.

    Whatever ended the session (sign-out in another tab, idle or absolute expiry, a cleared
    cookie), an htmx request must not follow a 302 and swap the login page into the answer.
    """

    def handle_no_permission(self, request, view_func):
        if is_htmx(request):
            return session_ended_for_htmx(request)
        return super().handle_no_permission(request, view_func)


class SessionTimeoutMiddleware:
    """Idle logout (default 15 min) and an absolute session lifetime (default 12 h)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("auth_started", now)
            last = session.get("last_activity", now)
            idle_over = now - last > settings.SESSION_IDLE_TIMEOUT
            absolute_over = now - started > settings.SESSION_COOKIE_AGE
            if idle_over or absolute_over:
                # Now anonymous: HtmxAwareLoginRequiredMiddleware answers (401 for htmx).
                logout(request)
            elif now - last >= ACTIVITY_RESOLUTION or "last_activity" not in session:
                session["last_activity"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Patient data must not linger in browser or proxy caches."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            patch_cache_control(response, no_store=True, private=True)
        return response
