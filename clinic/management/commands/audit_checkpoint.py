from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic.services import audit_checkpoint, audit_verify


class Command(BaseCommand):
    help = (
        "Append the audit log's row count and head HMAC to AUDIT_CHECKPOINT_FILE (run from "
        "cron); refuses when the log already fails verification."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reason", default="scheduled", help="Note kept with the entry.")

    def handle(self, *args, **options) -> None:
        problems = audit_verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                "Audit log integrity check FAILED; no checkpoint written (it would hide the "
                "damage). Investigate with `manage.py audit_verify`."
            )
        entry = audit_checkpoint(reason=options["reason"])
        self.stdout.write(
            f"Checkpoint written to {settings.AUDIT_CHECKPOINT_FILE}: {entry['rows']} rows, "
            f"last row {entry['last_id']}."
        )
