"""The report context (one builder for the HTML preview and both PDFs) and the renderers.

`build_report_context` does every database read and the reasoning; it returns plain data (dicts,
lists and the engine's frozen records, read by attribute), so the templates cannot trigger
queries and rendering can run outside any transaction.
"""

from __future__ import annotations

import base64
import copy
import datetime
import json
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from clinic.models import Encounter, SignedDocument
from exam.bodychart import CHART_VIEWBOX, REGION_SHAPES, chart_region
from exam.engine import (
    Assessment,
    ClusterState,
    EvidenceUse,
    HypothesisScore,
    SelectedPath,
    StrengthRow,
)
from exam.progress import (
    IMPROVING,
    STABLE,
    UNKNOWN,
    WORSENING,
    not_improving,
    propose_phase,
)
from exam.protocol import Item, Protocol
from exam.protocol.exercise_guide import guide_for
from exam.protocol.types import (
    BODY_CHART_GROUP,
    CHOICE,
    FORCE,
    GENERAL_NOTE,
    MRC_0_5,
    NOT_TENDER,
    NOT_TESTED,
    NOTES_GROUP,
    PAIN_0_10,
    PALPATION,
    REGION,
    TEST_RESULT,
    TEXT,
    YES_NO_UNSURE,
    quality_code,
    red_flag_positive,
)
from exam.protocol.v2027_02 import convert_force
from exam.services import answers_by_slot, assessment_for, protocol_for
from reports.charts import CourseVisit, course_trend, progress_panels
from reports.figures import exercise_svg
from reports.pdf import DEFAULT_PAPER, StaticOnlyFetcher, render_pdf

HANDOUT = "handout"
SUMMARY = "summary"
REFERRAL = "referral"
ADDENDUM = "addendum"
DOCUMENTS = {
    HANDOUT: {
        "title": "patient handout",
        "heading": "Your visit today",
        "template": "reports/handout.html",
    },
    SUMMARY: {
        "title": "clinician summary",
        "heading": "Clinician summary",
        "template": "reports/summary.html",
    },
    REFERRAL: {
        "title": "referral letter",
        "heading": "Referral letter",
        "template": "reports/referral.html",
    },
    ADDENDUM: {
        "title": "addendum",
        "heading": "Addendum to a signed record",
        "template": "reports/addendum.html",
    },
}

NOT_TESTED_REASONS = {
    "pain": "too painful",
    "contraindicated": "contraindicated",
    "time": "not enough time",
    "other": "other reason",
}
SIDES = ("left", "right")
POSITIVE_VALUES = {"yes", "positive", "familiar", True}

# Plain-language wording for the handout (protocol data has the medical content; these are
# only the sentence frames around it).
CONFIDENCE_WORDS = {
    "clear": "The findings fit this explanation well.",
    "probable": "The findings fit this explanation reasonably well, but another explanation is "
    "still possible.",
    "uncertain": "The picture is mixed, so this is our best explanation for now. How you respond "
    "to the plan will tell us more.",
}
URGENCY_WORDS = {
    "emergency": "Today",
    "urgent": "Within the next few days",
    "soon": "In the next week or two",
}
WHY_HEADINGS = {
    "where": "Where you feel it",
    "brings_on": "What brings it on",
    "feels": "How it feels",
    "eases": "What eases it",
    "pattern": "How it behaves",
    "tests": "Tests that brought on your usual pain",
    "pressing": "Pressing on these spots brought on your usual pain",
    "other": "Other things that fit",
}
HISTORY_GROUP_KIND = {
    "Aggravating factors": "brings_on",
    "Quality": "feels",
    "Easing factors": "eases",
    "24-hour pattern": "pattern",
}


# --- Formatting helpers -------------------------------------------------------------------------


def person_name(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def value_text(item: Item, value: Any, reason: str = "") -> str:
    """An answer in the clinician's words, e.g. "Positive", "4/5", "220 N", "Not tested (pain)"."""
    if value == NOT_TESTED:
        why = NOT_TESTED_REASONS.get(reason, "")
        return f"Not tested ({why})" if why else "Not tested"
    kind = item.answer_type
    if kind == REGION:
        return "Marked" if value is True else "Not marked"
    if kind == TEXT:
        return str(value)
    if item.choices:
        return item.choice_label(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if kind == PAIN_0_10:
        return f"{value}/10"
    if kind == MRC_0_5:
        return f"{value}/5"
    return f"{value} {item.unit}".strip()


def is_positive(item: Item, value: Any) -> bool:
    if item.answer_type == MRC_0_5:
        return isinstance(value, int) and value < 5
    if item.answer_type == CHOICE:
        return value in ("reduced", "absent", "increased", "peripheralises")
    return value in POSITIVE_VALUES


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _with_side(text: str, side: str | None) -> str:
    return f"{text}, {side} side" if side else text


# --- Pieces of the context ----------------------------------------------------------------------


MRC_PATIENT_WORDS = {5: "normal", 4: "a little weaker", 3: "weaker"}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _patient_finding(item: Item, side: str | None, value: Any) -> tuple[str, str]:
    """(group key, plain phrase) for one finding that supported the working explanation."""
    label = _lower_first(item.patient_label)
    kind = item.answer_type
    if kind == REGION:
        return "where", _with_side(label, side)
    if kind == YES_NO_UNSURE and value == "yes":
        if item.step == "history":
            return HISTORY_GROUP_KIND.get(item.group, "other"), label
        return "other", _with_side(label, side)
    if kind == PALPATION and value == "familiar":
        return "pressing", _with_side(label, side)
    if kind == TEST_RESULT and value == "positive":
        return "tests", _with_side(label, side)
    if kind == TEST_RESULT and value == "negative":
        return "other", _with_side(f"{label} did not bring on your pain", side)
    if kind == MRC_0_5 and isinstance(value, int):
        return "other", _with_side(f"{label}: {MRC_PATIENT_WORDS.get(value, 'much weaker')}", side)
    if kind == FORCE:
        return "other", _with_side(f"{label}: weaker than the other side", side)
    if item.choices:
        return "other", _with_side(f"{label}: {_lower_first(item.choice_label(value))}", side)
    return "other", _with_side(f"{label}: {value_text(item, value)}", side)


def _patient_why(
    protocol: Protocol, evidence: tuple[EvidenceUse, ...], sij_cluster: ClusterState | None
) -> list[dict]:
    """The findings that supported the working explanation, in everyday words, grouped.

    Findings a stronger test in the same group outweighed ("not counted") still support it,
    so they are listed too; no numbers, no test jargon beyond the protocol's patient labels.
    """
    groups: dict[str, list[str]] = {}
    for use in evidence:
        if use.direction != "up":
            continue
        item = protocol.items_by_code.get(use.item)
        if item is not None:
            key, phrase = _patient_finding(item, use.side, use.value)
        elif sij_cluster is not None and use.item == sij_cluster.code:
            positives, total = sij_cluster.positives, sij_cluster.total
            key, phrase = "tests", f"pressure tests on the pelvis ({positives} of {total})"
        else:
            continue
        groups.setdefault(key, []).append(phrase)
    order = ("where", "brings_on", "feels", "eases", "pattern", "pressing", "tests", "other")
    return [
        {
            "heading": WHY_HEADINGS[key],
            "text": _capitalise("; ".join(dict.fromkeys(groups[key]))) + ".",
        }
        for key in order
        if key in groups
    ]


def region_quality(protocol: Protocol, answers: dict, item: Item, side: str) -> str:
    """The pain quality recorded for a marked body-chart region ("burning"), or "" (2027.01)."""
    quality = protocol.items_by_code.get(quality_code(item.code))
    region = answers.get((item.code, side))
    if quality is None or region is None or region.value is not True:
        return ""  # the quality of an unmarked region is kept but not read (as in the engine)
    answer = answers.get((quality.code, side))
    return _lower_first(quality.choice_label(answer.value)) if answer is not None else ""


def _region_text(protocol: Protocol, answers: dict, item: Item, side: str, label: str) -> str:
    quality = region_quality(protocol, answers, item, side)
    return f"{label} ({quality})" if quality else label


def free_text_notes(protocol: Protocol, answers: dict) -> list[dict]:
    """The clinician's free-text notes, one per step plus a general note (protocol 2027.01).

    Printed on the clinician summary and shown on the summary page; never evidence.
    """
    steps = {step.slug: step.label for step in protocol.steps}
    notes = []
    for item in protocol.items:
        answer = answers.get((item.code, ""))
        if item.group != NOTES_GROUP or answer is None or not str(answer.value).strip():
            continue
        heading = "General note" if item.code == GENERAL_NOTE else steps[item.step]
        notes.append({"code": item.code, "heading": heading, "text": answer.value})
    return notes


def _outline_path(regions: list[dict]) -> str:
    """The outlines of the given regions as one SVG path: the printed chart draws the unmarked
    regions (dashed, unfilled) as one element instead of one each (each SVG element costs about
    0.3 ms in WeasyPrint; the same outlines)."""

    def n(value: float) -> str:
        return f"{value:g}"

    parts = []
    for r in regions:
        if r["kind"] == "rect":
            x, y, w, h, c = r["x"], r["y"], r["w"], r["h"], min(6, r["w"] / 2, r["h"] / 2)
            parts.append(
                f"M{n(x + c)} {n(y)}H{n(x + w - c)}A{n(c)} {n(c)} 0 0 1 {n(x + w)} {n(y + c)}"
                f"V{n(y + h - c)}A{n(c)} {n(c)} 0 0 1 {n(x + w - c)} {n(y + h)}"
                f"H{n(x + c)}A{n(c)} {n(c)} 0 0 1 {n(x)} {n(y + h - c)}"
                f"V{n(y + c)}A{n(c)} {n(c)} 0 0 1 {n(x + c)} {n(y)}Z"
            )
        else:
            cx, cy, rx, ry = r["cx"], r["cy"], r["rx"], r["ry"]
            parts.append(
                f"M{n(cx - rx)} {n(cy)}A{n(rx)} {n(ry)} 0 1 0 {n(cx + rx)} {n(cy)}"
                f"A{n(rx)} {n(ry)} 0 1 0 {n(cx - rx)} {n(cy)}Z"
            )
    return "".join(parts)


def _body_chart(protocol: Protocol, answers: dict) -> dict:
    regions, marked = [], {"left": [], "right": []}
    for item in protocol.items:
        if item.answer_type != REGION:
            continue
        for side in SIDES:
            answer = answers.get((item.code, side))
            is_marked = answer is not None and answer.value is True
            if is_marked:
                marked[side].append(_region_text(protocol, answers, item, side, item.label))
            shape = REGION_SHAPES.get((item.code, side))
            if shape is None:
                continue
            regions.append(chart_region(shape, side=side, label=item.label, marked=is_marked))
    # Marked regions last, so their outline is drawn over neighbours.
    regions.sort(key=lambda r: r["marked"])
    chart = {
        "viewbox": " ".join(str(n) for n in CHART_VIEWBOX),
        "regions": regions,
        "unmarked_outlines": _outline_path([r for r in regions if not r["marked"]]),
        "marked": marked,
        "any_marked": bool(marked["left"] or marked["right"]),
    }
    # An image, not inline SVG: inline, every SVG element goes through the HTML style cascade.
    svg = render_to_string("reports/_bodychart.svg", {"chart": chart}).strip()
    chart["image"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return chart


def _history_summary(protocol: Protocol, answers: dict) -> list[dict]:
    """History as compact lines per group: positives, negatives, choices and numbers."""
    lines: list[dict] = []
    by_group: dict[str, list[Item]] = {}
    for item in protocol.items_for_step("history"):
        # the body chart (regions and their pain quality) is drawn; notes have their own section
        if item.answer_type != REGION and item.group not in (BODY_CHART_GROUP, NOTES_GROUP):
            by_group.setdefault(item.group, []).append(item)
    for group, items in by_group.items():
        yes, no, unsure, other = [], [], [], []
        for item in items:
            for side in SIDES if item.side_aware else ("",):
                answer = answers.get((item.code, side))
                if answer is None:
                    continue
                label = item.label if not side else f"{item.label} ({side})"
                if item.answer_type == YES_NO_UNSURE:
                    {"yes": yes, "no": no}.get(answer.value, unsure).append(_lower_first(label))
                else:
                    other.append(
                        {"label": label, "value": value_text(item, answer.value, answer.reason)}
                    )
        if yes or no or unsure or other:
            lines.append({"group": group, "yes": yes, "no": no, "unsure": unsure, "other": other})
    return lines


# Answers that say "nothing found" (no, negative, not tender, normal). Appendix B lists them per step
# on one line per result ("No: a; b; c"): every answer is still printed, a colleague reads the
# positives at a glance, and each printed line is a box of its own (about 3 000 Python calls each
# in WeasyPrint; profiled, issue 13).
NORMAL_VALUES = frozenset({"no", "negative", NOT_TENDER, "normal"})


def _finding_cell(item: Item, answer) -> dict:
    return {
        "text": value_text(item, answer.value, answer.reason),
        "positive": is_positive(item, answer.value),
        "not_tested": answer.value == NOT_TESTED,
        "normal": isinstance(answer.value, str) and answer.value in NORMAL_VALUES,
    }


def _normal_result(row: dict) -> tuple[str, str] | None:
    """(result, label) when every recorded side of a row is the same normal answer, else None;
    a one-sided row's label says the side."""
    if not row["sided"]:
        return (row["value"]["text"], row["label"]) if row["value"]["normal"] else None
    cells = {side: row[side] for side in SIDES if row[side] is not None}
    texts = {cell["text"] for cell in cells.values()}
    if len(texts) > 1 or not all(cell["normal"] for cell in cells.values()):
        return None
    label = row["label"] if len(cells) == len(SIDES) else f"{row['label']}, {' and '.join(cells)}"
    return texts.pop(), label


def _group_normal_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(rows printed one per line, normal results shared by two or more rows as one line each).
    A row on both sides is listed without a side: "Negative: Slump test; FADIR, right"."""
    by_result: dict[str, list[tuple[dict, str]]] = {}
    for row in rows:
        normal = _normal_result(row)
        if normal is not None:
            by_result.setdefault(normal[0], []).append((row, normal[1]))
    grouped = {id(row) for group in by_result.values() if len(group) > 1 for row, _ in group}
    singles = [row for row in rows if id(row) not in grouped]
    groups = [
        {"result": result, "labels": [label for _, label in group]}
        for result, group in by_result.items()
        if len(group) > 1
    ]
    return singles, groups


def _findings_by_step(protocol: Protocol, answers: dict) -> list[dict]:
    """Exam steps as lines: one per item with its left/right (or single) result; the items whose
    every answer is normal share one line per result (`normal_groups`)."""
    steps = []
    for step in protocol.steps:
        if step.slug in ("history", "strength"):
            continue  # history has its own summary; strength its own table
        rows, unrecorded = [], 0
        for item in protocol.items_for_step(step.slug):
            if item.group == NOTES_GROUP:
                continue  # printed in the notes section
            if item.side_aware:
                cells = {}
                for side in SIDES:
                    answer = answers.get((item.code, side))
                    cells[side] = None if answer is None else _finding_cell(item, answer)
                if cells["left"] is None and cells["right"] is None:
                    unrecorded += 1
                    continue
                rows.append(
                    {
                        "label": item.label,
                        "group": item.group,
                        "sided": True,
                        "left": cells["left"],
                        "right": cells["right"],
                    }
                )
            else:
                answer = answers.get((item.code, ""))
                if answer is None:
                    unrecorded += 1
                    continue
                rows.append(
                    {
                        "label": item.label,
                        "group": item.group,
                        "sided": False,
                        "value": _finding_cell(item, answer),
                    }
                )
        lines, normal_groups = _group_normal_rows(rows)
        steps.append(
            {
                "slug": step.slug,
                "label": step.label,
                "rows": rows,
                "lines": lines,
                "normal_groups": normal_groups,
                "sided": any(row["sided"] for row in rows),
                "unrecorded": unrecorded,
            }
        )
    return steps


def _strength_rows(strength: tuple[StrengthRow, ...]) -> list[dict]:
    rows = []
    for row in strength:
        out = asdict(row)
        recorded = any(
            out[k] is not None
            for k in ("left", "right", "left_mrc", "right_mrc", "left_pain", "right_pain")
        )
        if not recorded:
            continue
        for side in SIDES:
            force = out[side]
            if isinstance(force, float) and force.is_integer():
                force = int(force)
            out[f"{side}_force_text"] = f"{force} {row.unit}".strip() if force is not None else "—"
            mrc = out[f"{side}_mrc"]
            out[f"{side}_mrc_text"] = f"{mrc}/5" if mrc is not None else "—"
            pain = out[f"{side}_pain"]
            out[f"{side}_pain_text"] = {"yes": "Yes", "no": "No", "unsure": "Unsure"}.get(pain, "—")
        rows.append(out)
    return rows


class References:
    """Numbered sources, each listed once (numbers in order of first use)."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._notes: dict[str, list[str]] = {}

    def number(self, citation: str, note: str = "") -> int | None:
        if not citation:
            return None
        number = self._numbers.setdefault(citation, len(self._numbers) + 1)
        notes = self._notes.setdefault(citation, [])
        if note and note not in notes:
            notes.append(note)
        return number

    def listing(self) -> list[dict]:
        return [
            {"number": n, "citation": c, "notes": self._notes.get(c, [])}
            for c, n in self._numbers.items()
        ]


def lr_text(lr: float) -> str:
    """An LR to two significant figures at most: 5.0, 0.45, 12."""
    if lr >= 10:
        return f"{lr:.0f}"
    return f"{lr:.1f}" if lr >= 1 else f"{lr:.2f}"


def _evidence_rows(
    protocol: Protocol, evidence: tuple[EvidenceUse, ...], refs: References
) -> list[dict]:
    """One formatted row per finding that moved a hypothesis (screen preview and PDF alike).

    Engine bookkeeping is said in clinical words: an overestimated source "weight reduced",
    a finding outweighed by a stronger one in the same group "not added".
    """
    rows = []
    for use in evidence:
        item = protocol.items_by_code.get(use.item)
        # The LR as stated in the protocol data, before the engine reduced an overestimate.
        source_lr = use.lr_source
        notes = []
        if abs(source_lr - use.lr) > 0.005:
            notes.append(
                f"weight reduced from {lr_text(source_lr)} because the study design overestimates"
            )
        if not use.counted:
            notes.append("not added: a stronger finding of the same kind is already counted")
        rows.append(
            {
                "label": use.label,
                "direction": use.direction,
                "counted": use.counted,
                "estimate": use.estimate,
                "side_text": use.side or "",
                "result": use.value_label
                or (value_text(item, use.value) if item else str(use.value)),
                "lr": use.lr,
                "lr_text": lr_text(use.lr),
                "notes": notes,
                "ref": refs.number(use.citation, use.quality),
            }
        )
    return rows


def _key_findings(rows: list[dict], limit: int = 5) -> list[dict]:
    """The findings that carried the hypothesis: counted, raising it, strongest first."""
    carried = [r for r in rows if r["direction"] == "up" and r["counted"]]
    return sorted(carried, key=lambda r: -r["lr"])[:limit]


def _treatment_path(
    protocol: Protocol, result: Assessment, decided_code: str, overridden: bool
) -> SelectedPath:
    """The engine's path, or the path of the clinician's chosen hypothesis on an override."""
    path = result.treatment_path
    if result.red_flags or not overridden or decided_code not in protocol.treatment_paths:
        return path
    chosen = protocol.treatment_paths[decided_code]
    return SelectedPath(
        **{f.name: getattr(chosen, f.name) for f in fields(chosen)},
        selected_because="Matches the clinician's chosen working hypothesis (override).",
        deferred_hypothesis_path=None,
        patient=chosen.for_patient(),
        mechanism_advice=path.mechanism_advice,
        mechanism_citation=path.mechanism_citation,
    )


def _exercise_guide(name: str, patient_name: str) -> dict:
    """Dose line, what gives the resistance, and the start/end drawing for one exercise."""
    guide = guide_for(name)
    return {
        "dose_line": guide.dose_line(),
        "resistance": guide.dose.resistance,
        "figure": mark_safe(exercise_svg(guide, patient_name)),  # noqa: S308 (built from protocol data, escaped)
    }


def _patient_plan(protocol: Protocol, path: SelectedPath, *, phase: int | None = None) -> dict:
    """The patient side of the plan, with each home exercise's 'move on when' and drawing.

    On a follow-up (`phase` = the phase in force, 1-based) the exercises are that phase's, and
    "later" lists only the phases after it.
    """
    source = protocol.treatment_paths[path.code]
    patient = path.patient
    progress_when = {
        e["name"]: e.get("progress_when", "")
        for stage in patient["phases"]
        for e in stage["exercises"]
    }
    current = None
    if phase is not None and 1 <= phase <= len(source.phases):
        stage = patient["phases"][phase - 1]
        home = [
            {**e, **_exercise_guide(record.name, record.patient_name)}
            for e, record in zip(
                stage["exercises"], source.phases[phase - 1].exercises, strict=True
            )
        ]
        current = {"number": phase, "count": len(source.phases), "name": stage["name"]}
        remaining = patient["phases"][phase:]
    else:
        home = [
            {
                **e,
                "progress_when": e.get("progress_when") or progress_when.get(e["name"], ""),
                **_exercise_guide(record.name, record.patient_name),
            }
            for e, record in zip(patient["home_exercises"], source.home_exercises, strict=True)
        ]
        remaining = patient["phases"]
    home_names = {e["name"] for e in home}
    later = [
        {
            "name": stage["name"],
            "exercises": [e["name"] for e in stage["exercises"] if e["name"] not in home_names],
        }
        for stage in remaining
    ]
    later = [stage for stage in later if stage["exercises"]]
    return {
        **patient,
        "home_exercises": home,
        "current_phase": current,
        "later_stages": later,
        "mechanism_advice": [w.patient for w in path.mechanism_advice],
    }


CLINICIAN_CONFIDENCE = {
    "clear": "High: the findings fit well and no other explanation comes close.",
    "probable": "Moderate: the findings fit reasonably well; another explanation is still "
    "possible.",
    "uncertain": "Low: a mixed picture; treat this as a working hypothesis and review it "
    "against the response to treatment.",
}
VISIT_ITEMS = ("onset", "duration")
TRAILS_MAX = 5
TRAIL_MIN_PROBABILITY = 0.05


def _visit_reason(protocol: Protocol, answers: dict, encounter: Encounter) -> dict:
    """Who the patient is and why they came, in one short paragraph's worth of facts."""
    patient = encounter.patient
    regions = [
        _region_text(protocol, answers, item, side, f"{side} {_lower_first(item.label)}")
        for item in protocol.items
        if item.answer_type == REGION
        for side in SIDES
        if (a := answers.get((item.code, side))) is not None and a.value is True
    ]
    facts = [
        {
            "label": protocol.items_by_code[code].label,
            "value": value_text(
                protocol.items_by_code[code], answers[(code, "")].value, answers[(code, "")].reason
            ),
        }
        for code in VISIT_ITEMS
        if code in protocol.items_by_code and (code, "") in answers
    ]
    return {
        "age": patient.age_on(encounter.date),
        "sex": patient.get_sex_display().lower(),
        "side": encounter.get_side_display().lower() if encounter.side else "",
        "regions": regions,
        "facts": facts,
    }


def _measurements(protocol: Protocol, answers: dict, result: Assessment) -> dict:
    """Pain scores and strength deficits: the numbers a colleague compares at review."""
    pain = [
        {"label": item.label, "value": value_text(item, answers[(item.code, "")].value)}
        for item in protocol.items
        if item.answer_type == PAIN_0_10 and (item.code, "") in answers
    ]
    deficits = []
    for row in _strength_rows(result.strength):
        if row["deficit_pct"] is None and not row["weaker_side"]:
            continue
        deficits.append(row)
    return {"pain": pain, "strength": deficits}


def ranked_hypotheses(protocol: Protocol, result: Assessment, *, working_code: str) -> list[dict]:
    """The engine's ranking as rows (evidence not yet formatted: see attach_evidence)."""
    top = result.working_hypothesis.code
    return [
        {
            "rank": rank,
            "code": h.code,
            "label": h.label,
            "family_label": protocol.families_by_code[h.family].label,
            "probability": h.probability,
            "probability_band": h.probability_band,
            "mostly_estimates": h.mostly_estimates,
            "prior": h.prior,
            "history_capped": h.history_capped,
            "is_working": h.code == working_code,
            "is_engine_top": h.code == top,
            "evidence": [],
            "raw_evidence": h.evidence,
        }
        for rank, h in enumerate(result.hypotheses, start=1)
    ]


def attach_evidence(
    protocol: Protocol, rows: list[dict], shown: list[dict], refs: References
) -> None:
    """Format the evidence of the `shown` rows (working hypothesis first, for the numbering).

    The one place evidence rows are formatted: the printed summary and the on-screen summary
    page both call this.
    """
    for h in sorted(shown, key=lambda h: not h["is_working"]):
        h["evidence"] = _evidence_rows(protocol, h["raw_evidence"], refs)
    for h in rows:
        h.pop("raw_evidence", None)


# --- Progress across the course of visits ------------------------------------------------------

TREND_WORDS = {
    IMPROVING: "Improving: a patient-reported measure has changed by more than its threshold "
    "since the first visit, and none is worse.",
    STABLE: "No clear change yet: the patient-reported measures are within their thresholds "
    "of the first visit.",
    WORSENING: "Worse: a patient-reported measure is worse than at the first visit by more than "
    "its threshold.",
    UNKNOWN: "Not enough to judge yet: the patient-reported measures need values at two visits.",
}
PATIENT_TREND_WORDS = {
    IMPROVING: "You are improving.",
    STABLE: "Things have not changed much yet.",
    WORSENING: "Some things are worse than at your first visit; we will look at why together.",
    UNKNOWN: "",
}


def course_progress(encounter: Encounter, *, assessment: Assessment | None = None) -> dict:
    """Outcome measures across the visits up to this one: charts and statements, the trend, and
    on a follow-up the phase proposal and the "not improving" prompt (exam/progress.py).

    `assessment` is today's engine result (computed when not given); the proposal and the
    prompt are suggestions for the clinician, who decides.
    """
    from exam.followup import course, phase_criteria, weeks_since_first_visit
    from exam.models import OutcomeValue
    from exam.services import decided_path

    visits = course(encounter)
    values: dict[int, dict[str, Any]] = {v.pk: {} for v in visits}
    rows = OutcomeValue.objects.filter(encounter__in=visits, side="").values_list(
        "encounter_id", "item", "value"
    )
    for encounter_id, code, value in rows:
        values[encounter_id][code] = value
    panels = progress_panels(
        [
            CourseVisit(f"Visit {v.visit_number}", date_format(v.date, "j M"), values[v.pk])
            for v in visits
        ]
    )
    trend = course_trend(panels)
    result: dict[str, Any] = {
        "panels": panels,
        "trend": trend,
        "trend_words": TREND_WORDS[trend],
        "patient_trend_words": PATIENT_TREND_WORDS[trend],
        "patient_lines": [p.patient_statement for p in panels if p.patient_statement],
        "pain_chart": next(
            (p.chart for p in panels if p.measure.code == "nprs_average" and p.change), ""
        ),
        "visits": len(visits),
        "proposal": None,
        "rethink": None,
    }
    if encounter.follows_id is None:
        return result
    previous = visits[-2]
    path = decided_path(previous)
    today = assessment or assessment_for(encounter)
    result["rethink"] = not_improving(
        path_code=path.code,
        weeks_since_first=weeks_since_first_visit(encounter),
        trend=trend,
        assessment=today,
    )
    keys = [c.key for c in phase_criteria(path, previous.phase)]
    if path.phases:
        result["proposal"] = propose_phase(
            criteria=encounter.phase_criteria or {},
            criterion_keys=keys,
            trend=trend,
            phase=previous.phase,
            phase_count=len(path.phases),
        )
    return result


# --- The context builder ------------------------------------------------------------------------


def _follow_up_section(encounter: Encounter, answers: dict, result: Assessment) -> dict | None:
    """Last time against today on a follow-up's documents (None on an initial visit)."""
    if encounter.follows_id is None:
        return None
    from exam.followup import first_visit, phase_criteria, ranking_move, weeks_since_first_visit
    from exam.services import decided_path, outcome_items, outcomes_by_slot

    previous = Encounter.objects.get(pk=encounter.follows_id)
    before_answers = answers_by_slot(previous)
    before_result = assessment_for(previous, before_answers)
    path = decided_path(previous, before_result)
    before_protocol = protocol_for(previous)
    decided = before_protocol.hypotheses_by_code.get(previous.decided_hypothesis)
    rows = []
    today_outcomes, before_outcomes = outcomes_by_slot(encounter), outcomes_by_slot(previous)
    for code, item in outcome_items().items():
        for side in ("left", "right") if item.side_aware else ("",):
            now, then = today_outcomes.get((code, side)), before_outcomes.get((code, side))
            if now or then:
                rows.append(_last_vs_today(item, side, then, now))
    from exam.views import retest_items

    for item in retest_items(protocol_for(encounter), previous, before_result):
        for side in ("left", "right") if item.side_aware else ("",):
            now, then = answers.get((item.code, side)), before_answers.get((item.code, side))
            if now or then:
                then_item = before_protocol.items_by_code.get(item.code, item)
                rows.append(_last_vs_today(item, side, then, now, then_item))
    criteria = phase_criteria(path, previous.phase)
    first = first_visit(encounter)
    return {
        "visit_number": encounter.visit_number,
        "previous_date": previous.date,
        "first_date": first.date,
        "weeks_since_first": weeks_since_first_visit(encounter),
        "last_hypothesis": decided.label if decided else before_result.working_hypothesis.label,
        "last_path": path.title,
        "phase_before": previous.phase,
        "phase_after": encounter.phase,
        "phase_count": len(path.phases),
        "phase_decision": encounter.get_phase_decision_display()
        if encounter.phase_decision
        else "",
        "criteria": [
            {"text": c.text, "mark": encounter.phase_criteria.get(c.key, "")} for c in criteria
        ],
        "ranking": asdict(ranking_move(before_result, result)),
        "rows": rows,
    }


def last_visit_value(then_item: Item, item: Item, then) -> tuple[str, Any, bool]:
    """Last visit's answer in words, read with last visit's own item (a force recorded in N
    before protocol 2027.02 reads in N, today's unit beside it), the value to compare with
    today's, and whether it was converted (then compare to one decimal)."""
    text, value = value_text(then_item, then.value, then.reason), then.value
    if (
        then_item.answer_type == FORCE
        and then_item.unit != item.unit
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        value = convert_force(value, then_item.unit, item.unit)
        return f"{text} (about {value:g} {item.unit})", value, True
    return text, value, False


def changed_since(now_value: Any, then_value: Any, converted: bool) -> bool:
    if converted and isinstance(now_value, int | float):
        return round(now_value, 1) != then_value
    return now_value != then_value


def _last_vs_today(item: Item, side: str, then, now, then_item: Item | None = None) -> dict:
    last, last_value, converted = (
        last_visit_value(then_item or item, item, then) if then else ("—", None, False)
    )
    return {
        "label": f"{item.label} ({side})" if side else item.label,
        "code": item.code,
        "side": side,
        "last": last,
        "today": value_text(item, now.value, now.reason) if now else "—",
        "last_value": last_value,
        "today_value": now.value if now else None,
        "changed": bool(now) and (then is None or changed_since(now.value, last_value, converted)),
    }


def build_report_context(encounter: Encounter, *, request_user=None) -> dict[str, Any]:
    """Everything both documents and the preview show, as plain data (all queries happen here)."""
    protocol = protocol_for(encounter)
    answers = answers_by_slot(encounter)
    result = assessment_for(encounter, answers)
    patient = encounter.patient
    engine_working = result.working_hypothesis
    hypotheses: dict[str, HypothesisScore] = {h.code: h for h in result.hypotheses}

    decided_code = encounter.decided_hypothesis if encounter.decision else ""
    overridden = (
        encounter.decision == Encounter.Decision.OVERRIDDEN
        and decided_code in protocol.hypotheses_by_code
    )
    working_code = (
        decided_code if decided_code in protocol.hypotheses_by_code else engine_working.code
    )
    hyp = protocol.hypotheses_by_code[working_code]
    family = protocol.families_by_code[hyp.family]
    scored = hypotheses.get(working_code)
    working = {
        "code": hyp.code,
        "label": hyp.label,
        "patient_label": hyp.patient_label,
        "description": hyp.description,
        "patient_description": hyp.patient_description,
        "family": hyp.family,
        "family_label": family.label,
        "family_patient_label": family.patient_label,
        "family_patient_description": family.patient_description,
        "probability": scored.probability if scored else None,
        "confidence": engine_working.confidence if not overridden else "clinician's choice",
        "confidence_clinician": CLINICIAN_CONFIDENCE.get(engine_working.confidence, ""),
        "confidence_words": (
            "Your clinician chose this explanation after looking at the whole examination."
            if overridden
            else CONFIDENCE_WORDS.get(engine_working.confidence, "")
        ),
        "source": "clinician override"
        if overridden
        else ("accepted by the clinician" if encounter.decision else "engine (not yet confirmed)"),
    }
    families = result.families
    less_likely = [
        {
            "code": code,
            "patient_label": protocol.families_by_code[code].patient_label,
            "probability": p,
        }
        for code, p in sorted(families.items(), key=lambda kv: -kv[1])
        if code != hyp.family
    ]

    selected = _treatment_path(protocol, result, working_code, overridden)
    # The same dose line as on the handout, so the colleague and the patient read one dose.
    path = {
        **asdict(selected),
        "phases": [
            {
                **asdict(phase),
                "exercises": [
                    {**asdict(e), "dose_line": guide_for(e.name).dose_line()}
                    for e in phase.exercises
                ],
            }
            for phase in selected.phases
        ],
    }
    red_flags = [
        {
            **asdict(flag),
            "urgency_words": URGENCY_WORDS.get(flag.urgency, ""),
            "triggered_labels": [
                protocol.items_by_code[c].label
                for c in flag.triggered_by
                if c in protocol.items_by_code
            ],
        }
        for flag in result.red_flags
    ]
    red_flag_items = [i for i in protocol.items_for_step("red-flags") if i.answer_type != TEXT]
    unanswered = result.red_flags_unanswered
    unsure = result.red_flags_unsure
    red_flag_screen = {
        "raised": red_flags,
        "unsure": [protocol.items_by_code[c].label for c in unsure],
        "unanswered": [protocol.items_by_code[c].label for c in unanswered],
        "total": len(red_flag_items),
        "answered": len(red_flag_items) - len(unanswered),
        "complete": not unanswered,
    }

    hypothesis_rows = ranked_hypotheses(protocol, result, working_code=working_code)
    # Trails for the hypotheses a colleague would weigh: the engine's top one and any other
    # at 5% or more (at most 5); below that the ranking table says enough.
    trails = [
        h
        for h in hypothesis_rows[:TRAILS_MAX]
        if h["raw_evidence"] and (h["rank"] == 1 or h["probability"] >= TRAIL_MIN_PROBABILITY)
    ]
    if overridden and not any(h["code"] == working_code for h in trails):
        trails += [h for h in hypothesis_rows if h["code"] == working_code and h["raw_evidence"]]
    # Sources are numbered once, working hypothesis first, then the other trails, then the plan.
    refs = References()
    attach_evidence(protocol, hypothesis_rows, trails, refs)
    working_rows = next((h["evidence"] for h in trails if h["is_working"]), [])
    also_considered = [h for h in hypothesis_rows if not h["is_working"]][:2]
    path_refs = [refs.number(c) for c in selected.citation]
    if selected.mechanism_citation:
        path_refs.append(refs.number(selected.mechanism_citation))

    addenda = [
        {"text": a.text, "author": person_name(a.author), "created_at": a.created_at}
        for a in encounter.addenda.select_related("author").order_by("created_at")
    ]
    clinician = person_name(encounter.clinician)
    now = timezone.now()
    patient_why = _patient_why(protocol, scored.evidence if scored else (), result.sij_cluster)

    phases = selected.phases
    phase_number = encounter.phase if 1 <= encounter.phase <= len(phases) else 1
    return {
        "follow_up": _follow_up_section(encounter, answers, result),
        "progress": course_progress(encounter, assessment=result),
        "phase_in_force": {
            "number": phase_number,
            "count": len(phases),
            **(path["phases"][phase_number - 1] if phases else {}),
        },
        "encounter_id": encounter.pk,
        "clinic_name": patient.clinic.name,
        "clinic": {
            "name": patient.clinic.name,
            "phone": patient.clinic.phone,
            "email": patient.clinic.email,
            "address": patient.clinic.address,
        },
        "clinician_name": clinician,
        "printed_by": person_name(request_user) if request_user is not None else "",
        "generated_at": now,
        "date": encounter.date,
        "is_draft": not encounter.is_signed,
        "protocol_version": encounter.protocol_version,
        "complaint_side": encounter.get_side_display(),
        "patient": {
            "full_name": patient.full_name,
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth,
            "age": patient.age_on(encounter.date),
            "sex": patient.get_sex_display(),
            "identifier": patient.identifier,
            "phone": patient.phone,
            "email": patient.email,
        },
        "working": working,
        "visit": _visit_reason(protocol, answers, encounter),
        "key_findings": _key_findings(working_rows),
        "also_considered": also_considered,
        "measurements": _measurements(protocol, answers, result),
        "references": refs.listing(),
        "path_refs": path_refs,
        "engine_working": engine_working,
        "decision": {
            "status": encounter.get_decision_display() if encounter.decision else "",
            "overridden": overridden,
            "reason": encounter.override_reason if overridden else "",
            **_referral_decision(encounter, red_flags),
        },
        "has_findings": any(a.pk for a in answers.values()),  # not the derived age band
        "less_likely": less_likely,
        "families": [
            {"code": code, "label": protocol.families_by_code[code].label, "probability": p}
            for code, p in families.items()
        ],
        "patient_why": patient_why,
        "inconsistent": result.inconsistent,
        "inconsistency_note": result.inconsistency_note,
        "stop_testing_message": result.stop_testing_message,
        "pain_mechanism": result.pain_mechanism,
        "red_flags": red_flags,
        "red_flag_screen": red_flag_screen,
        "path": path,
        "plan": _patient_plan(
            protocol, selected, phase=encounter.phase if encounter.follows_id else None
        ),
        "next_appointment": encounter.next_appointment,
        "history": _history_summary(protocol, answers),
        "function_goals": (
            answers[("function_goals", "")].value if ("function_goals", "") in answers else ""
        ),
        "chart": _body_chart(protocol, answers),
        "notes": free_text_notes(protocol, answers),
        "findings": _findings_by_step(protocol, answers),
        "strength": _strength_rows(result.strength),
        "strength_note": result.strength[0].note if result.strength else "",
        "sij_cluster": result.sij_cluster,
        "hypotheses": hypothesis_rows,
        "trails": trails,
        "signed": {
            "by": person_name(encounter.signed_by),
            "at": encounter.signed_at,
        }
        if encounter.is_signed
        else None,
        "addenda": addenda,
        **_signing_context(encounter, protocol, answers, red_flags),
    }


# --- Rendering ----------------------------------------------------------------------------------


def render_report_html(
    doc: str, context: dict[str, Any], *, for_pdf: bool = True, request=None
) -> str:
    """One document's HTML; `for_pdf=False` gives the fragment the preview page embeds."""
    meta = DOCUMENTS[doc]
    return render_to_string(
        meta["template"],
        {
            **context,
            "doc": doc,
            "doc_title": meta["title"],
            "doc_heading": meta["heading"],
            "for_pdf": for_pdf,
        },
        request=request,
    )


def _render(
    doc: str,
    encounter: Encounter | None,
    *,
    paper: str,
    context: dict | None,
    url_fetcher: StaticOnlyFetcher | None,
) -> bytes:
    if context is None:
        context = build_report_context(encounter)
    html = render_report_html(doc, context)
    return render_pdf(html, title=DOCUMENTS[doc]["title"], paper=paper, url_fetcher=url_fetcher)


def render_handout_pdf(
    encounter: Encounter | None = None,
    *,
    paper: str = DEFAULT_PAPER,
    context: dict | None = None,
    url_fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """The plain-language patient handout as PDF bytes (pass `context` to reuse one)."""
    return _render(HANDOUT, encounter, paper=paper, context=context, url_fetcher=url_fetcher)


def render_summary_pdf(
    encounter: Encounter | None = None,
    *,
    paper: str = DEFAULT_PAPER,
    context: dict | None = None,
    url_fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """The clinician summary as PDF bytes (pass `context` to reuse one)."""
    return _render(SUMMARY, encounter, paper=paper, context=context, url_fetcher=url_fetcher)


def render_referral_pdf(
    encounter: Encounter | None = None,
    *,
    paper: str = DEFAULT_PAPER,
    context: dict | None = None,
    url_fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """The referral letter (only when a red flag is positive and the clinician refers)."""
    return _render(REFERRAL, encounter, paper=paper, context=context, url_fetcher=url_fetcher)


def report_filename(doc: str, context: dict[str, Any]) -> str:
    """No patient text in the file name: it ends up in headers, download folders and logs."""
    return f"{doc}-encounter-{context['encounter_id']}-{context['date']:%Y-%m-%d}.pdf"


# --- The decision, the referral letter and the signed record ------------------------------------


def _referral_decision(encounter: Encounter, red_flags: list[dict]) -> dict[str, Any]:
    """The red-flag decision as printed: refer (to whom), or continue (why)."""
    if not red_flags or not encounter.referral:
        return {"referral": "", "referral_label": "", "referral_to": "", "referral_reason": ""}
    return {
        "referral": encounter.referral,
        "referral_label": encounter.get_referral_display(),
        "referral_to": encounter.get_referral_to_display() if encounter.referral_to else "",
        "referral_reason": encounter.referral_reason,
    }


def _signing_context(
    encounter: Encounter, protocol: Protocol, answers: dict, red_flags: list[dict]
) -> dict[str, Any]:
    """The clinician's contact, the sign-gate reasons and the referral letter's content."""
    context: dict[str, Any] = {
        "clinician_email": encounter.clinician.email,
        "sign_reasons": {
            "red_flag_gap": encounter.red_flag_gap_reason,
            "no_exam": encounter.no_exam_reason,
        },
        "referral": None,
    }
    if not red_flags or encounter.referral != Encounter.Referral.REFER:
        return context
    triggered = {code for flag in red_flags for code in flag["triggered_by"]}
    findings, negatives = [], []
    for item in protocol.items:
        if item.code not in triggered and item.step != "red-flags":
            continue
        for side in SIDES if item.side_aware else ("",):
            answer = answers.get((item.code, side))
            if answer is None:
                continue
            line = {
                "label": _with_side(item.label, side or None),
                "value": value_text(item, answer.value, answer.reason),
            }
            if item.code in triggered and red_flag_positive(item, answer.value):
                findings.append(line)
            elif answer.value in ("no", "negative"):
                negatives.append(line)
    first = red_flags[0]
    context["referral"] = {
        "to": encounter.get_referral_to_display(),
        "urgency": first["urgency"],
        "urgency_words": URGENCY_WORDS.get(first["urgency"], ""),
        "findings": findings,
        "negatives": negatives,
    }
    return context


def _frozen_copy(encounter: Encounter, *, signed_by, signed_at, reasons: dict) -> Encounter:
    """The encounter as it will read once signed (not saved: the sign service saves it)."""
    frozen = copy.copy(encounter)
    frozen.status = Encounter.Status.SIGNED
    frozen.signed_by = signed_by
    frozen.signed_at = signed_at
    frozen.red_flag_gap_reason = reasons.get("red_flag_gap_reason", "")
    frozen.no_exam_reason = reasons.get("no_exam_reason", "")
    return frozen


class SnapshotEncoder(DjangoJSONEncoder):
    """The stored snapshot's encoder: engine records are written as `dataclasses.asdict`."""

    def default(self, o: Any) -> Any:
        if is_dataclass(o) and not isinstance(o, type):
            return asdict(o)
        return super().default(o)


def render_signed_documents(
    encounter: Encounter, *, signed_by, signed_at, reasons: dict, paper: str = DEFAULT_PAPER
) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """The snapshot to freeze and every document's PDF bytes, rendered once for signing."""
    frozen = _frozen_copy(encounter, signed_by=signed_by, signed_at=signed_at, reasons=reasons)
    context = build_report_context(frozen)
    context["generated_at"] = signed_at
    documents = {
        HANDOUT: (paper, render_handout_pdf(context=context, paper=paper)),
        SUMMARY: (paper, render_summary_pdf(context=context, paper=paper)),
    }
    if context["referral"]:
        documents[REFERRAL] = (paper, render_referral_pdf(context=context, paper=paper))
    snapshot = json.loads(json.dumps(context, cls=SnapshotEncoder))
    snapshot["assessment"] = assessment_for(frozen).to_dict()
    return snapshot, documents


def render_addendum_document(
    encounter: Encounter, *, text: str, author, created_at, paper: str = DEFAULT_PAPER
) -> tuple[str, bytes]:
    """An addendum as its own document: identifies the signed original by its SHA-256."""
    snapshot = encounter.signed_snapshot or {}
    original = (
        SignedDocument.objects.filter(encounter=encounter, kind=SUMMARY)
        .values_list("sha256", flat=True)
        .first()
    )
    patient = snapshot.get("patient") or {
        "full_name": encounter.patient.full_name,
        "date_of_birth": encounter.patient.date_of_birth,
        "identifier": encounter.patient.identifier,
    }
    context = {
        "encounter_id": encounter.pk,
        "clinic_name": snapshot.get("clinic_name", encounter.patient.clinic.name),
        "clinician_name": person_name(author),
        "generated_at": created_at,
        "date": encounter.date,
        "is_draft": False,
        "patient": {
            **patient,
            "date_of_birth": _as_date(patient.get("date_of_birth")),
        },
        "addendum": {"text": text, "author": person_name(author), "created_at": created_at},
        "original": {
            "signed_by": person_name(encounter.signed_by),
            "signed_at": encounter.signed_at,
            "sha256": original or "",
        },
    }
    html = render_report_html(ADDENDUM, context)
    return paper, render_pdf(html, title=DOCUMENTS[ADDENDUM]["title"], paper=paper)


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def signed_document(encounter: Encounter, kind: str, *, addendum_id: int | None = None):
    """The stored document of a signed encounter, or None (legacy records have none)."""
    documents = SignedDocument.objects.filter(encounter=encounter, kind=kind)
    if addendum_id is not None:
        documents = documents.filter(addendum_id=addendum_id)
    return documents.only("pdf", "sha256", "paper", "created_at", "kind").first()
