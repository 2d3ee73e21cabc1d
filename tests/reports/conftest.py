"""Scenario builders and PDF inspection helpers for the report tests."""

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from clinic.models import Encounter
from exam.services import encounter_decide, encounter_record_answer, encounter_sign
from tests.factories import SIGN_REASONS, make_encounter, make_patient

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"

GLUTEAL_TENDINOPATHY = [
    ("area_lateral_hip", "left", True),
    ("onset", None, "gradual"),
    ("agg_side_lying", None, "yes"),
    ("agg_stairs", None, "yes"),
    ("agg_single_leg", None, "yes"),
    ("quality_deep_ache", None, "yes"),
    ("quality_burning", None, "no"),
    ("pain_now", None, 4),
    ("pain_worst", None, 7),
    ("function_goals", None, "Walk the dog for an hour without limping"),
    ("palp_greater_trochanter", "left", "familiar"),
    ("palp_greater_trochanter", "right", "not_tender"),
    ("single_leg_stance", "left", "positive"),
    ("resisted_external_derotation", "left", "positive"),
    ("slr", "left", "negative"),
    ("slump", "left", "not_tested"),
    ("strength_abd_force", "left", 15.3),
    ("strength_abd_force", "right", 22.4),
    ("strength_abd_pain", "left", "yes"),
    ("strength_er_mrc", "left", 4),
    ("strength_er_mrc", "right", 5),
]
RADICULOPATHY = [
    ("area_low_back", "left", True),
    ("area_posterior_thigh", "left", True),
    ("area_below_knee", "left", True),
    ("quality_burning", None, "yes"),
    ("quality_tingling", None, "yes"),
    ("spread", None, "line_down_leg"),
    ("agg_cough_sneeze", None, "yes"),
    ("slr", "left", "positive"),
    ("slump", "left", "positive"),
    ("dermatome_l5", "left", "reduced"),
    ("myotome_l5", "left", 4),
    ("myotome_l5", "right", 5),
    ("reflex_ankle", "left", "normal"),
]
CAUDA_EQUINA = RADICULOPATHY + [
    ("rf_bladder_change", None, "yes"),
    ("rf_saddle_numbness", None, "yes"),
]
RED_FLAGS_ALL_NO = [
    (code, None, "no")
    for code in (
        "rf_bladder_change",
        "rf_saddle_numbness",
        "rf_bowel_change",
        "rf_sexual_dysfunction",
        "rf_bilateral_leg_symptoms",
        "rf_progressive_weakness",
        "rf_cancer_history",
        "rf_weight_loss",
        "rf_constant_night_pain",
        "rf_not_improving",
        "rf_palpable_mass",
        "rf_fever",
        "rf_infection_risk",
        "rf_load_jump_weight_bearing",
        "rf_energy_deficiency",
        "rf_pop_bruising",
        "rf_palpable_gap",
        "rf_claudication",
        "rf_inflammatory_stiffness",
    )
] + [("rf_hop_pain", None, "negative")]
# The "referred" family: hip osteoarthritis (right), with a complete, negative red-flag screen.
# The age band (over 50) comes from the date of birth: build it with HIP_OA_PATIENT.
HIP_OA_PATIENT = {"date_of_birth": datetime.date(1958, 6, 2)}
HIP_OA = [
    ("duration", None, "over_3_months"),
    ("area_groin", "right", True),
    ("morning_stiffness", None, "under_30"),
    ("agg_squat", None, "yes"),
    ("hip_ir_range", "right", 10),
    ("hip_ir_range", "left", 35),
    ("fadir", "right", "positive"),
    ("faber", "right", "groin"),
    ("pain_now", None, 3),
    ("function_goals", None, "Play nine holes of golf again"),
] + RED_FLAGS_ALL_NO
HAMSTRING_AVULSION = [
    ("area_sit_bone", "right", True),
    ("area_posterior_thigh", "right", True),
    ("onset", None, "sudden_pop"),
    ("rf_pop_bruising", None, "yes"),
]


def record(encounter: Encounter, user, findings) -> Encounter:
    for code, side, value in findings:
        reason = "pain" if value == "not_tested" else None
        encounter_record_answer(
            encounter=encounter, item_code=code, side=side, value=value, reason=reason, by=user
        )
    encounter.refresh_from_db()
    return encounter


def decide(encounter, user, *, hypothesis, decision="accepted", reason="", next_appointment=""):
    encounter.refresh_from_db()
    return encounter_decide(
        encounter=encounter,
        decision=decision,
        hypothesis=hypothesis,
        reason=reason,
        next_appointment=next_appointment,
        expected_version=encounter.version,
        by=user,
    )


def sign(encounter, user, reasons=SIGN_REASONS):
    """Sign through the real gate; reasons only count where the gate finds that gap."""
    encounter.refresh_from_db()
    return encounter_sign(
        encounter=encounter, expected_version=encounter.version, reasons=reasons, by=user
    )


@pytest.fixture
def gt_encounter(patient_a, clinician_a):
    encounter = make_encounter(patient=patient_a, clinician=clinician_a)
    return record(encounter, clinician_a, GLUTEAL_TENDINOPATHY)


@pytest.fixture
def make_scenario(clinic_a, clinician_a):
    def build(findings, **patient_fields):
        patient = make_patient(clinic=clinic_a, **patient_fields)
        encounter = make_encounter(patient=patient, clinician=clinician_a)
        return record(encounter, clinician_a, findings)

    return build


def pdf_pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def normalise(text: str) -> str:
    return " ".join(text.split())


def require_pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        pytest.fail(
            "pdftoppm is missing: install poppler-utils (`make system-deps` or "
            "`apt-get install poppler-utils`); the page-image checks cannot run "
            "without it."
        )
    return path


def render_pages(pdf: bytes, name: str, *, dpi: int = 60) -> list[Path]:
    """PNG per page under test-artifacts/pdf/<name>-N.png (for people to look at)."""
    exe = require_pdftoppm()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [exe, "-png", "-r", str(dpi), str(source), str(ARTIFACTS / name)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def grey_pages(pdf: bytes, *, dpi: int = 30) -> list[tuple[int, int, bytes]]:
    """(width, height, 8-bit grey pixels) per page, parsed from pdftoppm's binary PGM output."""
    exe = require_pdftoppm()
    out = subprocess.run(
        [exe, "-gray", "-r", str(dpi), "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout
    pages = []
    while out:
        (width, height), out = _pgm_header(out)
        pages.append((width, height, out[: width * height]))
        out = out[width * height :]
    return pages


def body_ink(width: int, height: int, pixels: bytes, *, top: int, bottom: int) -> float:
    """Fraction of clearly non-white pixels between the page header and footer."""
    body = pixels[top * width : (height - bottom) * width]
    return sum(1 for p in body if p < 200) / max(len(body), 1)


def edge_ink(width: int, height: int, pixels: bytes, *, band: int) -> int:
    """Dark pixels within `band` pixels of the left or right paper edge (content cut off)."""
    count = 0
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        count += sum(1 for p in row[:band] + row[-band:] if p < 200)
    return count


def _pgm_header(data: bytes):
    tokens, pos = [], 0
    while len(tokens) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        tokens.append(data[pos:end])
        pos = end
    assert tokens[0] == b"P5", f"unexpected pdftoppm output {tokens[0]!r}"
    return (int(tokens[1]), int(tokens[2])), data[pos + 1 :]
