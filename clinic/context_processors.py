from django.conf import settings


def session_timing(request) -> dict:
    return {
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "session_warning_seconds": settings.SESSION_WARNING_BEFORE,
    }
