"""The patient handout v2: a drawing and a dose line for every exercise, plain language, the
7-morning log, the clinic's contact details and the patient's own goal."""

import re
import xml.etree.ElementTree as ET

import pytest
import textstat
from django.core.management import call_command
from django.urls import reverse

from clinic.management.commands.seed_demo import DEMO_CLINIC
from clinic.models import Clinic
from exam.protocol import PROTOCOLS
from exam.protocol.exercise_guide import GUIDES, guide_for, validate_guides
from reports.figures import exercise_svg
from reports.services import build_report_context, render_handout_pdf, render_summary_pdf
from tests.reports.conftest import CAUDA_EQUINA, normalise, pdf_pages_text

MAX_GRADE = 8.0  # US school grade (Flesch-Kincaid)
SVG = "{http://www.w3.org/2000/svg}"
RESISTANCE_WORDS = ("resist", "band", "belt", "weight", "wall", "load")


def all_exercises():
    """(protocol version, path code, Exercise) for every exercise a path can show."""
    for version, protocol in PROTOCOLS.items():
        for code, path in protocol.treatment_paths.items():
            for phase in path.phases:
                for exercise in phase.exercises:
                    yield version, code, exercise
            for exercise in path.home_exercises:
                yield version, code, exercise


def test_every_exercise_in_every_path_has_a_drawing_and_a_dose_line():
    validate_guides()
    names = set()
    for version, code, exercise in all_exercises():
        names.add(exercise.name)
        where = f"{version} {code}: {exercise.name}"
        guide = guide_for(exercise.name)
        root = ET.fromstring(exercise_svg(guide, exercise.patient_name))
        labels = [t.text for t in root.iter(f"{SVG}text")]
        assert labels == ["Start", "End"], where
        lines = list(root.iter(f"{SVG}line"))
        assert len(lines) >= 2 * 11, f"{where}: both figures drawn (limbs, trunk, floor)"
        assert len(list(root.iter(f"{SVG}circle"))) >= 2, f"{where}: two heads"
        line = guide.dose_line()
        assert guide.dose.how_often and guide.dose.how_often in line, where
        assert guide.dose.sets or guide.dose.reps, f"{where}: how many"
        text = f"{exercise.patient_name} {exercise.how} {exercise.dose}".lower()
        if any(word in text for word in RESISTANCE_WORDS):
            assert guide.dose.resistance, f"{where}: says what gives the resistance"
    assert set(GUIDES) == names, "guides for exercises no path uses"


def test_drawings_are_black_and_white_safe_and_fetch_nothing():
    for name, guide in GUIDES.items():
        svg = exercise_svg(guide, name)
        colours = set(re.findall(r'(?:stroke|fill)="(#[0-9a-fA-F]{3,6})"', svg))
        for colour in colours:
            hexes = colour[1:]
            channels = (
                [hexes[i] * 2 for i in range(3)] if len(hexes) == 3 else re.findall("..", hexes)
            )
            assert len(set(channels)) == 1, f"{name}: {colour} is not a grey"
        widths = [float(w) for w in re.findall(r'stroke-width="([\d.]+)"', svg)]
        assert min(widths) >= 1.5, name
        assert "href" not in svg and "<script" not in svg and "style=" not in svg


def test_the_drawing_label_is_escaped():
    guide = next(iter(GUIDES.values()))
    svg = exercise_svg(guide, 'Bad "label" <script>')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def path_patient_text(path) -> str:
    d = path.for_patient()
    parts = [d["title"], *d["goals"], *d["reduce_avoid"], *d["progress_criteria"]]
    parts += [*d["education"], *d["seek_help_sooner"], d["follow_up"]]
    for phase in d["phases"]:
        parts.append(phase["name"])
        for e in phase["exercises"]:
            parts += [e["name"], e["how"], e["progress_when"]]
    for record in path.home_exercises:
        guide = guide_for(record.name)
        parts += [record.patient_name, record.how, guide.dose_line(), guide.dose.resistance]
    return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts if p)


def test_every_path_and_red_flag_handout_text_reads_at_grade_8_or_below():
    for version, protocol in PROTOCOLS.items():
        for code, path in protocol.treatment_paths.items():
            grade = textstat.flesch_kincaid_grade(path_patient_text(path))
            assert grade <= MAX_GRADE, f"{version} {code}: grade {grade}"
        for flag in protocol.red_flags:
            grade = textstat.flesch_kincaid_grade(f"{flag.patient_label}. {flag.patient_action}")
            assert grade <= MAX_GRADE, f"{version} red flag {flag.code}: grade {grade}"


def test_the_grade_check_catches_hard_text():
    hard = (
        "Neurodynamic sensitisation necessitates individualised biomechanical "
        "periodisation, contingent upon symptomatic irritability classification."
    )
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE


@pytest.mark.django_db
def test_whole_printed_handouts_read_at_grade_8_or_below(gt_encounter, make_scenario):
    for encounter in (gt_encounter, make_scenario(CAUDA_EQUINA)):
        pages = pdf_pages_text(render_handout_pdf(encounter))
        # Drop the running header/footer lines (names and page numbers, not sentences).
        body = " ".join(" ".join(page.splitlines()[2:-2]) for page in pages)
        grade = textstat.flesch_kincaid_grade(body)
        assert grade <= MAX_GRADE, f"handout grade {grade}"


@pytest.mark.django_db
def test_contact_details_goal_log_and_drawings_are_printed(gt_encounter):
    clinic = gt_encounter.patient.clinic
    Clinic.objects.filter(pk=clinic.pk).update(
        phone="555-0199", email="desk@alpha.invalid", address="2 Test Lane, Nowhere"
    )
    gt_encounter.refresh_from_db()
    pdf = render_handout_pdf(gt_encounter)
    text = normalise(" ".join(pdf_pages_text(pdf)))
    assert "How to reach us" in text
    assert "Phone: 555-0199" in text and "Email: desk@alpha.invalid" in text
    assert "2 Test Lane, Nowhere" in text
    assert "Your goal, in your words: “Walk the dog for an hour without limping”" in text
    assert "Your 7-morning log" in text and "Next morning (0-10)" in text
    assert "Green: pain 3 or less" in text and "Red: pain above 5" in text
    assert "What pushes back: a wall at the side of your knee" in text
    assert "How much: 5 times · hold 30-45 seconds" in text
    # Every home exercise has its drawing (one SVG each) in the HTML that becomes the PDF.
    context = build_report_context(gt_encounter)
    assert len(context["plan"]["home_exercises"]) == 3
    assert all("<svg" in str(e["figure"]) for e in context["plan"]["home_exercises"])
    # The colleague reads the same dose as the patient.
    summary = normalise(" ".join(pdf_pages_text(render_summary_pdf(context=context))))
    assert "Isometric hip abduction (neutral) — 5 times · hold 30-45 seconds" in summary


@pytest.mark.django_db
def test_without_contact_details_the_handout_says_where_to_ask(gt_encounter):
    text = normalise(" ".join(pdf_pages_text(render_handout_pdf(gt_encounter))))
    assert "Please ask at the front desk for our phone number." in text


@pytest.mark.django_db
def test_contact_fields_are_editable_in_admin_and_seeded_for_the_demo(admin_client):
    call_command("seed_demo")
    clinic = Clinic.objects.get(name=DEMO_CLINIC)
    assert "555" in clinic.phone and clinic.email.endswith(".invalid")
    assert "not a real address" in clinic.address
    html = admin_client.get(reverse("admin:clinic_clinic_change", args=[clinic.pk])).content
    for field in (b'name="phone"', b'name="email"', b'name="address"'):
        assert field in html


@pytest.mark.django_db
def test_an_urgent_red_flag_handout_never_softens_the_check(make_scenario):
    """With a red flag the patient reads "go today"; the working explanation must not add that the
    pain settles with gentle movement, and the appointment line waits for the check."""
    encounter = make_scenario(CAUDA_EQUINA)
    family_words = build_report_context(encounter)["working"]["family_patient_description"]
    assert "settles" in family_words  # what a handout without a red flag says about this family
    text = normalise(" ".join(pdf_pages_text(render_handout_pdf(encounter))))
    assert "Go to the emergency department today" in text
    assert normalise(family_words) not in text
    assert "once you have been checked" in text
