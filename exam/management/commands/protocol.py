"""`manage.py protocol [--json | --format markdown] [--version V]`: print the clinical protocol.

`--version V` (alias `--protocol-version V`) selects a protocol version; it replaces Django's
own `--version`, which would print the framework's version instead.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exam.engine import effective_lrs
from exam.protocol import Item, Protocol, ProtocolError, get_protocol
from exam.protocol.review import protocol_markdown


def item_summary(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "label": item.label,
        "patient_label": item.patient_label,
        "step": item.step,
        "group": item.group,
        "type": item.answer_type,
        "allowed": item.describe_allowed(),
        "choices": [value for value, _ in item.choices] or None,
        "min_value": item.min_value,
        "max_value": item.max_value,
        "unit": item.unit,
        "side_aware": item.side_aware,
        "accepts_reason": item.accepts_reason,
        "how": item.how,
    }


def protocol_summary(protocol: Protocol) -> dict[str, Any]:
    return {
        "version": protocol.version,
        "steps": [{"slug": s.slug, "label": s.label} for s in protocol.steps],
        "items": [item_summary(i) for i in protocol.items],
        "families": [{"code": f.code, "label": f.label} for f in protocol.families],
        "hypotheses": [
            {"code": h.code, "label": h.label, "family": h.family, "prior": h.prior}
            for h in protocol.hypotheses
        ],
        "red_flags": [
            {"code": r.code, "label": r.label, "urgency": r.urgency, "items": list(r.all_items)}
            for r in protocol.red_flags
        ],
        "evidence": [
            {
                "item": e.item,
                "hypothesis": e.hypothesis,
                "lr_pos": e.lr_pos,
                "lr_neg": e.lr_neg,
                "applied": [round(x, 3) for x in effective_lrs(e)],
                "group": e.group_key,
                "quality": e.quality,
                "estimate": e.estimate,
                "citation": e.citation,
            }
            for e in protocol.evidence
        ],
    }


class Command(BaseCommand):
    help = "Print the clinical protocol (items, answer types, hypotheses)."
    requires_system_checks: list[str] = []  # pure data: no database or app checks needed

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # "resolve": our --version (the protocol's) replaces Django's framework --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=("text", "json", "markdown"),
            default="text",
            help="text (default), json (machine-readable) or markdown (clinician review document)",
        )
        parser.add_argument("--json", action="store_true", help="same as --format json")
        parser.add_argument(
            "--version",
            "--protocol-version",
            dest="protocol_version",
            default=None,
            help="protocol version (default: current)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            protocol = get_protocol(options["protocol_version"])
        except ProtocolError as exc:
            raise CommandError(str(exc)) from exc
        fmt = "json" if options["json"] else options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(protocol_summary(protocol), indent=2, ensure_ascii=False))
            return
        if fmt == "markdown":
            applied = {id(e): effective_lrs(e) for e in protocol.evidence}
            self.stdout.write(protocol_markdown(protocol, applied_lrs=applied), ending="")
            return
        self.stdout.write(f"Protocol {protocol.version}")
        for step in protocol.steps:
            self.stdout.write(f"\n{step.label} ({step.slug})")
            for item in protocol.items_for_step(step.slug):
                side = " [per side]" if item.side_aware else ""
                self.stdout.write(f"  {item.code}: {item.label}{side} - {item.describe_allowed()}")
        self.stdout.write("\nHypotheses")
        for h in protocol.hypotheses:
            self.stdout.write(f"  {h.code} ({h.family}): {h.label}")
