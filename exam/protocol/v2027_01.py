"""Protocol 2027.01: what changed since 2026.12, as data.

2026.12 stays as released (its encounters re-assess and print with it). This version adds, for
the focused exam (issue #12):

* a pain quality per body-chart region (ache / burning / tingling / numb). It feeds the engine
  through the same dependency groups as the history's quality questions, so a quality marked on
  the chart and the same quality answered in the history count once. Every weight is the
  history question's clinical estimate, labelled as such;
* free-text notes: one per step plus a general note. They are printed on the clinician summary
  and have no evidence links, so the engine never reads them.

The generic "buttock" body-chart region (area_buttock) came with 2026.12 and is kept.
"""

from __future__ import annotations

from dataclasses import replace

from .evidence import B_DGS, B_LUMBAR, B_MTRP, B_PNS, B_RADIC, DGS, LUMBAR, MTRP, RADIC, SCIATIC
from .sources import estimate
from .types import (
    BODY_CHART_GROUP,
    CHOICE,
    GENERAL_NOTE,
    NOTES_GROUP,
    QUALITY_ESTIMATE,
    REGION,
    TEXT,
    Evidence,
    Item,
    Protocol,
    quality_code,
)

VERSION = "2027.01"

# --- Pain quality per body-chart region ---------------------------------------------------------

REGION_QUALITY_CHOICES = (
    ("ache", "Ache"),
    ("burning", "Burning"),
    ("tingling", "Tingling"),
    ("numb", "Numb"),
)
REGION_QUALITY_HOW = (
    "For a marked region: what does it feel like there? Ache (deep, dull), burning, tingling "
    "(pins and needles) or numb. Leave it unanswered if the patient cannot say."
)
# Dependency groups shared with the history's quality questions: one descriptor counts once,
# whether it was answered in the history, on one region or on several.
NEUROPATHIC_GROUP = "neuropathic_descriptors"
NUMBNESS_GROUP = "numbness"
DEEP_ACHE_GROUP = "deep_ache"


def _quality_item(region: Item) -> Item:
    return Item(
        code=quality_code(region.code),
        step=region.step,
        label=f"{region.label}: pain quality",
        patient_label=f"How it feels: {region.patient_label.lower()}",
        answer_type=CHOICE,
        how=REGION_QUALITY_HOW,
        choices=REGION_QUALITY_CHOICES,
        side_aware=region.side_aware,
        group=BODY_CHART_GROUP,
        evidence_note="Burning or tingling count as a neuropathic descriptor and numb as "
        "numbness, ache as a deep ache: the same clinical estimates as the history questions, in "
        "the same dependency group (counted once).",
    )


# Pain quality on a region: (dependency group, the values that count, weights per hypothesis).
# Every weight is a clinical estimate, the same as the matching history question's.
REGION_QUALITY_WEIGHTS = (
    (
        NEUROPATHIC_GROUP,
        ("burning", "tingling"),
        ((RADIC, 1.8, B_RADIC), (DGS, 1.5, B_DGS), (SCIATIC, 1.8, B_PNS)),
    ),
    (
        NUMBNESS_GROUP,
        ("numb",),
        (
            (
                RADIC,
                2.0,
                B_RADIC + "; numbness is a negative sensory sign of conduction loss (Schafer 2009 "
                "denervation subgroup)",
            ),
            (DGS, 1.3, B_DGS),
            (SCIATIC, 0.8, B_PNS),
        ),
    ),
    (
        DEEP_ACHE_GROUP,
        ("ache",),
        (
            (MTRP, 1.3, B_MTRP),
            (LUMBAR, 1.2, B_LUMBAR + "; somatic referred pain is a deep, poorly localised ache"),
        ),
    ),
)


def _quality_links(code: str) -> tuple[Evidence, ...]:
    shared = "; marked on the body chart it is the same descriptor as the history question"
    return tuple(
        Evidence(
            item=code,
            hypothesis=hyp,
            lr_pos=lr_pos,
            lr_neg=1.0,
            citation=estimate(basis + shared),
            quality=QUALITY_ESTIMATE,
            estimate=True,
            group=group,
            positive_values=values,
        )
        for group, values, weights in REGION_QUALITY_WEIGHTS
        for hyp, lr_pos, basis in weights
    )


# --- Free-text notes ----------------------------------------------------------------------------

NOTE_HOW = "Free text for the clinician summary. Never used by the reasoning engine."
NOTE_EVIDENCE = (
    "Not scored: free text, printed on the clinician summary; the engine never reads it."
)


def note_code(step_slug: str) -> str:
    """The free-text note item of a step (red-flags -> note_red_flags)."""
    return "note_" + step_slug.replace("-", "_")


def _note_items(old: Protocol) -> tuple[Item, ...]:
    notes = [
        Item(
            code=note_code(step.slug),
            step=step.slug,
            label=f"Notes: {step.label.lower()}",
            patient_label=f"Notes: {step.label.lower()}",
            answer_type=TEXT,
            how=NOTE_HOW,
            group=NOTES_GROUP,
            evidence_note=NOTE_EVIDENCE,
        )
        for step in old.steps
    ]
    notes.append(
        Item(
            code=GENERAL_NOTE,
            step=old.steps[-1].slug,
            label="General note (the whole encounter)",
            patient_label="General note",
            answer_type=TEXT,
            how=NOTE_HOW,
            group=NOTES_GROUP,
            evidence_note=NOTE_EVIDENCE,
        )
    )
    return tuple(notes)


# --- Assembly -----------------------------------------------------------------------------------


def _items(old: Protocol) -> tuple[Item, ...]:
    out: list[Item] = []
    for item in old.items:
        out.append(item)
        if item.answer_type == REGION:
            out.append(_quality_item(item))
    notes = _note_items(old)
    # each step's note goes after the step's last item (the general note after the last note)
    for note in notes:
        last = max(i for i, it in enumerate(out) if it.step == note.step)
        out.insert(last + 1, note)
    return tuple(out)


def _evidence(old: Protocol) -> tuple[Evidence, ...]:
    out = []
    for link in old.evidence:
        if link.item == "quality_numbness":
            link = replace(link, group=NUMBNESS_GROUP)
        elif link.item == "quality_deep_ache":
            link = replace(link, group=DEEP_ACHE_GROUP)
        out.append(link)
    for item in old.items:
        if item.answer_type == REGION:
            out.extend(_quality_links(quality_code(item.code)))
    return tuple(out)


def build(old: Protocol) -> Protocol:
    return replace(old, version=VERSION, items=_items(old), evidence=_evidence(old))
