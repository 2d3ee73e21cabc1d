from django.core.management.base import BaseCommand, CommandError

from clinic.models import AuditEvent
from clinic.services import audit_verify


class Command(BaseCommand):
    help = "Check the audit log hash chain; exits non-zero if a row was changed or removed."

    def handle(self, *args, **options) -> None:
        problems = audit_verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Audit log integrity check FAILED: {len(problems)} problem(s).")
        self.stdout.write(f"Audit log intact: {AuditEvent.objects.count()} rows, chain verified.")
