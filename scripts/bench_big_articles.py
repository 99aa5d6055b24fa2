"""Peak memory of ``kg build`` on one very large article (run by hand, never a test).

Why: issue 18 found build memory growing with the largest article (5 MB on
one line: 12.6 GB). This generates the cases the issue names and runs
``kg build`` on each in a fresh process, reporting wall time, peak RSS (from
``wait4``), exit status, the last line kg printed and the entities built:

* ``line50``: a 50 MB single-line article (prose sentences, no newline);
* ``datauri50``: a Markdown article with a 50 MB base64 data-URI image;
* ``lineN``: a single-line article of N MB (``--sizes``), e.g. at the limit;
* ``proseN-line`` / ``proseN-para``: N MB of the seed articles' own sentences
  (``--prose``), names varied so no two sentences are alike, on one line or in
  paragraphs of a few sentences (real-looking prose, not one template).

    python scripts/bench_big_articles.py                 # line50, datauri50, line4
    python scripts/bench_big_articles.py --sizes 1 2 4 --max-article-mb 8
    python scripts/bench_big_articles.py --skip-50 --sizes --prose 4 8 --max-article-mb 8
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SENTENCE = "Chile and Japan signed a lithium agreement in Santiago on 4 June 2024, officials said. "
STATES = ("Chile", "Japan", "Peru", "Canada", "India", "Brazil", "Germany", "Kenya")


def _write_until(path: Path, megabytes: float, headline: str, sentence_for: Callable[[int, str, str], str]) -> Path:
    """A headline, then sentences (``sentence_for(n, state_a, state_b)``) until the text is ``megabytes`` long."""
    rng = random.Random(18)
    target = int(megabytes * 1_000_000)
    parts: list[str] = [headline + "\n"]
    size = len(parts[0])
    n = 0
    while size < target:
        a, b = rng.sample(STATES, 2)
        sentence = sentence_for(n, a, b)
        parts.append(sentence)
        size += len(sentence)
        n += 1
    path.write_text("".join(parts) + "\n", encoding="utf-8")
    return path


def single_line(path: Path, megabytes: float) -> Path:
    """One line of distinct prose sentences (no two alike, so cleaning keeps them all)."""

    def sentence(n: int, a: str, b: str) -> str:
        return SENTENCE.replace("Chile", a).replace("Japan", b).replace("2024", str(1900 + n % 200)) + f"Note {n}. "

    return _write_until(path, megabytes, "Chile and Japan sign lithium pact", sentence)


def seed_prose(path: Path, megabytes: float, paragraphs: bool) -> Path:
    """The seed articles' sentences, cycled with varied names and years, on one line or in paragraphs."""
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    sentences = [s.strip() + "." for seed in seeds for s in seed.read_text(encoding="utf-8").replace("\n", " ").split(". ") if len(s.strip()) > 20]

    def sentence(n: int, a: str, b: str) -> str:
        text = sentences[n % len(sentences)].replace("Chile", a).replace("Japan", b) + f" It was item {n}."
        return text + ("\n\n" if paragraphs and n % 5 == 4 else " ")

    return _write_until(path, megabytes, "Trade ministers meet on minerals", sentence)


def data_uri(path: Path, megabytes: float) -> Path:
    """A short Markdown article with an inline image of ``megabytes`` of base64."""
    payload = base64.b64encode(random.Random(50).randbytes(int(megabytes * 750_000))).decode()
    text = "Chile and Japan sign lithium pact\n\nChile and Japan signed a lithium agreement on 4 June 2024.\n\n"
    path.write_text(text + f"![chart](data:image/png;base64,{payload})\n\nThe deal covers refining.\n", encoding="utf-8")
    return path


def run(path: Path, out: Path, limit: float | None) -> dict[str, object]:
    """``kg build path -o out`` in a fresh process: seconds, peak RSS (MB), exit status, last message, entities."""
    command = [sys.executable, "-m", "kg.cli", "build", str(path), "-o", str(out)]
    if limit is not None:
        command += ["--max-article-mb", str(limit)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    entities = "-"
    if process.returncode == 0:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from kg.engine.reader import read_graph

        graph = read_graph(out)
        entities = ", ".join(sorted(f"{e.kind}:{e.label}" for e in graph.entities))
    lines = [line for line in stderr.splitlines() if line.strip()]
    return {
        "file": path.name,
        "MB": round(path.stat().st_size / 1e6, 1),
        "seconds": round(seconds, 1),
        "peak RSS MB": round(usage.ru_maxrss / 1024),
        "exit": process.returncode,
        "message": (lines[0] if lines else "")[:160],
        "entities": entities[:300],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[4.0], help="single-line articles of these MB, built (default: 4)")
    parser.add_argument("--max-article-mb", type=float, default=None, help="passed to kg build (default: kg's)")
    parser.add_argument("--prose", type=float, nargs="*", default=[], help="seed-prose articles of these MB, one line and in paragraphs")
    parser.add_argument("--skip-50", action="store_true", help="leave out the two 50 MB cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [] if args.skip_50 else [single_line(folder / "line50.txt", 50), data_uri(folder / "datauri50.md", 50)]
        cases += [single_line(folder / f"line{size:g}.txt", size) for size in args.sizes]
        for size in args.prose:
            cases += [seed_prose(folder / f"prose{size:g}-line.txt", size, False), seed_prose(folder / f"prose{size:g}-para.txt", size, True)]
        for case in cases:
            result = run(case, folder / f"out-{case.stem}", args.max_article_mb)
            print(" | ".join(f"{k}: {v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    main()
