"""One-tap "all normal" actions of the guided exam (issue #12).

Each action belongs to one step and names, for every item of that step it covers, the answer
that means "normal" for that item's answer type. It never decides anything clinical of its own:
the answer types and their "normal" choices come from the protocol version of the encounter, and
the clinician still sees, and can undo, every answer it set. The service that applies an action
is `exam.services.encounter_record_bulk`.
"""

from dataclasses import dataclass
from typing import Any

from exam.protocol import Item
from exam.protocol.types import CHOICE, MRC_0_5, PALPATION, TEST_RESULT, YES_NO_UNSURE

SIDES = ("left", "right")


@dataclass(frozen=True, kw_only=True)
class BulkAction:
    code: str
    step: str
    button: str  # the button's text
    explains: str  # what it does, next to the button
    done: str  # heading of the list of what it set, e.g. "Set to No"
    both_sides: bool  # True: every side; False: the side(s) of the complaint only
    normals: dict[str, Any]  # answer type -> the "normal" answer
    group: str = ""  # only the items of this group of the step ("": the whole step)

    @property
    def panel_id(self) -> str:
        return f"bulk-{self.code.replace('_', '-')}"

    def normal_for(self, item: Item) -> Any:
        """The "normal" answer of `item` under this action, or None if it does not cover it."""
        value = self.normals.get(item.answer_type)
        if value is None:
            return None
        if item.answer_type == CHOICE and value not in {v for v, _ in item.choices}:
            return None  # e.g. a choice item without a "normal" choice
        return value

    def sides(self, item: Item, encounter_side: str) -> tuple[str, ...]:
        if not item.side_aware:
            return ("",)
        if self.both_sides or encounter_side not in SIDES:
            return SIDES
        return (encounter_side,)

    def targets(self, protocol, encounter_side: str) -> list[tuple[Item, str, Any]]:
        """(item, side, value) of every slot of the step this action would answer."""
        found = []
        for item in protocol.items_for_step(self.step):
            if self.group and item.group != self.group:
                continue
            value = self.normal_for(item)
            if value is not None:
                found.extend((item, side, value) for side in self.sides(item, encounter_side))
        return found


BULK_ACTIONS = (
    BulkAction(
        code="red_flags_none",
        step="red-flags",
        button="None of these",
        explains="Sets every red-flag question not yet answered to No. Tests (the hop) stay "
        "for you to do.",
        done="Set to No",
        both_sides=True,
        normals={YES_NO_UNSURE: "no"},
    ),
    BulkAction(
        code="palpation_nothing_else",
        step="palpation",
        button="Nothing else tender",
        explains="Sets every palpation point not yet answered on the side of the complaint to "
        "Not tender (allodynia: Negative).",
        done="Set to not tender / negative",
        both_sides=False,
        normals={PALPATION: "not_tender", TEST_RESULT: "negative"},
    ),
    BulkAction(
        code="neuro_normal",
        step="neuro",
        button="Normal both sides",
        explains="Sets every myotome not yet answered to 5/5, dermatomes to Normal and reflexes "
        "to Normal, on both sides.",
        done="Set to normal",
        both_sides=True,
        normals={MRC_0_5: 5, CHOICE: "normal"},
    ),
)
# History: "None of the others" after the yes / no factors of a group records an explicit No for
# every factor of that group not yet answered (issue #12, compact history).
HISTORY_FACTOR_GROUPS = ("Aggravating factors", "Easing factors", "24-hour pattern")
BULK_ACTIONS += tuple(
    BulkAction(
        code="none_else_" + group.lower().replace(" ", "_").replace("-", "_"),
        step="history",
        group=group,
        button="None of the others",
        explains=f"{group}: sets every one not yet answered to No.",
        done="Set to No",
        both_sides=True,
        normals={YES_NO_UNSURE: "no"},
    )
    for group in HISTORY_FACTOR_GROUPS
)
BULK_BY_CODE = {action.code: action for action in BULK_ACTIONS}


def bulk_for_step(step: str) -> BulkAction | None:
    """The step's own action (at the top of the step), if it has one."""
    return next((a for a in BULK_ACTIONS if a.step == step and not a.group), None)


def bulk_actions_for_step(step: str) -> tuple[BulkAction, ...]:
    return tuple(a for a in BULK_ACTIONS if a.step == step)
