"""Settings for `make bench` only: the product's settings with the benchmark's URLconf.

scripts/loadtest.py starts gunicorn and its in-process counters with
DJANGO_SETTINGS_MODULE=scripts.bench_settings when it runs the benchmark (`Server(baseline=True)`),
so the baseline view and the panel endpoint exist there and nowhere else.
"""

from clinic.settings import *  # noqa: F403  (the product's settings, unchanged)

ROOT_URLCONF = "scripts.bench_urls"
