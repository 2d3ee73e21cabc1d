#!/usr/bin/env python
"""`make bench`: the app under gunicorn (production settings) driven by simulated clinicians.

For SQLite and, when it answers, PostgreSQL, each on a fresh database and a fresh gunicorn
(4 sync workers on 2 cores, as 2 × nproc):

* 1 clinician, then 16 at once: log in, open an encounter, visit every step and answer ~80
  items through the htmx autosave endpoint, refresh the live panel after each step, open the
  summary, print the handout and the clinician summary. Every answer is also posted to the
  baseline view (scripts/bench_urls.py, served with scripts/bench_settings.py: read the
  encounter, upsert one answer, add one audit row, one transaction) right next to its autosave, so the two are measured on the same server at
  the same moments; every latency is shown with its ratio to the baseline.
* A write storm: the same 16 clinicians saving with no pause (then the same at the baseline
  view), every acknowledged answer checked in the database afterwards.
* Queries per autosave, step page and panel (CaptureQueriesContext, in-process, same
  database), and the bytes and hosts of a cold first page load.

Prints the tables and writes them between the markers in BENCHMARKS.md (raw figures in
var/bench/results.json). Options: --no-postgres, --no-write, --quick (fewer samples),
--profile (pyinstrument profiles of each request kind in var/bench/profile/),
--workers/--worker-class/--threads (gunicorn experiments). BENCH_LIGHTHOUSE=1 also runs
scripts/lighthouse.sh against the SQLite server. BENCH_POSTGRES_URL picks the PostgreSQL
server (default: DATABASE_URL when it is PostgreSQL, else
postgres://postgres@127.0.0.1:5432/postgres); the benchmark creates and drops its own
database there. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import sqlite3

# Reviewed: benchmark tooling starts gunicorn/manage.py by absolute path, no shell.
import subprocess  # noqa: S404  (runs scripts/lighthouse.sh from this repository only)
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadtest as lt  # noqa: E402

REPO = lt.REPO
OUT_DIR = REPO / "var" / "bench"
RESULTS_MD = REPO / "BENCHMARKS.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
LH_START, LH_END = "<!-- bench:lighthouse:start -->", "<!-- bench:lighthouse:end -->"

CLINICIANS = 16
SINGLE_ROUNDS = 2  # sessions the lone clinician runs back to back, with no pause
SINGLE_PRINTS = 4  # ... printing each document this often per session (more PDF samples)
SINGLE_REVIEWS = 3  # ... and going over every step page and the panel again this often
# 16 clinicians: a pause of 150–450 ms before each action, starts spread over 8 s. A real
# clinician needs several seconds per finding, so this is 5–10 times faster than a real exam
# with all 16 in the same minute; the write storm after it has no pause at all.
THINK = (0.15, 0.45)
STAGGER = 8.0
STORM_SECONDS = 6.0
# Encounter slots per seeded clinician (every run gets fresh encounters).
SINGLE = 0
SINGLE_BASE = SINGLE + SINGLE_ROUNDS
MULTI = SINGLE_BASE + SINGLE_ROUNDS
MULTI_BASE, QUERIES, WARM, STORM, STORM_BASE = range(MULTI + 1, MULTI + 6)
ENCOUNTERS_EACH = STORM_BASE + 1

OPS = [  # (key in the recorder, label, budget p95 ms or None)
    ("autosave", "autosave (htmx POST)", None),
    ("step", "step page", 60.0),
    ("panel", "live panel", 30.0),
    ("summary page", "summary page", None),
    ("handout pdf", "handout PDF", 250.0),
    ("summary pdf", "clinician summary PDF", 400.0),
    ("open", "open encounter (redirect)", None),
    ("login", "log in (password hash)", None),
    ("baseline", "baseline view (same pace, same moments)", None),
]
AUTOSAVE_BUDGET = {1: 25.0, CLINICIANS: 100.0}
BASELINE_FACTOR = 3.0
FIRST_LOAD_BUDGET = 100 * 1024


def log(message: str) -> None:
    print(message, flush=True)


# --- Machine ------------------------------------------------------------------------------------


def machine() -> dict:
    mem_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
        "load_before": os.getloadavg(),
    }


def the_command() -> str:
    extra = " ".join(shlex.quote(a) for a in sys.argv[1:])
    env = ""
    for name in ("DJANGO_SETTINGS_MODULE", "BENCH_POSTGRES_URL", "BENCH_LIGHTHOUSE"):
        value = os.environ.get(name)
        if value and not (name == "DJANGO_SETTINGS_MODULE" and value == "clinic.settings"):
            env += f"{name}={shlex.quote(value)} "
    if os.environ.get("MAKELEVEL"):
        return f"{env}make bench" + (f" (scripts/bench.py {extra})" if extra else "")
    return f"{env}.venv/bin/python scripts/bench.py {extra}".strip()


# --- One database -------------------------------------------------------------------------------


def baseline_routed(server: lt.Server, account: dict) -> bool:
    browser = lt.Browser(server.base_url)
    browser.login(account["username"])
    pk = account["encounters"][WARM]
    response = browser.htmx(
        "POST",
        f"/bench/baseline/{pk}/",
        current="/",
        data={"field": "agg_sitting", "agg_sitting": "no"},
    )
    return response.status == 200


def warm_up(server: lt.Server, accounts: list[dict]) -> None:
    """A few unmeasured requests per worker: templates, URLconf and PDF code all loaded."""
    plan = lt.answer_plan(count=6)

    def work(index: int) -> None:
        account = accounts[index % len(accounts)]
        pk = account["encounters"][WARM]
        browser = lt.Browser(server.base_url)
        browser.login(account["username"])
        for answer in plan:
            lt.autosave(browser, pk, answer, version=0)
        browser.request("GET", f"/encounters/{pk}/step/history/")
        browser.request("GET", f"/encounters/{pk}/step/summary/")
        browser.request("GET", f"/reports/{pk}/handout.pdf")
        browser.request("GET", f"/reports/{pk}/summary.pdf")

    lt.run_together(server.workers * 2, work)


SIGNED_PRINTS = 40
SIGNED_PRINT_BUDGET = 50.0


def signed_print_latency(server: lt.Server, account: dict, *, prints: int) -> dict:
    """Sign one encounter over HTTP, then print its stored summary next to the baseline view.

    A signed document is rendered once, at signing; every print returns the stored bytes.
    """
    browser = lt.Browser(server.base_url)
    browser.login(account["username"])
    pk, draft = account["encounters"][WARM], account["encounters"][QUERIES]

    def version(path: str) -> str:
        match = re.search(r'name="version" value="(\d+)"', browser.request("GET", path).text)
        if match is None:
            raise lt.HarnessError(f"No version on {path}.")
        return match.group(1)

    summary = f"/encounters/{pk}/step/summary/"
    browser.request(
        "POST",
        f"/encounters/{pk}/decide/",
        data={"decision": "accepted", "version": version(summary)},
    )
    reason = "Benchmark encounter (synthetic)."
    signed = browser.request(
        "POST",
        f"/encounters/{pk}/sign/",
        data={
            "version": version(f"/encounters/{pk}/sign/"),
            "confirm": "yes",
            "red_flag_gap_reason": reason,
            "no_exam_reason": reason,
        },
    )
    if signed.status != 302:
        raise lt.HarnessError(f"Signing the benchmark encounter gave {signed.status}.")
    recorder = lt.Recorder()
    for _ in range(prints):
        lt.timed(
            recorder,
            "signed pdf",
            lambda: browser.request("GET", f"/reports/{pk}/summary.pdf"),
            lt.expect(200, b"%PDF"),
        )
        lt.timed(
            recorder,
            "baseline",
            lambda: browser.htmx(
                "POST",
                f"/bench/baseline/{draft}/",
                current="/",
                data={"field": "agg_sitting", "agg_sitting": "no"},
            ),
            lt.expect(200),
        )
    recorder.finished = time.perf_counter()
    return lt.summarise(recorder)


def signed_print_lines(result: dict) -> list[str]:
    ops = result.get("signed_print", {}).get("ops", {})
    if "signed pdf" not in ops:
        return []
    own, base = ops["signed pdf"], ops.get("baseline", {})
    verdict = "met" if own["p95"] <= SIGNED_PRINT_BUDGET else "MISSED"
    return [
        "",
        f"Printing a signed clinician summary (stored bytes, no re-render; {own['n']} prints, "
        f"1 clinician): p50 {fmt(own['p50'])}{ratio(own['p50'], base.get('p50', math.nan))} ms, "
        f"p95 {fmt(own['p95'])}{ratio(own['p95'], base.get('p95', math.nan))} ms "
        f"(≤ {SIGNED_PRINT_BUDGET:g} ms: {verdict}); {own['errors']} errors.",
    ]


def bench_database(
    database,
    workdir: Path,
    *,
    workers: int,
    worker_class: str,
    threads: int,
    quick: bool,
    lighthouse: bool,
    profile: bool = False,
) -> dict:
    rounds = 1 if quick else SINGLE_ROUNDS
    prints = 2 if quick else SINGLE_PRINTS
    reviews = 1 if quick else SINGLE_REVIEWS
    plan = lt.answer_plan()
    gunicorn = f"{workers} {worker_class} workers" + (
        f" × {threads} threads" if threads > 1 else ""
    )
    result: dict = {
        "database": database.label,
        "vendor": database.vendor,
        "workers": workers,
        "gunicorn": gunicorn,
        "answers_per_session": len(plan),
        "single": {"rounds": rounds, "prints": prints, "reviews": reviews},
    }
    with lt.Server(
        database,
        workdir,
        workers=workers,
        worker_class=worker_class,
        threads=threads,
        baseline=True,
    ) as server:
        started = time.perf_counter()
        log(f"\n== {database.label}: gunicorn, {gunicorn}, {server.base_url}")
        accounts = server.seed(clinicians=CLINICIANS, encounters_each=ENCOUNTERS_EACH)
        has_baseline = baseline_routed(server, accounts[0])
        result["baseline_routed"] = has_baseline
        if not has_baseline:
            log(
                "   WARNING: /bench/baseline/<pk>/ is not routed (see BENCHMARKS.md, 'Baseline "
                "view'); running without the baseline."
            )
        warm_up(server, accounts)
        result["phases"] = {}
        runs = [
            ("1", 1, SINGLE, SINGLE_BASE, rounds, (0.0, 0.0), prints, reviews, 0.0),
            (str(CLINICIANS), CLINICIANS, MULTI, MULTI_BASE, 1, THINK, 1, 0, STAGGER),
        ]
        for name, clinicians, slot, base_slot, rounds_, think, prints_, reviews_, stagger in runs:
            log(f"   {name} clinician(s), {rounds_} session(s) each ...")
            recorder = lt.run_sessions(
                server.base_url,
                accounts,
                clinicians=clinicians,
                rounds=rounds_,
                plan=plan,
                first_encounter=slot,
                baseline_from=base_slot if has_baseline else None,
                stagger=stagger,
                think=think,
                prints=prints_,
                reviews=reviews_,
            )
            summary = lt.summarise(recorder)
            result["phases"][name] = summary
            ops = summary["ops"]
            log(
                f"     {summary['requests']} requests in {summary['seconds']:.1f} s, "
                f"{summary['errors']} errors; autosave p95 {ops['autosave']['p95']:.1f} ms, "
                f"baseline p95 {ops.get('baseline', {}).get('p95', math.nan):.1f} ms"
            )
            for detail in summary["error_details"][:5]:
                log(f"     ERROR {detail}")

        log(f"   write storm: {CLINICIANS} clinicians, no pause, {STORM_SECONDS:g} s ...")
        storm = lt.write_storm(server.base_url, accounts, seconds=STORM_SECONDS, slot=STORM)
        result["storm"] = storm.summary()
        result["storm"]["verify_problems"] = lt.verify_acknowledged(server, storm.acknowledged)
        log(
            f"     p95 {result['storm']['ops']['autosave']['p95']:.1f} ms, "
            f"p99 {storm.p99_write_ms:.1f} ms, {result['storm']['errors']} errors, "
            f"{len(result['storm']['verify_problems'])} lost or wrong answers"
        )
        if has_baseline:
            base_storm = lt.write_storm(
                server.base_url, accounts, seconds=STORM_SECONDS, slot=STORM_BASE, baseline=True
            )
            result["storm_baseline"] = base_storm.summary()
            log(
                f"     baseline storm p95 "
                f"{result['storm_baseline']['ops']['baseline']['p95']:.1f} ms"
            )

        log("   queries per request (in-process, same database) ...")
        counter = accounts[1]
        result["queries"] = server.harness(
            "count-queries",
            "--username",
            counter["username"],
            "--encounter",
            str(counter["encounters"][QUERIES]),
            ALLOWED_HOSTS=f"{lt.HOST},localhost,testserver",
        )

        if profile:
            log("   profiles (pyinstrument, in-process) ...")
            profiler = accounts[2]
            result["profile"] = server.harness(
                "profile",
                "--username",
                profiler["username"],
                "--encounter",
                str(profiler["encounters"][QUERIES]),
                "--out",
                str(OUT_DIR / "profile" / database.vendor),
                ALLOWED_HOSTS=f"{lt.HOST},localhost,testserver",
                timeout=600,
            )
            for name, info in result["profile"].items():
                log(f"     {name}: {info}")

        if has_baseline:
            log("   printing a signed document ...")
            result["signed_print"] = signed_print_latency(
                server, accounts[0], prints=SIGNED_PRINTS // (4 if quick else 1)
            )
            log(f"     p95 {result['signed_print']['ops']['signed pdf']['p95']:.1f} ms")

        log("   first page load ...")
        anonymous = lt.Browser(server.base_url)
        clinician = lt.Browser(server.base_url)
        clinician.login(counter["username"])
        pk = counter["encounters"][QUERIES]
        result["first_load"] = {
            "login": lt.first_load(anonymous, "/login/"),
            "step": lt.first_load(clinician, f"/encounters/{pk}/step/history/"),
            "summary": lt.first_load(clinician, f"/encounters/{pk}/step/summary/"),
        }
        if lighthouse:
            result["lighthouse"] = run_lighthouse(server, clinician, pk)
        server.stop()
        result["log_problems"] = server.log_problems()
        result["seconds"] = time.perf_counter() - started
    return result


def run_lighthouse(server: lt.Server, browser: lt.Browser, pk: int) -> dict:
    log("   Lighthouse (login, step page, summary) ...")
    out = OUT_DIR / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        LH_BASE_URL=server.base_url,
        LH_OUT=str(out),
        LH_COOKIE=f"sessionid={browser.cookies.get('sessionid', '')}",
    )
    pages = {
        "login": "/login/",
        "step": f"/encounters/{pk}/step/history/",
        "summary": f"/encounters/{pk}/step/summary/",
    }
    command = [
        "bash",
        str(REPO / "scripts" / "lighthouse.sh"),
        *[f"{name}={path}" for name, path in pages.items()],
    ]
    # Reviewed: fixed executable (sys.executable / gunicorn), arguments built here, no shell.
    done = subprocess.run(  # noqa: S603
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        return {"error": (done.stdout + done.stderr)[-2000:]}
    return json.loads((out / "scores.json").read_text())


# --- Report -------------------------------------------------------------------------------------


def fmt(value: float, digits: int = 1) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def ratio(value: float, base: float) -> str:
    if not base or math.isnan(base) or math.isnan(value):
        return ""
    return f" ({value / base:.1f}×)"


def latency_table(result: dict) -> list[str]:
    phases = result["phases"]
    lines = [
        "| operation | clinicians | n | p50 ms | p95 ms | p99 ms | errors | budget (p95) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for clinicians in (1, CLINICIANS):
        ops = phases.get(str(clinicians), {}).get("ops", {})
        base = ops.get("baseline", {})
        for key, label, budget in OPS:
            stats = ops.get(key)
            if not stats:
                continue
            if key == "autosave":
                budget = AUTOSAVE_BUDGET.get(clinicians)
            own = key == "baseline"
            cells = [
                fmt(stats[p]) + ("" if own else ratio(stats[p], base.get(p, math.nan)))
                for p in ("p50", "p95", "p99")
            ]
            verdict = ""
            if budget is not None and (key == "autosave" or clinicians == 1):
                verdict = f"≤ {budget:g} ms: {'met' if stats['p95'] <= budget else 'MISSED'}"
            if key == "autosave" and base:
                factor = stats["p95"] / base["p95"]
                verdict += (
                    f"; ≤ {BASELINE_FACTOR:g}× baseline: "
                    f"{'met' if factor <= BASELINE_FACTOR else 'MISSED'}"
                )
            lines.append(
                f"| {label} | {clinicians} | {stats['n']} | {cells[0]} | {cells[1]} | "
                f"{cells[2]} | {stats['errors']} | {verdict} |"
            )
        for storm_key, op in (("storm", "autosave"), ("storm_baseline", "baseline")):
            storm = result.get(storm_key)
            if clinicians == CLINICIANS and storm:
                stats = storm["ops"][op]
                base_storm = result.get("storm_baseline", {}).get("ops", {}).get("baseline", {})
                cells = [
                    fmt(stats[p])
                    + ("" if op == "baseline" else ratio(stats[p], base_storm.get(p, math.nan)))
                    for p in ("p50", "p95", "p99")
                ]
                label = "autosave, write storm" if op == "autosave" else "baseline, write storm"
                lines.append(
                    f"| {label} | {clinicians} | {stats['n']} | {cells[0]} | "
                    f"{cells[1]} | {cells[2]} | {stats['errors']} | no pause |"
                )
    lines += [
        "",
        "| run | clinicians | requests | seconds | requests/s | saves/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, summary in phases.items():
        saves = summary["ops"].get("autosave", {}).get("n", 0)
        lines.append(
            f"| sessions (+ baseline posts) | {name} | {summary['requests']} | "
            f"{summary['seconds']:.1f} | {summary['throughput']:.1f} | "
            f"{saves / summary['seconds']:.1f} | {summary['errors']} |"
        )
    storm, base_storm = result.get("storm"), result.get("storm_baseline")
    if storm:
        rate = storm["ops"]["autosave"]["n"] / storm["seconds"]
        base_rate = (
            base_storm["ops"]["baseline"]["n"] / base_storm["seconds"] if base_storm else math.nan
        )
        lines.append(
            f"| write storm | {CLINICIANS} | {storm['requests']} | "
            f"{storm['seconds']:.1f} | {storm['throughput']:.1f} | {rate:.1f}"
            f"{'' if math.isnan(base_rate) else f' ({rate / base_rate:.2f}×)'} | "
            f"{storm['errors']} |"
        )
        if base_storm:
            lines.append(
                f"| baseline write storm | {CLINICIANS} | {base_storm['requests']} | "
                f"{base_storm['seconds']:.1f} | {base_storm['throughput']:.1f} | "
                f"{base_rate:.1f} | {base_storm['errors']} |"
            )
    return lines


def queries_lines(result: dict) -> list[str]:
    q = result["queries"]
    new, changed = q["autosave_new"], q["autosave_changed"]
    constant = len(set(new)) == 1 and len(set(changed)) == 1
    steps_empty, steps_full = q["step_pages_no_answers"], q["step_pages_with_answers"]
    pages_constant = steps_empty == steps_full
    step_counts = ", ".join(f"{k} {v}" for k, v in steps_full.items())
    return [
        f"- Autosave: {min(new)}–{max(new)} queries for a new answer over the first "
        f"{q['answers']} answers, {min(changed)}–{max(changed)} for a changed one: "
        f"{'constant' if constant else 'NOT constant'}.",
        f"- Step pages (with {q['answers']} answers): {step_counts}; the same with no answers: "
        f"{'yes' if pages_constant else 'NO ' + json.dumps(steps_empty)}.",
        f"- Live panel: {q['panel_no_answers']} queries (no answers), "
        f"{q['panel_with_answers']} (with {q['answers']}).",
    ]


def first_load_lines(result: dict) -> list[str]:
    lines = [
        "| page | requests | as served (KB) | all gzip (KB) | other hosts | budget |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, page in result["first_load"].items():
        ok = page["gzip"] <= FIRST_LOAD_BUDGET and not page["external"]
        lines.append(
            f"| {name} (`{page['path']}`) | {len(page['resources'])} | "
            f"{page['served'] / 1024:.1f} | {page['gzip'] / 1024:.1f} | "
            f"{len(page['external'])} | ≤ 100 KB, 0 hosts: "
            f"{'met' if ok else 'MISSED'} |"
        )
    return lines


def lighthouse_lines(scores: dict) -> list[str]:
    if "error" in scores:
        return ["Lighthouse did not run:", "", "```", scores["error"].strip(), "```"]
    lines = [
        "| page | Performance | Accessibility | requests to other hosts | budget |",
        "|---|---:|---:|---:|---|",
    ]
    for name, page in scores.items():
        perf, a11y = page.get("performance"), page.get("accessibility")
        ok = perf is not None and perf >= 95 and a11y == 100 and not page.get("external")
        lines.append(
            f"| {name} | {perf} | {a11y} | {len(page.get('external', []))} | "
            f"Perf ≥ 95, A11y 100: {'met' if ok else 'MISSED'} |"
        )
    if scores:
        settings = next(iter(scores.values())).get("settings", "")
        lines += ["", f"Settings: {settings}"]
    return lines


def report(results: list[dict], info: dict, *, skipped: list[str]) -> list[str]:
    lines = [
        f"Run: {info['date']} · command: `{info['command']}` · "
        f"{info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB RAM · Python "
        f"{info['python']}, SQLite {info['sqlite']} · load average before "
        f"{' / '.join(f'{x:.2f}' for x in info['load_before'])}, after "
        f"{' / '.join(f'{x:.2f}' for x in info['load_after'])} · total {info['seconds']:.0f} s",
        "",
    ]
    first = (
        results[0]
        if results
        else {
            "answers_per_session": 80,
            "baseline_routed": False,
            "single": {"rounds": 0, "prints": 0, "reviews": 0},
        }
    )
    single = first["single"]
    lines += [
        f"Sessions: {first['answers_per_session']} answers each"
        + (
            "; every answer is also posted to the baseline view right next to its autosave. "
            if first["baseline_routed"]
            else ". "
        )
        + f"1 clinician: {single['rounds']} sessions back to back, no pause, each PDF "
        f"printed {single['prints']}× and every step page and the panel seen "
        f"{single['reviews'] + 1}× per session. {CLINICIANS} clinicians: one session "
        f"each, starts spread over {STAGGER:g} s, {THINK[0] * 1000:.0f}–"
        f"{THINK[1] * 1000:.0f} ms pause before each action. Write storm: the same "
        f"{CLINICIANS} save with no pause for {STORM_SECONDS:g} s (then the same against "
        "the baseline view).",
        "",
    ]
    for skip in skipped:
        lines += [f"Not run: {skip}", ""]
    lines += budget_lines(results)
    for result in results:
        lines += [f"### {result['database']} — gunicorn, {result['gunicorn']}", ""]
        if not result.get("baseline_routed"):
            lines += [
                "**The baseline view was not routed** (scripts/bench_settings.py / bench_urls.py),"
                " so there are no ratios.",
                "",
            ]
        lines += latency_table(result)
        lines += signed_print_lines(result)
        storm = result.get("storm")
        if storm:
            lines += [
                "",
                f"Write storm: {storm['acknowledged_writes']} saves acknowledged, "
                f"{len(storm['verify_problems'])} of them missing or wrong in the "
                "database afterwards.",
            ]
        lines += [
            "",
            "Latencies in ms (ratio to the baseline view at the same concurrency). Queries:",
            "",
        ]
        lines += queries_lines(result)
        lines += ["", "First page load (cold cache):", ""]
        lines += first_load_lines(result)
        problems = result["log_problems"]
        lines += [
            "",
            f"gunicorn log: {len(problems)} error lines"
            + (
                " (" + "; ".join(problems[:3]) + ")"
                if problems
                else ' (no tracebacks, no "database is locked").'
            ),
            "",
        ]
    return lines


def errors_of(result: dict) -> int:
    runs = [*result["phases"].values(), result["storm"], result.get("storm_baseline", {})]
    return sum(run.get("errors", 0) for run in runs) + len(result["storm"]["verify_problems"])


def budget_lines(results: list[dict]) -> list[str]:
    """One row per budget that this run measures, one column per database."""
    if not results:
        return []
    rows: list[tuple[str, list[str]]] = []

    def stat(result, phase, op, key="p95"):
        return result["phases"].get(phase, {}).get("ops", {}).get(op, {}).get(key, math.nan)

    def cell(value, limit, unit=" ms"):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        return f"{value:.1f}{unit} {'✅' if value <= limit else '❌'}"

    rows.append(
        ("autosave p95, 1 clinician ≤ 25 ms", [cell(stat(r, "1", "autosave"), 25) for r in results])
    )
    rows.append(
        (
            f"autosave p95, {CLINICIANS} clinicians ≤ 100 ms",
            [cell(stat(r, str(CLINICIANS), "autosave"), 100) for r in results],
        )
    )
    for n in (1, CLINICIANS):
        rows.append(
            (
                f"autosave p95 ≤ 3× baseline ({n})",
                [
                    cell(stat(r, str(n), "autosave") / stat(r, str(n), "baseline"), 3, "×")
                    for r in results
                ],
            )
        )
    rows.append(("step page p95 ≤ 60 ms (1)", [cell(stat(r, "1", "step"), 60) for r in results]))
    rows.append(("live panel p95 ≤ 30 ms (1)", [cell(stat(r, "1", "panel"), 30) for r in results]))
    rows.append(
        ("handout PDF p95 ≤ 0.25 s (1)", [cell(stat(r, "1", "handout pdf"), 250) for r in results])
    )
    rows.append(
        ("summary PDF p95 ≤ 0.4 s (1)", [cell(stat(r, "1", "summary pdf"), 400) for r in results])
    )
    rows.append(
        (
            "queries per autosave constant",
            [
                (
                    "✅ "
                    if len(set(r["queries"]["autosave_new"])) == 1
                    and len(set(r["queries"]["autosave_changed"])) == 1
                    else "❌ "
                )
                + "/".join(str(x) for x in sorted(set(r["queries"]["autosave_new"])))
                for r in results
            ],
        )
    )
    rows.append(
        (
            "first page load ≤ 100 KB gzip, 0 other hosts",
            [
                (
                    "✅ "
                    if all(
                        p["gzip"] <= FIRST_LOAD_BUDGET and not p["external"]
                        for p in r["first_load"].values()
                    )
                    else "❌ "
                )
                + f"max {max(p['gzip'] for p in r['first_load'].values()) / 1024:.0f} KB, "
                + f"{sum(len(p['external']) for p in r['first_load'].values())} hosts"
                for r in results
            ],
        )
    )
    rows.append(
        (
            f"{CLINICIANS} concurrent clinicians: 0 errors",
            [("✅ " if not errors_of(r) else "❌ ") + str(errors_of(r)) for r in results],
        )
    )
    header = "| budget | " + " | ".join(r["database"] for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return lines + [""]


def write_markdown(section: list[str], lighthouse: list[str] | None) -> None:
    text = (
        RESULTS_MD.read_text()
        if RESULTS_MD.exists()
        else (f"# Benchmarks\n\n{START}\n{END}\n\n{LH_START}\n{LH_END}\n")
    )

    def replace(text: str, start: str, end: str, body: list[str]) -> str:
        if start not in text or end not in text:
            text += f"\n{start}\n{end}\n"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        return f"{head}{start}\n" + "\n".join(body) + f"\n{end}{tail}"

    text = replace(text, START, END, section)
    if lighthouse is not None:
        text = replace(text, LH_START, LH_END, lighthouse)
    RESULTS_MD.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true", help="fewer samples (harness check)")
    parser.add_argument("--workers", type=int, default=lt.default_workers())
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also write pyinstrument profiles to var/bench/profile/",
    )
    args = parser.parse_args()

    began = time.perf_counter()
    info = machine()
    info["date"] = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info["command"] = the_command()
    lighthouse = os.environ.get("BENCH_LIGHTHOUSE") == "1"
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    databases = [lt.SqliteDatabase(OUT_DIR / "sqlite")]
    skipped = []
    pg_url = os.environ.get("BENCH_POSTGRES_URL") or (
        os.environ["DATABASE_URL"]
        if lt.is_postgres_url(os.environ.get("DATABASE_URL"))
        else lt.DEFAULT_PG_ADMIN_URL
    )
    if args.no_postgres:
        skipped.append("PostgreSQL (--no-postgres).")
    elif problem := lt.postgres_problem(pg_url):
        skipped.append(f"PostgreSQL: not reachable at {pg_url} ({problem}).")
    else:
        databases.append(lt.PostgresDatabase(pg_url, f"bench_{os.getpid()}"))
    for skip in skipped:
        log(f"Skipping {skip}")

    results = []
    for database in databases:
        workdir = OUT_DIR / database.vendor
        results.append(
            bench_database(
                database,
                workdir,
                workers=args.workers,
                worker_class=args.worker_class,
                threads=args.threads,
                quick=args.quick,
                profile=args.profile,
                lighthouse=lighthouse and database.vendor == "sqlite",
            )
        )

    info["load_after"] = os.getloadavg()
    info["seconds"] = time.perf_counter() - began
    section = report(results, info, skipped=skipped)
    lh = next((r["lighthouse"] for r in results if "lighthouse" in r), None)
    lh_section = None
    if lh is not None:
        lh_section = [f"Run: {info['date']} · command: `{info['command']}`", ""]
        lh_section += lighthouse_lines(lh)
    (OUT_DIR / "results.json").write_text(
        json.dumps({"machine": info, "results": results}, indent=1, default=str)
    )
    print("\n" + "\n".join(section))
    if lh_section:
        print("\n".join(lh_section))
    if not args.no_write:
        write_markdown(section, lh_section)
        log(
            f"\nWritten to {RESULTS_MD.relative_to(REPO)} (raw figures: "
            f"{(OUT_DIR / 'results.json').relative_to(REPO)})."
        )
    return 1 if sum(errors_of(r) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
