"""`manage.py assess FILE.json` (or `-` for stdin): run the reasoning engine on findings.

Input: {"symptomatic_side": "left", "protocol_version": optional,
        "findings": [{"item": CODE, "side": "left"|"right"|null, "value": ..., "reason": ...}]}
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exam.engine import Finding, assess
from exam.protocol import ProtocolError, get_protocol

FINDING_KEYS = {"item", "side", "value", "reason"}


def parse_request(data: Any) -> tuple[str | None, str | None, list[Finding]]:
    """Check the JSON shape; the protocol checks codes, sides and values."""
    if not isinstance(data, dict):
        raise CommandError("Input must be a JSON object with 'symptomatic_side' and 'findings'.")
    findings_data = data.get("findings")
    if not isinstance(findings_data, list):
        raise CommandError("'findings' must be a list of {item, side, value[, reason]} objects.")
    findings = []
    seen: dict[tuple[str, Any], int] = {}
    for n, raw in enumerate(findings_data, start=1):
        if not isinstance(raw, dict) or "item" not in raw or "value" not in raw:
            raise CommandError(f"Finding #{n} must be an object with 'item', 'side' and 'value'.")
        item = raw["item"]
        if not isinstance(item, str):
            raise CommandError(
                f"Finding #{n}: 'item' must be an item code (text), not {json.dumps(item)}."
            )
        unknown = set(raw) - FINDING_KEYS
        if unknown:
            raise CommandError(
                f"Finding #{n} ({item}): unknown key(s) {', '.join(sorted(unknown))}."
            )
        side = raw.get("side")
        key = (item, side if isinstance(side, str) or side is None else json.dumps(side))
        if key in seen:
            where = f" on the {side} side" if isinstance(side, str) else ""
            raise CommandError(
                f"Finding #{n} ({item}): {item}{where} was already given in finding "
                f"#{seen[key]}; give each item and side once."
            )
        seen[key] = n
        findings.append(
            Finding(
                item=raw["item"], side=raw.get("side"), value=raw["value"], reason=raw.get("reason")
            )
        )
    return data.get("symptomatic_side"), data.get("protocol_version"), findings


class Command(BaseCommand):
    help = "Assess a JSON file of findings and print the assessment as JSON."
    requires_system_checks: list[str] = []  # pure computation: no database needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to a JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{'stdin' if path == '-' else path} is not valid JSON: {exc.msg} "
                f"(line {exc.lineno}, column {exc.colno})."
            ) from exc
        side, version, findings = parse_request(data)
        try:
            result = assess(findings, symptomatic_side=side, protocol=get_protocol(version))
        except ProtocolError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
