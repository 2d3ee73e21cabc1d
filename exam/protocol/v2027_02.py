"""Protocol 2027.02: what changed since 2027.01, as data.

2027.01 stays as released: its encounters keep their forces in newtons, re-assess, show and print
with them. This version enters hand-held dynamometer force in kilograms (kilogram-force, the
"kg" display that most hand-held dynamometers offer beside N and lb; issue #12, the focused
exam): a typical hip reading is two digits instead of three, and one decimal is accepted when the
device shows one. Nothing else changes:

* the engine never weighs an absolute force: the side-to-side deficit is a ratio, the same in any
  unit, with the same heuristic flag (over 10 %, Thorborg 2010);
* the follow-up abduction outcome is the painful side as % of the other side, also a ratio;
* the upper bound of an entry is the same force as before (1000 N is about 102 kg; 100 kg).

A follow-up on this version whose previous visit was on 2027.01 shows last visit's force in its
own unit (N) and compares the two after converting (1 kg = 9.80665 N).
"""

from __future__ import annotations

from dataclasses import replace

from .types import FORCE, Item, Protocol, Step

VERSION = "2027.02"
FORCE_UNIT = "kg"
FORCE_MAX = 100  # kg: about the 1000 N bound of 2026.11-2027.01 (a data-entry bound, not a norm)
NEWTONS_PER_KG = 9.80665  # standard gravity (kilogram-force to newton), by definition
ENTRY_NOTE = " Enter kilograms as the dynamometer shows them (kg mode), e.g. 18 or 18.5."


def _force_in_kg(item: Item) -> Item:
    if item.answer_type != FORCE:
        return item
    return replace(item, unit=FORCE_UNIT, max_value=FORCE_MAX, how=item.how + ENTRY_NOTE)


def _step(step: Step) -> Step:
    if step.slug != "strength":
        return step
    return replace(
        step,
        intro="Compare sides. Dynamometer force (kg, best of several trials) is preferred over "
        "grades.",
    )


def build(old: Protocol) -> Protocol:
    return replace(
        old,
        version=VERSION,
        steps=tuple(_step(s) for s in old.steps),
        items=tuple(_force_in_kg(i) for i in old.items),
    )


def convert_force(value: float, from_unit: str, to_unit: str) -> float:
    """A force in another unit (N <-> kg), to one decimal: how a follow-up compares a value
    recorded in newtons (2027.01 and earlier) with one recorded in kilograms."""
    if from_unit == to_unit:
        return value
    factors = {"N": 1.0, FORCE_UNIT: NEWTONS_PER_KG}
    if from_unit not in factors or to_unit not in factors:
        raise ValueError(f"cannot convert a force from {from_unit!r} to {to_unit!r}")
    return round(value * factors[from_unit] / factors[to_unit], 1)
