"""The `protocol` and `assess` management commands, run as real processes for honest exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

from exam.protocol import get_protocol

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "assess-example.json"


def manage(*args, stdin=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_protocol_json_lists_every_item_and_hypothesis():
    out = manage("protocol", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    protocol = get_protocol()
    assert data["version"] == protocol.version
    assert [s["slug"] for s in data["steps"]] == [s.slug for s in protocol.steps]
    assert [i["code"] for i in data["items"]] == [i.code for i in protocol.items]
    assert [h["code"] for h in data["hypotheses"]] == [h.code for h in protocol.hypotheses]
    slr = next(i for i in data["items"] if i["code"] == "slr")
    assert slr["side_aware"] is True and slr["type"] == "test_result"
    assert "positive" in slr["choices"]
    force = next(i for i in data["items"] if i["code"] == "strength_abd_force")
    assert force["unit"] == "kg" and force["min_value"] == 0 and force["max_value"] == 100
    assert {h["family"] for h in data["hypotheses"]} == {"load", "nerve", "referred"}


def test_protocol_human_readable():
    out = manage("protocol")
    assert out.returncode == 0, out.stderr
    current = get_protocol().version
    assert f"Protocol {current}" in out.stdout and "gluteal_tendinopathy" in out.stdout


def test_protocol_unknown_version_fails():
    out = manage("protocol", "--json", "--protocol-version", "1999.01")
    assert out.returncode != 0
    assert "1999.01" in out.stderr


def test_assess_example_is_gluteal_tendinopathy():
    out = manage("assess", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["working_hypothesis"]["code"] == "gluteal_tendinopathy"
    assert result["working_hypothesis"]["family"] == "load"
    assert result["referral_required"] is False
    assert result["treatment_path"]["code"] == "gluteal_tendinopathy"
    abduction = next(r for r in result["strength"] if r["movement"] == "Hip abduction")
    assert abduction["flagged"] is True


def test_assess_reads_stdin():
    out = manage("assess", "-", stdin=EXAMPLE.read_text())
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["working_hypothesis"]["code"] == "gluteal_tendinopathy"


def request(*findings, side="left"):
    return json.dumps({"symptomatic_side": side, "findings": list(findings)})


def test_assess_unknown_code_fails_naming_it():
    out = manage(
        "assess", "-", stdin=request({"item": "made_up_test", "side": None, "value": "yes"})
    )
    assert out.returncode != 0
    assert "made_up_test" in out.stderr and out.stdout == ""


def test_assess_wrong_side_fails_naming_the_item():
    out = manage("assess", "-", stdin=request({"item": "slr", "side": None, "value": "positive"}))
    assert out.returncode != 0
    assert "slr" in out.stderr and "left" in out.stderr


def test_assess_out_of_range_value_fails_naming_the_item():
    out = manage("assess", "-", stdin=request({"item": "pain_now", "side": None, "value": 14}))
    assert out.returncode != 0
    assert "pain_now" in out.stderr and "0 to 10" in out.stderr


def test_assess_malformed_json_fails():
    out = manage("assess", "-", stdin="{not json")
    assert out.returncode != 0
    assert "not valid JSON" in out.stderr


def test_assess_wrong_shape_fails():
    out = manage("assess", "-", stdin=json.dumps({"findings": {"item": "slr"}}))
    assert out.returncode != 0
    assert "findings" in out.stderr


def test_assess_missing_file_fails(tmp_path):
    out = manage("assess", str(tmp_path / "missing.json"))
    assert out.returncode != 0
    assert "Cannot read" in out.stderr


def test_assess_refuses_a_non_text_item_in_one_line():
    out = manage("assess", "-", stdin=request({"item": ["slr"], "side": "left", "value": "yes"}))
    assert out.returncode != 0 and out.stdout == ""
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0
    assert "Finding #1" in out.stderr and '["slr"]' in out.stderr


def test_assess_refuses_the_same_item_and_side_twice():
    out = manage(
        "assess",
        "-",
        stdin=request(
            {"item": "slr", "side": "left", "value": "positive"},
            {"item": "slr", "side": "right", "value": "negative"},
            {"item": "slr", "side": "left", "value": "negative"},
        ),
    )
    assert out.returncode != 0 and out.stdout == ""
    assert out.stderr.strip().count("\n") == 0
    assert "Finding #3 (slr)" in out.stderr and "left side" in out.stderr
    assert "finding #1" in out.stderr


def test_protocol_version_flag_selects_the_protocol_not_django():
    current = get_protocol().version
    out = manage("protocol", "--version", current)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Protocol {current}")
    unknown = manage("protocol", "--version", "1999.01")
    assert unknown.returncode != 0 and 'Unknown protocol version "1999.01"' in unknown.stderr


def test_assess_wording_keeps_acronyms():
    out = manage("assess", str(EXAMPLE))
    wording = json.loads(out.stdout)["working_hypothesis"]["wording"]
    assert "(GTPS)" in wording and "(gtps)" not in wording
