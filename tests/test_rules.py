"""The rules loader rejects broken rule files with a message naming the file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor.candidates import number_grammar
from extractor.errors import RulesError
from extractor.rules import RULE_FILES, default_rules_dir, load_rules
from extractor.units import unit_table


def test_rules_default_directory_loads() -> None:
    rules = load_rules()
    assert set(rules.data) == set(RULE_FILES)


def test_rules_load_once() -> None:
    assert load_rules() is load_rules()


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    path = target / f"{file}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


BROKEN = [
    pytest.param("numbers", "han_point: 点", "han_point: 点\nhan_pointt: 点", "unknown key", id="unknown-key"),
    pytest.param("numbers", "  零: 0\n", "  零: 0\n  零: 0\n", "duplicate key", id="duplicate-key"),
    pytest.param("units", "  - 个\n", "  - 个\n  - 个\n", "duplicate entry '个'", id="duplicate-surface"),
    pytest.param("units", "  - 项\n", "  - 项\n  - 元\n", "listed twice", id="surface-in-two-kinds"),
    pytest.param("vetoes", "example: 第一}", "example: 第一, extra: 1}", "unknown key", id="unknown-record-key"),
    pytest.param("metadata", "furniture: '", "furniture: '(", "metadata.yaml:furniture", id="bad-regex"),
    pytest.param("qualifiers", "  约: approx", "  约: roughly", "not one of", id="bad-qualifier"),
    pytest.param("numbers", "  ARABIC:", "  SIGNED: '{NOPE}'\n  ARABIC:", "unknown fragment", id="unknown-fragment"),
    pytest.param("units", "factor: '0.001'", "factor: 'abc'", "not a decimal", id="bad-decimal"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_rules_reject_broken_files(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    directory = _broken_copy(tmp_path, file, old, new)
    with pytest.raises(RulesError, match=r"\[E100\]") as raised:
        _load_and_compile(directory)
    assert message in str(raised.value)


def _load_and_compile(directory: Path) -> None:
    """Load the rules and build the tables derived from them, where cross-file faults show."""
    rules = load_rules(directory)
    unit_table(rules)
    number_grammar(rules)


def test_rules_missing_file(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    (target / "units.yaml").unlink()
    with pytest.raises(RulesError, match=r"units\.yaml"):
        load_rules(target)


def test_rules_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "nowhere")


MORE_BROKEN = [
    pytest.param("cleaning", "    '％': '%'", "    '％': '%%'", "single character", id="fullwidth-not-a-char"),
    pytest.param("metadata", "(?P<source>[^\\s|｜]{2,20}+)", "([^\\s|｜]{2,20}+)", "named group", id="missing-group"),
    pytest.param("attribution", "占(?P<whole>", "占(?P<hole>", "named group", id="share-without-whole"),
    pytest.param("noise", "  设: shè", "  设备: shè", "single character", id="pinyin-key-not-a-char"),
    pytest.param("noise", "gloss_rate: '0.7'", "gloss_rate: often", "not a decimal", id="gloss-rate-not-a-decimal"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), MORE_BROKEN)
def test_rules_reject_malformed_tables(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    directory = _broken_copy(tmp_path, file, old, new)
    with pytest.raises(RulesError, match=message):
        load_rules(directory)


def test_rules_fragments_expand_in_every_pattern(tmp_path: Path) -> None:
    """A {FRAGMENT} reference works in cleaning patterns too, not only in the number grammar."""
    directory = _broken_copy(tmp_path, "cleaning", "digit_group_space: '(?<=\\d)", "digit_group_space: '(?<={ARABIC})")
    from extractor.clean import clean

    assert clean("27 902.63亿元", load_rules(directory)).text == "27902.63亿元"


def test_rules_broken_rules_stop_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.cli import EXIT_RULES, main

    monkeypatch.setenv("NEWSFIG_RULES", str(_broken_copy(tmp_path, "numbers", "han_point: 点", "han_pointt: 点")))
    assert main(["extract", "-"]) == EXIT_RULES
