"""End to end on the seed corpus, scored with the shared evaluation when it is present.

The scorer and the competency questions live outside the repository
(``../shared``); a user's clone has none, so these tests skip there.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "seeds.gold.json"
CQ = SHARED / "spec" / "cq"

pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason="../shared/eval is not beside this clone")


@pytest.fixture(scope="module")
def exported(seed_graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-exports")
    seed_graph.export(folder, ["trig"])
    return folder


def test_every_competency_question_runs_and_answers(seed_graph):
    for path in sorted(CQ.glob("*.rq")):
        rows = list(seed_graph.query(path.read_text(encoding="utf-8")))
        assert rows, f"{path.name} has no answer"


def test_scorer_summary(exported, capsys):
    result = subprocess.run(
        [sys.executable, str(SCORER), str(exported), str(GOLD), "--cq", str(CQ), "--docs", str(ROOT / "seeds")],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = result.stdout.strip().splitlines()[-1]
    with capsys.disabled():
        print(f"\n{summary}")
    assert "provenance 1.00" in summary
