"""The guided exam: one page per step, autosave per answer, a live hypothesis panel."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic.access import get_encounter_for_user
from clinic.models import AuditEvent, Encounter
from clinic.services import audit_record, client_ip
from exam.bodychart import CHART_VIEWBOX, REGION_SHAPES, TABLET_SCALE, Shape, chart_region
from exam.bulk import BULK_BY_CODE, bulk_actions_for_step, bulk_for_step
from exam.engine import STRENGTH_FLAG_PCT, Assessment, StrengthRow
from exam.followup import (
    DURATION,
    NOT_IMPROVING,
    carrying_items,
    first_visit,
    phase_criteria,
    ranking_move,
    weeks_since_first_visit,
)
from exam.forms import (
    AddendumForm,
    DecisionForm,
    SignForm,
    field_key,
    parse_raw,
    parse_version,
    split_field_key,
)
from exam.models import Answer, OutcomeValue
from exam.protocol import Item, Protocol, ProtocolError, validate_value
from exam.protocol.outcomes import get_outcome
from exam.protocol.types import FORCE, MINUTES, REGION, YES_NO_UNSURE, quality_code
from exam.services import (
    REFERRAL_TO_FOR_URGENCY,
    AnswerConflict,
    BulkConflict,
    EncounterConflict,
    SignRefused,
    addendum_add,
    answers_by_slot,
    assessment_for,
    decided_path,
    derived_items,
    encounter_change_side,
    encounter_decide,
    encounter_record_answer,
    encounter_record_bulk,
    encounter_record_outcome,
    encounter_record_phase,
    encounter_record_step,
    encounter_set_step,
    encounter_sign,
    outcome_items,
    outcomes_by_slot,
    protocol_for,
    sign_gaps,
)
from reports.pdf import ReportError
from reports.services import (
    References,
    attach_evidence,
    changed_since,
    course_progress,
    free_text_notes,
    last_visit_value,
    ranked_hypotheses,
    value_text,
)
from reports.services import _treatment_path as treatment_path_for_decision

SUMMARY = "summary"
STRENGTH_STEP = "strength"
FOLLOW_UP = "follow-up"  # a follow-up's first page: last time, re-tests, outcomes, phase review
OUTCOMES = "outcomes"  # an initial visit's baseline outcome measures
SIDES = ("left", "right")


@dataclass
class Slot:
    item: Item
    side: str  # "" for items that are not side-aware
    answer: Answer | None
    error: str = ""
    state: str = ""  # "", "saved", "error", "conflict"
    posted: Any = None  # the refused value, shown back with the error
    quality_for: str = ""  # a region's pain-quality slot: the region slot's key
    hidden: bool = False  # ...hidden while the region is unmarked (app.js shows it on marking)
    derived_note: str = ""  # computed, not asked: why (age band, a follow-up's duration)
    previous_text: str = ""  # follow-ups: last visit's value in words ("—" when not recorded)
    changed: bool = False  # follow-ups: today's value differs from last visit's
    note: str = ""  # e.g. the real time since the first visit, beside "not improving"

    @property
    def value_text(self) -> str:
        return value_text(self.item, self.value, self.reason) if self.answer else "—"

    @property
    def key(self) -> str:
        return field_key(self.item.code, self.side or None)

    @property
    def value(self) -> Any:
        return self.answer.value if self.answer else None

    @property
    def reason(self) -> str:
        return self.answer.reason if self.answer else ""

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def derived(self) -> bool:
        return bool(self.derived_note)

    @property
    def shown_value(self) -> Any:
        return self.posted if self.error and self.posted is not None else self.value

    @property
    def chip(self) -> bool:
        """A yes / no factor of the history: drawn as a chip of the group's chip grid."""
        return is_chip(self.item)

    @property
    def quick_picks(self) -> tuple[int, ...]:
        """Common answers offered as one-tap chips beside a number box (no-JS: radios)."""
        return QUICK_PICKS.get(self.item.code, ())


# Baseline outcome measures shown open on an initial visit; the others (global rating of change,
# which is about change since the first visit, and the condition-specific tests and
# questionnaires) sit under "More measures" until one is recorded.
BASELINE_OPEN_OUTCOMES = ("nprs_average", "nprs_worst") + tuple(
    f"psfs_{kind}{n}" for n in (1, 2, 3) for kind in ("activity_", "")
)

# History questions that are a list of yes / no factors (aggravating, easing, 24-hour pattern,
# quality, background) are a chip grid: one tap on a chip is Yes; No and Unsure sit on the chip.
CHIP_STEPS = ("history",)
# One-tap values beside a number box. Presentation only: any other value is typed as before.
QUICK_PICKS = {"sitting_minutes": (10, 20, 30, 60)}
PICK_SUFFIX = "__pick"


def is_chip(item: Item) -> bool:
    return item.step in CHIP_STEPS and item.answer_type == YES_NO_UNSURE and not item.side_aware


def posted_raw(data, key: str, item: Item, stored: Any) -> Any:
    """The raw value posted for `key`. With quick picks, the number box and the chosen chip
    both post: whichever differs from the stored value is the new answer; when the box and
    the chip disagree and both changed, the clinician is asked to keep one."""
    raw = data.get(key)
    pick = data.get(key + PICK_SUFFIX, "")
    if item.answer_type != MINUTES or not pick or item.code not in QUICK_PICKS:
        return raw
    typed = (raw or "").strip()
    stored_text = "" if stored is None else str(stored)
    if typed in ("", pick, stored_text):  # the box is empty, agrees, or was not touched
        return pick
    if pick == stored_text:  # the chip was not touched: the typed value is the answer
        return raw
    raise ProtocolError(
        f"{item.label}: you typed {typed} and tapped {pick}. Keep one: clear the box or tap "
        "the value you mean."
    )


@dataclass
class Row:
    item: Item
    slots: list[Slot]
    quality: "Row | None" = None  # a body-chart region's pain quality (protocol 2027.01)
    deficit: StrengthRow | None = None  # a force row's side-to-side difference (strength step)
    why: str = ""  # focused mode: the engine's reason for suggesting this test
    folded: bool = False  # a baseline outcome measure shown under "More measures"
    grid_open: bool = False  # the group's first chip: the chip grid starts here
    grid_close: bool = False  # ...and its last chip: the grid ends here

    @property
    def chip(self) -> bool:
        return is_chip(self.item)


def group_rows(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows by group, in the order each group first appears; in a group, its yes / no chips
    come first (one grid), then its other questions (e.g. minutes of sitting)."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.item.group, []).append(row)
    for group in grouped.values():
        group.sort(key=lambda r: not r.chip)
        chips = [r for r in group if r.chip]
        if chips:
            chips[0].grid_open, chips[-1].grid_close = True, True
    return list(grouped.items())


def attach_region_quality(rows: list[Row]) -> list[Row]:
    """Each region row carries its pain-quality row, drawn with it (not as a row of its own)."""
    by_code = {row.item.code: row for row in rows}
    quality_codes = set()
    for row in rows:
        if row.item.answer_type == REGION and quality_code(row.item.code) in by_code:
            row.quality = by_code[quality_code(row.item.code)]
            quality_codes.add(row.quality.item.code)
            marked = {slot.side: slot.value is True for slot in row.slots}
            for slot in row.quality.slots:
                slot.quality_for = field_key(row.item.code, slot.side or None)
                slot.hidden = not marked.get(slot.side)  # kept, but not read while unmarked
    return [row for row in rows if row.item.code not in quality_codes]


def step_slots(item: Item, answers: dict) -> list[Slot]:
    sides = SIDES if item.side_aware else ("",)
    return [Slot(item, side, answers.get((item.code, side))) for side in sides]


def slot_sides(item: Item, encounter_side: str) -> tuple[str, ...]:
    """The slots that count for this encounter: a side-aware item counts on the complaint side."""
    if not item.side_aware:
        return ("",)
    return SIDES if encounter_side not in SIDES else (encounter_side,)


def page_slugs(protocol, encounter: Encounter | None = None) -> list[str]:
    """The pages of an encounter in order: a follow-up opens with its follow-up page; an
    initial visit records its baseline outcome measures after the history."""
    slugs = [s.slug for s in protocol.steps]
    if encounter is not None and encounter.follows_id is not None:
        slugs.insert(0, FOLLOW_UP)
    elif outcome_items() and "history" in slugs:
        slugs.insert(slugs.index("history") + 1, OUTCOMES)
    return slugs + [SUMMARY]


EXTRA_PAGES = {FOLLOW_UP: "Follow-up", OUTCOMES: "Outcomes"}


def step_nav(
    protocol, answers: dict, encounter_side: str = "both", encounter: Encounter | None = None
) -> list[dict]:
    progress = progress_for(protocol, answers, encounter_side)
    labels = {s.slug: s.label for s in protocol.steps}
    nav = [
        {
            "slug": slug,
            "label": labels.get(slug) or EXTRA_PAGES.get(slug, ""),
            "done": progress.get(slug, (0, 0))[0],
            "total": progress.get(slug, (0, 0))[1],
        }
        for slug in page_slugs(protocol, encounter)[:-1]
    ]
    return nav + [{"slug": SUMMARY, "label": "Summary", "done": 0, "total": 0}]


def progress_for(
    protocol, answers: dict, encounter_side: str = "both"
) -> dict[str, tuple[int, int]]:
    """answered/total per step, counting only the complaint side's slots of side-aware items.

    Body-chart marks, their pain quality and free-text notes are optional so they are not
    counted; nor are derived items (age band).
    """
    progress: dict[str, list[int]] = {step.slug: [0, 0] for step in protocol.steps}
    for item in protocol.items:
        if item.optional:
            continue
        for side in slot_sides(item, encounter_side):
            counts = progress[item.step]
            counts[1] += 1
            counts[0] += (item.code, side) in answers
    return {slug: (done, total) for slug, (done, total) in progress.items()}


def panel_context(encounter: Encounter, answers: dict, result=None) -> dict:
    protocol = protocol_for(encounter)
    result = result or assessment_for(encounter, answers)
    next_tests = []
    for test in result.next_test_details[:5]:
        code = test.item
        if code not in protocol.items_by_code:
            continue
        step_url = reverse("exam:step", args=[encounter.pk, test.step])
        next_tests.append(
            {
                "code": code,
                "label": test.label,
                "url": f"{step_url}#item-{code}",
                "could_change": test.could_change_working_hypothesis,
                "kind": test.kind,
                "reason": test.reason,
            }
        )
    strength_rows = [row for row in result.strength if row.unit]  # movements with a force item
    return {
        "encounter": encounter,
        "a": result,
        "strength_rows": strength_rows,
        "strength_shown": any(row.basis for row in strength_rows),
        "flag_pct": STRENGTH_FLAG_PCT,
        "next_tests": next_tests,
        "top_hypotheses": result.hypotheses[:5],
        "decision": clinician_decision(encounter, protocol, result),
    }


def render_panel(request, encounter, answers, *, oob: bool, result=None) -> str:
    context = panel_context(encounter, answers, result)
    context["oob"] = oob
    return render_to_string("exam/_panel.html", context, request=request)


def step_neighbours(
    protocol, slug: str, encounter: Encounter | None = None
) -> tuple[str | None, str]:
    slugs = page_slugs(protocol, encounter)
    index = slugs.index(slug)
    previous = slugs[index - 1] if index > 0 else None
    return previous, slugs[index + 1]


def attach_deficits(rows: list[Row], result: Assessment) -> None:
    """Each dynamometer row shows its movement's side-to-side difference (the engine's)."""
    by_movement = {row.movement: row for row in result.strength}
    for row in rows:
        if row.item.answer_type == FORCE and row.item.side_aware:
            row.deficit = by_movement.get(row.item.group)


def render_deficit_oob(request, encounter, item: Item, result: Assessment) -> str:
    """After a strength answer: the row's difference and the strength table, out of band."""
    force = next(
        (
            i
            for i in protocol_for(encounter).items_for_step(item.step)
            if i.group == item.group and i.answer_type == FORCE
        ),
        None,
    )
    by_movement = {row.movement: row for row in result.strength}
    context = {"encounter": encounter, "oob": True, "flag_pct": STRENGTH_FLAG_PCT}
    html = render_to_string(
        "exam/_strength_table.html", {**context, "strength": result.strength}, request=request
    )
    if force is not None:
        html += render_to_string(
            "exam/_deficit.html",
            {**context, "item": force, "d": by_movement.get(item.group)},
            request=request,
        )
    return html


CHART_LINE_HEIGHT = 7  # units, for the labels drawn inside the regions
CHART_FONT_SIZE = 6.2  # units; keep in step with .region-text in app.css
CHART_CHAR_WIDTH = 0.64  # average bold glyph width in em, to squeeze a label that would overflow


def _label_width(text: str, box_width: float) -> float | None:
    """A textLength that keeps `text` inside its region, or None when it fits as it is."""
    room = box_width - 3
    return room if len(text) * CHART_CHAR_WIDTH * CHART_FONT_SIZE > room else None


def chart_regions(rows: list[Row]) -> list[dict]:
    regions = []
    by_code = {row.item.code: row for row in rows}
    for row in rows:
        quality_row = by_code.get(quality_code(row.item.code))
        for slot in row.slots:
            shape: Shape | None = REGION_SHAPES.get((row.item.code, slot.side))
            if shape is None:
                continue
            quality = next(
                (q for q in (quality_row.slots if quality_row else []) if q.side == slot.side),
                None,
            )
            first_line = shape.cy - (len(shape.text) - 1) * CHART_LINE_HEIGHT / 2
            region = chart_region(
                shape, side=slot.side, label=row.item.label, marked=slot.value is True
            )
            region.update(
                slot=slot,
                shape=shape,
                quality=quality.item.choice_label(quality.value).lower()
                if quality and quality.value
                else "",
                lines=[
                    (text, first_line + n * CHART_LINE_HEIGHT, _label_width(text, 2 * shape.rx))
                    for n, text in enumerate(shape.text)
                ],
            )
            regions.append(region)
    return regions


@require_GET
def encounter(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    step = SUMMARY if encounter.is_signed else encounter.current_step
    return redirect("exam:step", pk=encounter.pk, step=step)


def decorate_slots(
    encounter: Encounter,
    rows: list[Row],
    previous: dict | None = None,
    previous_protocol: Protocol | None = None,
) -> None:
    """Derived values say where they come from; on a follow-up every slot shows last visit's
    value beside today's, and a value that differs from last time is marked as changed. Last
    visit's value is read with its own protocol's item: a force recorded in N before 2027.02
    shows in N (with today's unit beside it) and is compared after converting."""
    derived = derived_items(encounter)
    first = first_visit(encounter) if encounter.follows_id else None
    for row in rows:
        for slot in row.slots:
            code = slot.item.code
            if code in derived and code == DURATION and first is not None:
                slot.derived_note = (
                    f"from the first visit ({first.date:%-d %b %Y}) and the "
                    f"{weeks_since_first_visit(encounter)} weeks since; correct it on the first "
                    "visit."
                )
            elif code in derived:
                slot.derived_note = (
                    f"from the date of birth ({encounter.patient.date_of_birth:%-d %b %Y}); "
                    "correct it on the patient's record."
                )
            if code == NOT_IMPROVING and first is not None:
                slot.note = (
                    f"Care started at the first visit on {first.date:%-d %b %Y}: "
                    f"{weeks_since_first_visit(encounter)} weeks ago."
                )
            if previous is not None and not slot.derived:
                before = previous.get((code, slot.side))
                if before is None:
                    slot.previous_text, slot.changed = "—", slot.value is not None
                    continue
                then = previous_protocol.items_by_code.get(code) if previous_protocol else None
                slot.previous_text, then_value, converted = last_visit_value(
                    then or slot.item, slot.item, before
                )
                slot.changed = slot.value is not None and changed_since(
                    slot.value, then_value, converted
                )


def previous_visit(encounter: Encounter) -> Encounter | None:
    if encounter.follows_id is None:
        return None
    cached = getattr(encounter, "_previous_visit", None)
    if cached is None:
        cached = get_encounter_for_previous(encounter)
        encounter._previous_visit = cached  # type: ignore[attr-defined]
    return cached


def get_encounter_for_previous(encounter: Encounter) -> Encounter:
    return Encounter.objects.select_related("patient", "patient__clinic").get(
        pk=encounter.follows_id
    )


def _step_page(request, encounter, step, *, errors=None, posted=None, status=200):
    protocol = protocol_for(encounter)
    if step == SUMMARY:
        return _summary_page(request, encounter)
    if step in EXTRA_PAGES:
        if step not in page_slugs(protocol, encounter):
            raise Http404("No such step.")
        return _follow_up_page(
            request, encounter, step, errors=errors, posted=posted, status=status
        )
    if step not in {s.slug for s in protocol.steps}:
        raise Http404("No such step.")
    answers = answers_by_slot(encounter)
    rows = [Row(item, step_slots(item, answers)) for item in protocol.items_for_step(step)]
    before = previous_visit(encounter)
    decorate_slots(
        encounter,
        rows,
        answers_by_slot(before) if before else None,
        protocol_for(before) if before else None,
    )
    for row in rows:
        for slot in row.slots:
            if errors and slot.key in errors:
                slot.error, slot.state = errors[slot.key], "error"
                slot.posted = (posted or {}).get(slot.key)
    chart = chart_regions(rows)
    rows = attach_region_quality(rows)
    result = assessment_for(encounter, answers)
    attach_deficits(rows, result)
    mode = exam_mode(request, encounter)
    focused = mode == FOCUSED and step in FOCUS_STEPS and not encounter.is_signed
    suggested = suggested_rows(result, step, rows) if focused else []
    shown = {row.item.code for row in suggested}
    groups = group_rows([r for r in rows if r.item.code not in shown])
    if focused:
        groups.insert(0, (SUGGESTED, suggested))
    previous, following = step_neighbours(protocol, step, encounter)
    context = {
        "encounter": encounter,
        "protocol": protocol,
        "step": next(s for s in protocol.steps if s.slug == step),
        "step_nav": step_nav(protocol, answers, encounter.side, encounter),
        "current": step,
        "groups": groups,
        "has_chips": any(row.chip for _, group in groups for row in group),
        "chart": chart,
        "chart_marked": [r for r in chart if r["marked"]],
        "chart_viewbox": " ".join(str(n) for n in CHART_VIEWBOX),
        "chart_width": round(CHART_VIEWBOX[2] * TABLET_SCALE),
        "previous_step": previous,
        "next_step": following,
        "read_only": encounter.is_signed,
        "strength": result.strength if step == "strength" else (),
        "flag_pct": STRENGTH_FLAG_PCT,
        "result": result,
        "sij_cluster": result.sij_cluster if step == "movement" else None,
        "panel": render_panel(request, encounter, answers, oob=False, result=result),
        "errors": errors or {},
        "bulk": bulk_panel(request, encounter, protocol, bulk_for_step(step), answers),
        "group_bulk": group_bulk_panels(request, encounter, protocol, step, answers),
        "mode": mode if step in FOCUS_STEPS and not encounter.is_signed else "",
        "focused": focused,
        "suggested": suggested,
    }
    return render(request, "exam/step.html", context, status=status)


# --- Focused exam (issue #12): suggested tests first, the rest collapsed ---------------------------

FOCUSED, COMPLETE = "focused", "complete"
SUGGESTED = "Suggested for this patient"
DEFAULT_MODE = FOCUSED  # the fast path (issue #12); the "Complete exam" switch shows everything
FOCUS_STEPS = ("palpation", "strength", "nerve", "movement", "neuro")
SUGGESTED_PER_STEP = 4
MODE_SESSION_KEY = "exam-mode"


def exam_mode(request, encounter) -> str:
    """Focused or complete, per encounter (session); `?mode=` on a step page switches it."""
    modes = request.session.get(MODE_SESSION_KEY, {})
    asked = request.GET.get("mode") if request.method == "GET" else None
    if asked in (FOCUSED, COMPLETE) and modes.get(str(encounter.pk)) != asked:
        modes[str(encounter.pk)] = asked
        request.session[MODE_SESSION_KEY] = modes
    return modes.get(str(encounter.pk), DEFAULT_MODE)


def suggested_rows(result: Assessment, step: str, rows: list[Row]) -> list[Row]:
    """The step's untested items the engine ranks highest to separate the top hypotheses
    (reasoning v2 next-test ranking), in its order, each with its reason."""
    by_code = {row.item.code: row for row in rows}
    picked = []
    for test in result.next_test_details:
        row = by_code.get(test.item)
        if test.step != step or row is None:
            continue
        row.why = test.reason + (
            f" (expected information {test.expected_gain_bits:.2f} bits)"
            if test.expected_gain_bits
            else ""
        )
        picked.append(row)
        if len(picked) == SUGGESTED_PER_STEP:
            break
    return picked


def retest_items(protocol, previous: Encounter, previous_result: Assessment) -> list[Item]:
    """The findings that carried last time's decided hypothesis, then the strength measures
    taken last time."""
    code = previous.decided_hypothesis or previous_result.working_hypothesis.code
    codes = carrying_items(previous_result, code)
    measured = {c for c, _ in answers_by_slot(previous)}  # strength measured last time
    codes += [i.code for i in protocol.items_for_step("strength") if i.code in measured]
    items = [protocol.items_by_code[c] for c in dict.fromkeys(codes) if c in protocol.items_by_code]
    return [i for i in items if i.answer_type != REGION]


def follow_up_context(encounter: Encounter, answers: dict, result: Assessment) -> dict:
    """Last time against today, for the follow-up page and the follow-up summary."""
    protocol = protocol_for(encounter)
    before = previous_visit(encounter)
    outcomes = outcome_items()
    today_outcomes = outcomes_by_slot(encounter)
    outcome_rows = [Row(item, step_slots(item, today_outcomes)) for item in outcomes.values()]
    if encounter.follows_id is None:  # a baseline: pain and PSFS open, the rest folded
        for row in outcome_rows:
            row.folded = row.item.code not in BASELINE_OPEN_OUTCOMES and not any(
                slot.answer for slot in row.slots
            )
    more = [row for row in outcome_rows if row.folded]
    context: dict[str, Any] = {
        "outcome_rows": outcome_rows,
        "more_outcomes": more,
        "more_outcomes_names": ", ".join(get_outcome(row.item.code).short_label for row in more),
        "is_follow_up": before is not None,
        "progress": course_progress(encounter, assessment=result),
    }
    if before is None:
        return context
    before_answers = answers_by_slot(before)
    before_result = assessment_for(before, before_answers)
    decorate_slots(encounter, outcome_rows, outcomes_by_slot(before))
    retests = [
        Row(item, step_slots(item, answers))
        for item in retest_items(protocol, before, before_result)
    ]
    decorate_slots(encounter, retests, before_answers, protocol_for(before))
    before_protocol = protocol_for(before)
    decided = before_protocol.hypotheses_by_code.get(before.decided_hypothesis)
    path = decided_path(before, before_result)
    phases = path.phases
    first = first_visit(encounter)
    criteria = phase_criteria(path, before.phase)
    context.update(
        {
            "previous": before,
            "first": first,
            "weeks_since_first": weeks_since_first_visit(encounter),
            "last_hypothesis": decided.label if decided else before_result.working_hypothesis.label,
            "last_decision": before.get_decision_display() if before.decision else "",
            "last_path": path,
            "last_phase": before.phase,
            "last_phase_name": phases[before.phase - 1].name
            if 1 <= before.phase <= len(phases)
            else "",
            "phase_count": len(phases),
            "retest_rows": retests,
            "criteria": [
                {"key": c.key, "text": c.text, "mark": encounter.phase_criteria.get(c.key, "")}
                for c in criteria
            ],
            "phase_decisions": [
                (value, label)
                for value, label in Encounter.PhaseDecision.choices
                if value
                and not (value == "advance" and before.phase >= len(phases))
                and not (value == "step_back" and before.phase <= 1)
            ],
            "phase_now": encounter.phase,
            "phase_now_name": phases[encounter.phase - 1].name
            if 1 <= encounter.phase <= len(phases)
            else "",
            "ranking": ranking_move(before_result, result),
        }
    )
    return context


def _follow_up_page(request, encounter, slug, *, errors=None, posted=None, status=200):
    protocol = protocol_for(encounter)
    answers = answers_by_slot(encounter)
    result = assessment_for(encounter, answers)
    context = follow_up_context(encounter, answers, result)
    for row in context.get("retest_rows", []) + context["outcome_rows"]:
        for slot in row.slots:
            if errors and slot.key in errors:
                slot.error, slot.state = errors[slot.key], "error"
                slot.posted = (posted or {}).get(slot.key)
    previous, following = step_neighbours(protocol, slug, encounter)
    context.update(
        {
            "encounter": encounter,
            "protocol": protocol,
            "title": EXTRA_PAGES[slug],
            "step_nav": step_nav(protocol, answers, encounter.side, encounter),
            "current": slug,
            "previous_step": previous,
            "next_step": following,
            "read_only": encounter.is_signed,
            "panel": render_panel(request, encounter, answers, oob=False, result=result),
            "result": result,  # the red-flag banner
            "errors": errors or {},
            "phase_error": (errors or {}).get("__phase__", ""),
        }
    )
    return render(request, "exam/follow_up.html", context, status=status)


def _page_rows(encounter, slug) -> tuple[list[Slot], list[Slot]]:
    """(answer slots, outcome slots) that the follow-up / outcomes page posts."""
    protocol = protocol_for(encounter)
    answers = answers_by_slot(encounter)
    answer_slots: list[Slot] = []
    before = previous_visit(encounter)
    if slug == FOLLOW_UP and before is not None:
        for item in retest_items(protocol, before, assessment_for(before)):
            answer_slots += step_slots(item, answers)
    outcomes = outcomes_by_slot(encounter)
    outcome_slots = [s for item in outcome_items().values() for s in step_slots(item, outcomes)]
    return answer_slots, outcome_slots


def _parse_posted_slots(request, slots: list[Slot], errors: dict, posted: dict) -> list[dict]:
    changes = []
    for slot in slots:
        key, item = slot.key, slot.item
        if item.answer_type != REGION and key not in request.POST:
            continue
        raw = request.POST.get(key)
        try:
            raw = posted_raw(request.POST, key, item, slot.value)
            value = parse_raw(item, raw)
            reason = request.POST.get(f"{key}__reason") or None
            if value != "not_tested":
                reason = None
            if value == slot.value and (reason or "") == slot.reason:
                continue
            if value is False and slot.answer is None:
                continue  # an unmarked region that was never marked: nothing to store
            version = parse_version(request.POST.get(f"{key}__version"))
            if value is not None:
                validate_value(item, value, reason=reason)
        except ProtocolError as error:
            errors[key], posted[key] = str(error), raw
            continue
        changes.append(
            {
                "item_code": item.code,
                "side": slot.side or None,
                "value": value,
                "reason": reason,
                "expected_version": version,
            }
        )
    return changes


def _post_follow_up_page(request, encounter, slug) -> HttpResponse:
    """No-JavaScript path of the follow-up / outcomes page: all or nothing, then redirect."""
    from django.db import transaction

    protocol = protocol_for(encounter)
    answer_slots, outcome_slots = _page_rows(encounter, slug)
    errors: dict[str, str] = {}
    posted: dict[str, Any] = {}
    answer_changes = _parse_posted_slots(request, answer_slots, errors, posted)
    outcome_changes = _parse_posted_slots(request, outcome_slots, errors, posted)
    if errors:
        return _step_page(request, encounter, slug, errors=errors, posted=posted, status=400)
    try:
        with transaction.atomic():
            encounter_record_step(
                encounter=encounter, changes=answer_changes, by=request.user, ip=client_ip(request)
            )
            for change in outcome_changes:
                encounter_record_outcome(
                    encounter=encounter, by=request.user, ip=client_ip(request), **change
                )
    except AnswerConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("exam:step", pk=encounter.pk, step=slug)
    _, following = step_neighbours(protocol, slug, encounter)
    if request.POST.get("go") == "stay":
        following = slug
    encounter_set_step(encounter=encounter, step=following if following != SUMMARY else slug)
    return redirect("exam:step", pk=encounter.pk, step=following)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if request.method == "GET":
        encounter = get_encounter_for_user(request.user, pk)
        audit_record(
            action=AuditEvent.Action.VIEWED,
            user=request.user,
            encounter=encounter,
            target=f"encounter {encounter.pk} step {step}",
            ip=client_ip(request),
        )
        if step != SUMMARY:
            encounter_set_step(encounter=encounter, step=step)
        return _step_page(request, encounter, step)

    # No-JavaScript path: the whole step posts at once, then redirects (post/redirect/get).
    encounter = get_encounter_for_user(request.user, pk, write=True)
    protocol = protocol_for(encounter)
    if step in EXTRA_PAGES and step in page_slugs(protocol, encounter):
        return _post_follow_up_page(request, encounter, step)
    if step not in {s.slug for s in protocol.steps}:
        raise Http404("No such step.")
    changes, errors, posted = posted_changes(request, encounter, protocol, step)
    if not errors:
        try:
            encounter_record_step(
                encounter=encounter, changes=changes, by=request.user, ip=client_ip(request)
            )
        except AnswerConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("exam:step", pk=encounter.pk, step=step)
    if errors:
        return _step_page(request, encounter, step, errors=errors, posted=posted, status=400)
    _, following = step_neighbours(protocol, step, encounter)
    target = request.POST.get("go")
    if target == "stay":
        following = step
    else:
        forget_bulk(request, encounter.pk, step)
    encounter_set_step(encounter=encounter, step=following if following != SUMMARY else step)
    return redirect("exam:step", pk=encounter.pk, step=following)


def posted_changes(request, encounter, protocol, step: str) -> tuple[list, dict, dict]:
    """The answers a step form posts that differ from the stored ones: (changes, errors, posted).

    Each change is the keyword arguments of encounter_record_answer; errors and posted map a
    field key to the clinician's message and the refused raw value.
    """
    answers = answers_by_slot(encounter)
    derived = derived_items(encounter)
    slots = [
        slot
        for item in protocol.items_for_step(step)
        if item.code not in derived
        for slot in step_slots(item, answers)
    ]
    errors: dict = {}
    posted: dict = {}
    changes = _parse_posted_slots(request, slots, errors, posted)
    return changes, errors, posted


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave one answer (htmx). Returns the save state plus the live panel out of band."""
    encounter = get_encounter_for_user(request.user, pk, write=True)
    protocol = protocol_for(encounter)
    key = request.POST.get("field") or request.POST.get("clear", "")
    clearing = bool(key) and request.POST.get("clear") == key  # "Undo" of a bulk answer
    code, side = split_field_key(key)
    outcomes = outcome_items()
    is_outcome = code in outcomes
    item = outcomes[code] if is_outcome else protocol.items_by_code.get(code)
    if item is None or (side is not None and side not in SIDES):
        return HttpResponse(
            f"Unknown exam item {key[:80]!r}. Reload the page.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    slot = Slot(item, side or "", None)
    raw = None if clearing else request.POST.get(key)
    status = 200
    try:
        if not clearing and item.code in QUICK_PICKS and not is_outcome:
            current = Answer.objects.filter(encounter=encounter, item=code, side=side or "")
            stored = current.values_list("value", flat=True).first()
            raw = posted_raw(request.POST, key, item, stored)
        value = parse_raw(item, raw)
        reason = request.POST.get(f"{key}__reason") or None
        if value != "not_tested":
            reason = None
        record = encounter_record_outcome if is_outcome else encounter_record_answer
        saved = record(
            encounter=encounter,
            item_code=code,
            side=side,
            value=value,
            reason=reason,
            expected_version=parse_version(request.POST.get(f"{key}__version")),
            by=request.user,
            ip=client_ip(request),
        )
        slot.answer, slot.state = saved.answer, "saved"
        before = previous_visit(encounter)
        if before is not None and not slot.derived:
            stored = (outcomes_by_slot if is_outcome else answers_by_slot)(before)
            last = stored.get((code, side or ""))
            slot.changed = slot.value is not None and (last is None or last.value != slot.value)
    except ProtocolError as error:
        model = OutcomeValue if is_outcome else Answer
        slot.answer = model.objects.filter(encounter=encounter, item=code, side=side or "").first()
        slot.error, slot.state, status = str(error), "error", 422
    except AnswerConflict as conflict:
        slot.answer, slot.error, slot.state, status = (
            conflict.current,
            str(conflict),
            "conflict",
            409,
        )
    if not request.htmx:
        if slot.error:
            messages.error(request, slot.error)
        page = (FOLLOW_UP if encounter.follows_id else OUTCOMES) if is_outcome else item.step
        return redirect("exam:step", pk=encounter.pk, step=page)
    state = render_to_string("exam/step.html#save-state", {"slot": slot}, request=request)
    if clearing and status == 200:  # the control itself shows "not asked" again
        state = render_to_string(
            "exam/step.html#slot", {"slot": slot, "oob": True, "encounter": encounter}, request
        ) + state.replace('role="status"', 'role="status" data-cleared')
    if status == 409:
        # Show the other clinician's value in the control itself: a read of patient data.
        audit_record(
            action=AuditEvent.Action.VIEWED,
            user=request.user,
            encounter=encounter,
            target=f"conflict on answer {key[:80]}: current value shown",
            ip=client_ip(request),
        )
        state = (
            render_to_string(
                "exam/step.html#slot",
                {"slot": slot, "oob": True, "encounter": encounter},
                request=request,
            )
            + state
        )
    answers = answers_by_slot(encounter)
    nav = next(
        (s for s in step_nav(protocol, answers, encounter.side) if s["slug"] == item.step), None
    )
    result = assessment_for(encounter, answers)
    extra = render_panel(request, encounter, answers, oob=True, result=result)
    if item.step == STRENGTH_STEP:
        extra += render_deficit_oob(request, encounter, item, result)
    extra += render_to_string(
        "exam/_redflag_page_banner.html",
        {"a": result, "encounter": encounter, "oob": True},
        request=request,
    )
    if nav is not None and nav["total"]:
        extra += render_to_string(
            "exam/_steps_nav.html#progress-count", {"s": nav, "oob": True}, request=request
        )
    if clearing:
        for action in bulk_actions_for_step(item.step):
            if key in _bulk_listed(request, encounter.pk, action):
                extra += render_bulk_panel(
                    request, encounter, protocol, action, answers, oob=True, open_list=True
                )
    response = HttpResponse(state + extra, status=status)
    response["X-Save-State"] = slot.state  # app.js: only these fragments are save results
    return response


# --- Bulk "all normal" actions (exam/bulk.py) ----------------------------------------------------
# The answers an action set stay listed, each with its own Undo, until the step is saved and left.

BULK_SESSION_KEY = "exam-bulk"


def _bulk_listed(request, pk: int, action) -> list[str]:
    return request.session.get(BULK_SESSION_KEY, {}).get(f"{pk}:{action.code}", [])


def remember_bulk(request, pk: int, action, keys: list[str]) -> None:
    done = request.session.get(BULK_SESSION_KEY, {})
    listed = done.get(f"{pk}:{action.code}", [])
    done[f"{pk}:{action.code}"] = listed + [k for k in keys if k not in listed]
    request.session[BULK_SESSION_KEY] = done


def forget_bulk(request, pk: int, step: str) -> None:
    done = request.session.get(BULK_SESSION_KEY, {})
    keys = [f"{pk}:{action.code}" for action in bulk_actions_for_step(step)]
    if [done.pop(key) for key in keys if key in done]:
        request.session[BULK_SESSION_KEY] = done


def bulk_panel(
    request, encounter, protocol, action, answers: dict, message=None, *, open_list=False
) -> dict:
    """A bulk action and the answers it set (each with its value, or undone)."""
    if action is None or encounter.is_signed:
        return {}
    if action.step not in {s.slug for s in protocol.steps}:
        return {}
    if not action.targets(protocol, encounter.side):
        return {}
    rows = []
    for key in _bulk_listed(request, encounter.pk, action):
        code, side = split_field_key(key)
        item = protocol.items_by_code.get(code)
        if item is None:
            continue
        answer = answers.get((code, side or ""))
        rows.append(
            {
                "key": key,
                "label": f"{item.label} ({side})" if side else item.label,
                "value": value_text(item, answer.value, answer.reason) if answer else "",
            }
        )
    return {"action": action, "rows": rows, "message": message, "open": open_list}


def group_bulk_panels(request, encounter, protocol, step: str, answers: dict) -> dict:
    """{group name: panel} for the "None of the others" actions of a step's groups."""
    panels = {}
    for action in bulk_actions_for_step(step):
        if action.group:
            panel = bulk_panel(request, encounter, protocol, action, answers)
            if panel:
                panels[action.group] = panel
    return panels


def render_bulk_panel(
    request, encounter, protocol, action, answers, *, oob, message=None, open_list=False
) -> str:
    bulk = bulk_panel(request, encounter, protocol, action, answers, message, open_list=open_list)
    if not bulk:
        return ""
    context = {"bulk": bulk, "encounter": encounter, "step_slug": action.step, "oob": oob}
    return render_to_string("exam/_bulk.html", context, request=request)


def _bulk_versions(request, action, protocol, side: str) -> tuple[dict[str, int], frozenset]:
    """The versions the page showed for the action's slots, and the slots it posts a value for."""
    versions, given = {}, set()
    for item, slot_side, _ in action.targets(protocol, side):
        key = field_key(item.code, slot_side or None)
        if request.POST.get(key, "").strip():
            given.add(key)
        elif f"{key}__version" in request.POST:
            versions[key] = parse_version(request.POST.get(f"{key}__version"))
    return versions, frozenset(given)


@require_POST
def bulk(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One bulk action: the step form posts here (button "None of these" etc.), with or without
    htmx. Answers the form carries are saved first (no-JS); then every slot still unanswered
    gets its normal value (encounter_record_bulk: one transaction, one audit row)."""
    encounter = get_encounter_for_user(request.user, pk, write=True)
    protocol = protocol_for(encounter)
    if step not in {s.slug for s in protocol.steps}:
        raise Http404("No such step.")
    action = BULK_BY_CODE.get(request.POST.get("bulk", ""))
    if action is None or action.step != step:
        return HttpResponse(
            "This step has no such action. Reload the page.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    changes, errors, posted = posted_changes(request, encounter, protocol, step)
    if errors:
        return _step_page(request, encounter, step, errors=errors, posted=posted, status=400)
    status, message, shown = 200, None, []
    try:
        versions, given = _bulk_versions(request, action, protocol, encounter.side)
        with transaction.atomic():
            if changes:
                encounter_record_step(
                    encounter=encounter, changes=changes, by=request.user, ip=client_ip(request)
                )
            result = encounter_record_bulk(
                encounter=encounter,
                action_code=action.code,
                expected_versions=versions,
                given=given,
                by=request.user,
                ip=client_ip(request),
            )
    except (AnswerConflict, BulkConflict) as conflict:
        status, message = 409, {"error": True, "text": str(conflict)}
        stale = getattr(conflict, "stale", None) or []
        shown = [field_key(item.code, side or None) for item, side, _ in stale]
        audit_record(
            action=AuditEvent.Action.VIEWED,
            user=request.user,
            encounter=encounter,
            target=f"conflict on {action.code}: current values shown",
            ip=client_ip(request),
        )
    except ProtocolError as error:
        status, message = 400, {"error": True, "text": str(error)}
    else:
        shown = [field_key(a.item.code, a.side or None) for a in result.set]
        remember_bulk(request, encounter.pk, action, shown)
        count = len(result.set)
        text = (
            f"{action.done}: {count} answer{'s' if count != 1 else ''} (each listed below, "
            "with its own Undo)."
            if count
            else "Nothing to set: every item is answered."
        )
        if result.kept:
            text += f" {len(result.kept)} already answered, left as they were."
        message = {"error": False, "text": text}
    if not request.htmx:
        (messages.error if message["error"] else messages.success)(request, message["text"])
        url = reverse("exam:step", args=[encounter.pk, step])
        return redirect(f"{url}#{action.panel_id}")
    answers = answers_by_slot(encounter)
    body = render_bulk_panel(
        request, encounter, protocol, action, answers, oob=False, message=message
    )
    for key in shown:
        code, side = split_field_key(key)
        slot = Slot(protocol.items_by_code[code], side or "", answers.get((code, side or "")))
        slot.state = "saved" if status == 200 else "conflict"
        body += render_to_string(
            "exam/step.html#slot", {"slot": slot, "oob": True, "encounter": encounter}, request
        )
    body += render_panel(request, encounter, answers, oob=True)
    nav = next(s for s in step_nav(protocol, answers, encounter.side) if s["slug"] == step)
    body += render_to_string(
        "exam/_steps_nav.html#progress-count", {"s": nav, "oob": True}, request=request
    )
    return HttpResponse(body, status=status)


def clinician_decision(encounter: Encounter, protocol, result: Assessment) -> dict:
    """The clinician's decision as shown next to the engine's ranking (empty: not decided)."""
    decided = protocol.hypotheses_by_code.get(encounter.decided_hypothesis)
    if not encounter.decision or decided is None:
        return {}
    return {
        "status": encounter.get_decision_display(),
        "overridden": encounter.decision == Encounter.Decision.OVERRIDDEN,
        "code": decided.code,
        "label": decided.label,
        "reason": encounter.override_reason,
        "stale": encounter.decision == Encounter.Decision.ACCEPTED
        and decided.code != result.working_hypothesis.code,
        "referral": encounter.get_referral_display() if encounter.referral else "",
        "referral_to": encounter.get_referral_to_display() if encounter.referral_to else "",
        "referral_reason": encounter.referral_reason,
    }


def _summary_context(request, encounter) -> dict:
    protocol = protocol_for(encounter)
    answers = answers_by_slot(encounter)
    result = assessment_for(encounter, answers)
    decision = clinician_decision(encounter, protocol, result)
    path = treatment_path_for_decision(
        protocol,
        result,
        decision.get("code", ""),
        bool(decision.get("overridden")),
    )
    ranked = ranked_hypotheses(protocol, result, working_code=result.working_hypothesis.code)
    references = References()
    attach_evidence(protocol, ranked, ranked[:4], references)
    return {
        "encounter": encounter,
        "protocol": protocol,
        "answers": answers,
        "step_nav": step_nav(protocol, answers, encounter.side, encounter),
        "current": SUMMARY,
        "a": result,
        "working": result.working_hypothesis,
        "decision": decision,
        "path": path,
        "gaps": [] if encounter.is_signed else sign_gaps(encounter, answers, result),
        "untested": panel_context(encounter, answers, result)["next_tests"],
        # Evidence rows formatted as on the printed summary (one formatter, numbered sources).
        "trails": ranked[:4],
        "references": references.listing(),
        "notes": free_text_notes(protocol, answers),
        "read_only": encounter.is_signed,
        "side_choices": Encounter.Side.choices,
        "follow_up": follow_up_context(encounter, answers, result)
        if encounter.follows_id
        else None,
        "panel": render_panel(request, encounter, answers, oob=False, result=result),
    }


def _summary_page(request, encounter, *, decision_form=None, addendum_form=None, status=200):
    context = _summary_context(request, encounter)
    protocol, working, red_flags = context["protocol"], context["working"], context["a"].red_flags
    if decision_form is None:
        default_to = REFERRAL_TO_FOR_URGENCY.get(red_flags[0].urgency if red_flags else "", "")
        decision_form = DecisionForm(
            hypotheses=protocol.hypotheses,
            engine_code=working.code,
            visit_date=encounter.date,
            initial={
                "hypothesis": working.code,
                "override_hypothesis": encounter.decided_hypothesis
                if encounter.decision == Encounter.Decision.OVERRIDDEN
                else "",
                "reason": encounter.override_reason,
                "referral": encounter.referral,
                "referral_to": encounter.referral_to or default_to,
                "referral_reason": encounter.referral_reason,
                "next_appointment": encounter.next_appointment,
                "version": encounter.version,
            },
        )
    documents = {}
    if encounter.is_signed:
        documents = {
            d.kind: d
            for d in encounter.signed_documents.exclude(kind="addendum").only(
                "kind", "sha256", "encounter_id"
            )
        }
    context.update(
        {
            "decision_form": decision_form,
            "addendum_form": addendum_form or AddendumForm(),
            "addenda": encounter.addenda.select_related("author", "document"),
            "documents": documents,
        }
    )
    return render(request, "exam/summary.html", context, status=status)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk, write=True)
    protocol = protocol_for(encounter)
    form = DecisionForm(
        request.POST,
        hypotheses=protocol.hypotheses,
        visit_date=encounter.date,
        stored_appointment=encounter.next_appointment,
    )
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            encounter_decide(
                encounter=encounter,
                decision=data["decision"],
                hypothesis=form.chosen_hypothesis(),
                reason=data["reason"],
                referral=data["referral"],
                referral_to=data["referral_to"],
                referral_reason=data["referral_reason"],
                next_appointment=data["next_appointment"],
                expected_version=data["version"],
                by=request.user,
                ip=client_ip(request),
            )
        except EncounterConflict as error:
            form.add_error(None, str(error))
            status = 409
        except ProtocolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded.")
            return redirect(f"{reverse('exam:step', args=[encounter.pk, SUMMARY])}#decision")
    return _summary_page(request, encounter, decision_form=form, status=status)


def _sign_page(request, encounter, *, form=None, errors=(), status=200) -> HttpResponse:
    context = _summary_context(request, encounter)
    protocol, answers = context["protocol"], context["answers"]
    steps = []
    for step in protocol.steps:
        lines = []
        for item in protocol.items_for_step(step.slug):
            for side in SIDES if item.side_aware else ("",):
                answer = answers.get((item.code, side))
                if answer is not None:
                    label = f"{item.label} ({side})" if side else item.label
                    lines.append(
                        {"label": label, "value": value_text(item, answer.value, answer.reason)}
                    )
        done, total = progress_for(protocol, answers, encounter.side)[step.slug]
        steps.append(
            {"slug": step.slug, "label": step.label, "lines": lines, "done": done, "total": total}
        )
    context.update(
        {
            "steps": steps,
            "form": form or SignForm(initial={"version": encounter.version}),
            "errors": errors,
            "will_refer": bool(context["a"].red_flags)
            and encounter.referral == Encounter.Referral.REFER,
        }
    )
    return render(request, "exam/sign.html", context, status=status)


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """First tap (GET, or a POST without confirm): show what will be signed. Second: sign."""
    if request.method == "GET":
        encounter = get_encounter_for_user(request.user, pk)
        if encounter.is_signed:
            return redirect("exam:step", pk=encounter.pk, step=SUMMARY)
        audit_record(
            action=AuditEvent.Action.VIEWED,
            user=request.user,
            encounter=encounter,
            target=f"encounter {encounter.pk} sign confirmation",
            ip=client_ip(request),
        )
        return _sign_page(request, encounter)
    encounter = get_encounter_for_user(request.user, pk, write=True)
    form = SignForm(request.POST)
    if not form.is_valid():
        errors = [
            "The page is out of date; reload it and try again."
            if name in ("version", "confirm")
            else f"{form.fields[name].label}: {' '.join(messages_)}"
            for name, messages_ in form.errors.items()
        ]
        return _sign_page(request, encounter, form=form, errors=errors, status=400)
    data = form.cleaned_data
    if data["confirm"] != "yes":
        return _sign_page(request, encounter, form=form)
    try:
        encounter_sign(
            encounter=encounter,
            expected_version=data["version"],
            reasons={k: data[k] for k in ("red_flag_gap_reason", "no_exam_reason")},
            by=request.user,
            ip=client_ip(request),
        )
    except EncounterConflict as error:
        return _sign_page(request, encounter, form=form, errors=[str(error)], status=409)
    except SignRefused as refused:
        return _sign_page(request, encounter, form=form, errors=refused.gaps, status=400)
    except (ProtocolError, ReportError) as error:
        return _sign_page(request, encounter, form=form, errors=[str(error)], status=400)
    messages.success(request, "Encounter signed. It is now read-only; corrections go in addenda.")
    return redirect("exam:step", pk=encounter.pk, step=SUMMARY)


@require_POST
def change_side(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk, write=True)
    try:
        encounter_change_side(
            encounter=encounter,
            side=request.POST.get("side", ""),
            expected_version=parse_version(request.POST.get("version")) or -1,
            by=request.user,
            ip=client_ip(request),
        )
    except EncounterConflict as error:
        messages.error(request, str(error))
        return _summary_page(request, encounter, status=409)
    except ProtocolError as error:
        messages.error(request, str(error))
        return _summary_page(request, encounter, status=400)
    messages.success(request, "Side of complaint changed.")
    return redirect(f"{reverse('exam:step', args=[encounter.pk, SUMMARY])}#side")


@require_POST
def addendum(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_encounter_for_user(request.user, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            addendum_add(
                encounter=encounter,
                text=form.cleaned_data["text"],
                by=request.user,
                ip=client_ip(request),
            )
        except (ProtocolError, ReportError) as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Addendum added and signed as its own document.")
            return redirect("exam:step", pk=encounter.pk, step=SUMMARY)
    return _summary_page(request, encounter, addendum_form=form, status=400)


@require_POST
def phase(request: HttpRequest, pk: int) -> HttpResponse:
    """The follow-up's phase review: criteria met / not met, then advance, hold or step back."""
    encounter = get_encounter_for_user(request.user, pk, write=True)
    if encounter.follows_id is None:
        raise Http404("No phase review on an initial visit.")
    criteria = {
        key.removeprefix("criterion-"): value[:20]
        for key, value in request.POST.items()
        if key.startswith("criterion-") and value
    }
    try:
        encounter_record_phase(
            encounter=encounter,
            criteria=criteria,
            decision=request.POST.get("phase_decision", ""),
            expected_version=parse_version(request.POST.get("version")),
            by=request.user,
            ip=client_ip(request),
        )
    except EncounterConflict as error:
        return _step_page(
            request, encounter, FOLLOW_UP, errors={"__phase__": str(error)}, status=409
        )
    except ProtocolError as error:
        return _step_page(
            request, encounter, FOLLOW_UP, errors={"__phase__": str(error)}, status=400
        )
    messages.success(request, "Phase review recorded.")
    return redirect(f"{reverse('exam:step', args=[encounter.pk, FOLLOW_UP])}#phase")
