"""Shared fixtures and the case-table loader used by every test module."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractor.rules import Rules, load_rules

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"
SEED = SHARED / "seed" / "daqing-2021-05-28.txt"


def load_benchmark(script: str) -> ModuleType:
    """A script of benchmarks/ (no package), loaded by path and registered (for its dataclasses)."""
    spec = importlib.util.spec_from_file_location(f"newsfig_{script}", REPO / "benchmarks" / f"{script}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_cases(name: str) -> list[Any]:
    """Read a JSONL case file (``input``, ``expected``, ``note``, ``source``) as pytest params,
    each named by its note so a failure says which case broke."""
    cases = []
    with (CASES / name).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            case = json.loads(line)
            missing = {"input", "expected", "source"} - set(case)
            if missing:
                raise ValueError(f"{name}:{number}: case lacks {sorted(missing)}")
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
            cases.append(pytest.param(case, id=f"{number}:{case.get('note') or case['input']}"[:80], marks=marks))
    return cases


def case_and_gold_texts() -> Iterator[str]:
    """Every text the case tables and the gold files hold (case inputs, corpus, devset): for
    tests that a faster way of finding something finds what the plain way does."""
    for path in sorted([*CASES.glob("*.jsonl"), *CASES.glob("*/*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = json.loads(line)["input"]
            if isinstance(found, dict):
                found = found.get("text")
            if isinstance(found, str):
                yield found
    for folder in (REPO / "corpus", SHARED / "devset"):
        for path in sorted(folder.glob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))["text"]


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


def need_shared(path: Path) -> Path:
    """Tests that read ../shared skip (visibly) where it is absent, e.g. outside the workplace."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
