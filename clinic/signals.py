from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from clinic.models import AuditEvent
from clinic.services import audit_record, client_ip


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(
        action=AuditEvent.Action.LOGIN, user=user, ip=client_ip(request) if request else None
    )


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(
            action=AuditEvent.Action.LOGOUT, user=user, ip=client_ip(request) if request else None
        )


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        username=username,
        ip=client_ip(request) if request else None,
    )
