"""Warm-process timings for the reports (benchmark tooling; not part of the product).

The harness can also time `render_handout_pdf(encounter, paper="a4")` and
`render_summary_pdf(encounter, paper="a4")` directly; both build the context themselves.

From the command line it times the clinician summary in isolation, without gunicorn or HTTP:

    .venv/bin/python scripts/bench_reports.py [--repeat 20] [--paper a4]

It builds the benchmark's encounter (the ~80 answers of `loadtest.answer_plan()`, a draft) in a
throwaway SQLite database, warms the process as the server does, then renders the summary from
scratch each time (context, template, WeasyPrint), exactly what a draft print does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic.models import Encounter


def _ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def time_reports(
    encounter: Encounter, *, repeat: int = 5, paper: str = "a4"
) -> dict[str, dict[str, float]]:
    """Median and max milliseconds for the context and each document, after one warm-up."""
    from reports.pdf import warm_up
    from reports.services import build_report_context, render_handout_pdf, render_summary_pdf

    warm_up()
    context = build_report_context(encounter)
    steps = {
        "context": lambda: build_report_context(encounter),
        "handout": lambda: render_handout_pdf(context=context, paper=paper),
        "summary": lambda: render_summary_pdf(context=context, paper=paper),
    }
    results = {}
    for name, fn in steps.items():
        runs = [_ms(fn) for _ in range(repeat)]
        results[name] = {"median_ms": statistics.median(runs), "max_ms": max(runs)}
    return results


def _bench_encounter() -> Encounter:
    """The benchmark's draft encounter: synthetic clinic, clinician, patient and ~80 answers."""
    import datetime

    from django.contrib.auth import get_user_model

    from clinic.models import Clinic, Encounter, Membership, Patient
    from exam.protocol import PROTOCOL_VERSION
    from exam.services import encounter_record_answer
    from scripts.loadtest import answer_plan

    user = get_user_model().objects.create(
        username="benchreports", first_name="Benchy", last_name="Fakeclinician"
    )
    clinic = Clinic.objects.create(name="Bench Reports Clinic (synthetic)")
    Membership.objects.create(user=user, clinic=clinic)
    patient = Patient.objects.create(
        clinic=clinic,
        given_name="Fakey",
        family_name="Benchperson",
        date_of_birth=datetime.date(1971, 3, 4),
        sex="female",
        identifier="BENCH-001",
    )
    encounter = Encounter.objects.create(
        patient=patient, clinician=user, side="left", protocol_version=PROTOCOL_VERSION
    )
    for answer in answer_plan():
        encounter_record_answer(
            encounter=encounter,
            item_code=answer.code,
            side=answer.side or None,
            value=answer.expected,
            by=user,
        )
    encounter.refresh_from_db()
    return encounter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="renders to time (default 20)")
    parser.add_argument("--paper", default="a4", choices=("a4", "letter"))
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DATA_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from reports.pdf import warm_up
        from reports.services import render_summary_pdf

        call_command("migrate", verbosity=0)
        encounter = _bench_encounter()
        warm_up()
        render_summary_pdf(encounter, paper=args.paper)  # as the benchmark's warm-up does
        load = os.getloadavg()
        wall, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = render_summary_pdf(encounter, paper=args.paper)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)

    def line(name: str, runs: list[float]) -> str:
        ranked = sorted(runs)
        p95 = ranked[max(0, -(-95 * len(ranked) // 100) - 1)]  # nearest rank, as bench.py
        return (
            f"{name}: min {ranked[0]:.0f} · p50 {statistics.median(ranked):.0f} · "
            f"p95 {p95:.0f} · max {ranked[-1]:.0f} ms"
        )

    print(
        f"Clinician summary PDF ({args.paper}, draft, {len(pdf) // 1024} KB), "
        f"{args.repeat} fresh renders in one warm process; load average before "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(line("wall", wall))
    print(line("CPU ", cpu))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
