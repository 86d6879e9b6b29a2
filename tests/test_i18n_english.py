"""English is written in English: no Chinese characters and no full-width punctuation (："，"
"（）"...) in the web's English messages or in the English of the server's notification texts and
workflow buttons. The web's messages are read as the app builds them (web/src/i18n/en.ts bundled
by the esbuild the web build uses), so every part is covered however it is assembled."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[1] / "web"
ESBUILD = WEB / "node_modules" / ".bin" / "esbuild"
# CJK punctuation and ideographs, full-width forms (：，（）！？), and the CJK brackets.
NOT_ENGLISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Words that are Chinese on purpose in English: the language switcher names its language in it.
CHINESE_ON_PURPOSE: set[str] = set()


def _leaves(tree: dict, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in tree.items():
        if isinstance(value, dict):
            out += _leaves(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", str(value)))
    return out


def _not_english(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{key} = {text}" for key, text in texts
            if key not in CHINESE_ON_PURPOSE and NOT_ENGLISH.search(text)]


@pytest.mark.skipif(not ESBUILD.exists(), reason="web dependencies not installed (cd web && npm ci)")
def test_the_web_english_messages_are_english(tmp_path):
    bundle = tmp_path / "en.mjs"
    subprocess.run([str(ESBUILD), "src/i18n/en.ts", "--bundle", "--format=esm",
                    "--platform=node", f"--outfile={bundle}", "--log-level=error"],
                   cwd=WEB, check=True, capture_output=True)
    done = subprocess.run(
        ["node", "--input-type=module", "-e",
         f"import en from {json.dumps(bundle.as_uri())}; console.log(JSON.stringify(en))"],
        capture_output=True, text=True, check=True)
    messages = json.loads(done.stdout)
    assert len(_leaves(messages)) > 500  # the whole tree was read, not an empty export
    assert _not_english(_leaves(messages)) == []


def test_the_server_english_texts_are_english(app):
    from yilian.core import workflow
    from yilian.messaging.notifications import templates

    texts = [(f"notification {key}", text) for key, t in templates._templates.items()
             for text in (t.title_en, t.body_en)]
    texts += [(f"{flow.name} button {t.action}", t.en) for flow in workflow.registered()
              for t in flow.transitions]
    texts += [(f"word {param}.{code}", pair[1]) for param, words in templates._words.items()
              for code, pair in words.items()]
    assert len(texts) > 50
    assert _not_english(texts) == []
