import os
from pathlib import Path

from django.apps import AppConfig


def create_private_database_file(name) -> None:
    """A new SQLite database (and its folder) is readable by its owner only: 0600 / 0700.

    SQLite gives the -wal and -shm files the database file's permissions. Existing files and
    folders are left as they are.
    """
    if not name or str(name) == ":memory:" or str(name).startswith("file:"):
        return
    path = Path(name)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from django.conf import settings

        from clinic import signals  # noqa: F401  (login audit receivers)

        database = settings.DATABASES["default"]
        if database["ENGINE"] == "django.db.backends.sqlite3":
            create_private_database_file(database["NAME"])
