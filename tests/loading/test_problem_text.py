"""Importer messages read in Vietnamese on Vietnamese screens, for every refusal it makes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.loading import importer
from dashboard.loading.importer import Problem
from dashboard.loading.problem_text import UNTRANSLATED_PREFIX, message_text, problem_text
from tests.conftest import Databases
from tests.loading.test_importer import CHECKS, Case, _seeded

ENGLISH = re.compile(
    r"\b(is|are|the|not|unknown|missing|same|as|row|column|use|outside|before|after|"
    r"cannot|must|holds|swapped|inside|source for|ends on)\b"
)


@pytest.fixture(scope="module")
def checked_engine(databases: Databases) -> Iterator[Engine]:
    engine = _seeded(databases.empty("sqlite"))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("case", CHECKS.values(), ids=CHECKS.keys())
def test_every_refusal_reads_in_vietnamese(
    case: Case, checked_engine: Engine, tmp_path: Path
) -> None:
    if case.args:
        pytest.skip("refusal depends on command-line options")
    plan = importer.check_file(engine=checked_engine, path=case.make(tmp_path))
    assert plan.problems
    for problem in plan.problems:
        vi = problem_text(problem, "vi")
        assert not vi.startswith(UNTRANSLATED_PREFIX), problem.message
        # quoted file content and code names may stay as written; the prose may not
        prose = re.sub(r"'[^']*'|\b[a-z]+_[a-z_]+\b|\([^)]*\)", "", vi.split(": ", 1)[-1])
        assert not ENGLISH.search(prose), (problem.message, vi)
        assert problem_text(problem, "en").endswith(problem.message)


def test_a_known_message_and_its_place() -> None:
    problem = Problem(2, "value", "104 is outside 0-100 for a percentage")
    assert problem_text(problem, "vi") == "dòng 2, cột value: 104 nằm ngoài 0–100 với tỷ lệ %"
    assert (
        problem_text(problem, "en") == "row 2, column value: 104 is outside 0-100 for a percentage"
    )


def test_an_unknown_message_is_marked_not_hidden() -> None:
    assert message_text("something new", "vi") == UNTRANSLATED_PREFIX + "something new"
