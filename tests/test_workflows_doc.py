"""docs/workflows.md is drawn from the transition tables the server enforces: a change to a
table without regenerating the document (`yilian workflows --write`) fails here."""

from yilian.cli import WORKFLOWS_DOC, workflows_markdown


def test_the_workflows_document_is_current():
    assert WORKFLOWS_DOC.read_text(encoding="utf-8") == workflows_markdown(), (
        "run `yilian workflows --write`")


def test_every_case_flow_is_documented():
    text = workflows_markdown()
    assert "## consultation" in text and "## mdt_consultation" in text
    assert "stateDiagram-v2" in text
