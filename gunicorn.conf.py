"""gunicorn settings for Hip Exam Support (the README's deployment, `make bench`, tests/test_load.py).

    .venv/bin/gunicorn --config gunicorn.conf.py            # 127.0.0.1:8000, 3 sync workers
    .venv/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:8100 --workers 4

Command-line options override the values here. gunicorn runs in the foreground as its own
process-group leader; see README "Restart and reload" for a clean stop and a graceful reload.
"""

bind = "127.0.0.1:8000"
workers = 3
worker_class = "sync"  # one request per worker at a time; measured in BENCHMARKS.md
threads = 1
preload_app = True  # import Django (and WeasyPrint) once, then fork the workers
wsgi_app = "clinic.wsgi:application"
timeout = 60  # a PDF render is capped at PDF_TIMEOUT_SECONDS (20 s) well inside this
graceful_timeout = 30  # on SIGTERM/SIGHUP, requests in flight get this long to finish
errorlog = "-"
loglevel = "warning"


def on_starting(server):
    # Load the URLconf (and with it WeasyPrint) once in the master, before the workers fork.
    from django.urls import get_resolver

    _ = get_resolver().url_patterns


def post_worker_init(worker):
    # One tiny PDF per worker, so fonts and caches are loaded before the first real print.
    from reports.pdf import warm_up

    warm_up()
