"""The ``newsfig check`` command: the readable report, colour only when asked, and --fail-on.

Expectations are from the consistency-checking issue: each check with ✓ / ✗, the sentence and
the arithmetic; ``--fail-on inconsistent`` exits 1 when any check is inconsistent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main

CONSISTENT = "全市共有重点项目120个，其中新建70个、续建50个。"
INCONSISTENT = "全年发放耕地地力保护补贴38.5亿元、生产者补贴71.2亿元，合计109.8亿元。"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    records = [
        {"id": "good", "text": CONSISTENT, "published": "2022-03-01"},
        {"id": "bad", "text": INCONSISTENT, "published": "2023-01-10"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_check_command_prints_marks_arithmetic_and_sentence(capsys: pytest.CaptureFixture[str], articles: Path) -> None:
    assert main(["check", str(articles)]) == 0
    out, err = capsys.readouterr()
    assert "== good" in out
    assert "✓ sum" in out
    assert "70 + 50 = 120; stated 120: consistent" in out
    assert CONSISTENT in out
    assert "✗ sum" in out
    assert "38.5 + 71.2 = 109.7; stated 109.8: inconsistent" in out
    assert "\033[" not in out  # piped (captured): plain
    assert "2 documents in, 2 ok, 0 with errors" in err
    assert "2 checks: 1 consistent, 1 inconsistent, 0 unverifiable" in err


def test_check_command_fails_on_inconsistent_only_when_asked(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path
) -> None:
    assert main(["check", str(articles), "--fail-on", "inconsistent"]) == 1
    good = tmp_path / "good.txt"
    good.write_text(CONSISTENT, encoding="utf-8")
    assert main(["check", str(good), "--fail-on", "inconsistent"]) == 0


def test_check_command_colours_when_forced(capsys: pytest.CaptureFixture[str], articles: Path) -> None:
    main(["check", str(articles), "--color", "always"])
    out, _ = capsys.readouterr()
    assert "\033[31;1m✗ sum" in out


def test_check_command_reports_unreadable_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "missing.txt")]) == 3
    out, _ = capsys.readouterr()
    assert "ERROR" in out


def test_check_records_carry_their_sentence(capsys: pytest.CaptureFixture[str], articles: Path) -> None:
    main(["extract", str(articles)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    check = records[0]["checks"][0]
    assert check["context"] == CONSISTENT
    assert CONSISTENT[check["start"] : check["end"]] == check["context"]
