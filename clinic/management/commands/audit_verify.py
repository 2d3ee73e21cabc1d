from django.core.management.base import BaseCommand, CommandError

from clinic.models import AuditEvent
from clinic.services import AuditCheckpointError, audit_checkpoint_latest, audit_verify


class Command(BaseCommand):
    help = (
        "Check the audit log's HMAC chain and compare it with the latest checkpoint; exits "
        "non-zero if a row was changed, inserted or removed (including from the end)."
    )

    def handle(self, *args, **options) -> None:
        try:
            problems = audit_verify()
            checkpoint = audit_checkpoint_latest()
        except AuditCheckpointError as error:
            raise CommandError(f"Audit log integrity check FAILED: {error}") from None
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit log integrity check FAILED: {len(problems)} problem(s).")
        rows = AuditEvent.objects.count()
        if checkpoint is None:
            self.stdout.write(
                f"Audit log chain intact: {rows} rows. WARNING: no checkpoint yet, so rows "
                "removed from the end cannot be detected; run `manage.py audit_checkpoint`."
            )
        else:
            self.stdout.write(
                f"Audit log intact: {rows} rows, chain verified, matches the checkpoint of "
                f"{checkpoint['at']} ({checkpoint['rows']} rows, {checkpoint['reason']})."
            )
