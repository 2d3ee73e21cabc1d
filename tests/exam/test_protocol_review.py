"""The clinician review document (docs/protocol-review.md) is generated and kept current."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from exam.protocol import get_protocol

REVIEW_DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol-review.md"
REGENERATE = "manage.py protocol --format markdown > docs/protocol-review.md"


def generate() -> str:
    out = StringIO()
    call_command("protocol", "--format", "markdown", stdout=out)
    return out.getvalue()


def test_committed_review_document_is_current():
    assert REVIEW_DOC.read_text(encoding="utf-8") == generate(), (
        f"docs/protocol-review.md is out of date: run `{REGENERATE}`"
    )


def test_review_document_covers_the_whole_protocol():
    text = generate()
    protocol = get_protocol()
    assert text.startswith(f"# Clinical protocol {protocol.version}")
    for item in protocol.items:
        assert f"| {item.code} |" in text, item.code
    for hyp in protocol.hypotheses:
        assert hyp.label in text
    for link in protocol.evidence:
        assert link.citation.replace("|", "\\|") in text
    for flag in protocol.red_flags:
        assert f"(`{flag.code}`, {flag.urgency})" in text and flag.action in text
    for path in protocol.treatment_paths.values():
        assert f"(`{path.code}`, {path.kind}" in text
    assert "estimate" in text
