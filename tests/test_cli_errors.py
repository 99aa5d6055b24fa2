"""The CLI's errors in plain words: a missing graph says how to make or choose one, KG_GRAPH, "path: reason", counts in words."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "sample.trig"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("KG_GRAPH", "KG_DEBUG")}
    environment["PYTHONPATH"] = str(ROOT)  # this checkout's kg, wherever the test runs
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd, env=environment)


@pytest.mark.parametrize(
    "args,choose",
    [
        (("query", "people-positions"), "-g GRAPH"),
        (("explain", "Chile"), "-g GRAPH"),
        (("validate",), "`kg validate GRAPH`"),
        (("view",), "`kg view GRAPH`"),
        (("push", "--endpoint", "http://127.0.0.1:9/store"), "-g GRAPH"),
    ],
)
def test_a_missing_graph_says_how_to_build_or_choose_one(tmp_path, args, choose):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "kg: error: exports (the default graph): no such file or folder. Build it with `kg build ARTICLES... -o exports`, "
        f"or choose another graph with {choose} or the KG_GRAPH environment variable"
    )


def test_kg_graph_chooses_the_graph_and_a_flag_overrides_it(tmp_path):
    result = run("explain", "India", cwd=tmp_path, env={"KG_GRAPH": str(SAMPLE)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("India  [State]")
    missing = run("query", "people-positions", cwd=tmp_path, env={"KG_GRAPH": "nowhere"})
    assert missing.returncode == 1 and "kg: error: nowhere (from KG_GRAPH): no such file or folder." in missing.stderr
    flagged = run("query", "people-positions", "-g", str(SAMPLE), cwd=tmp_path, env={"KG_GRAPH": "nowhere"})
    assert flagged.returncode == 0 and "Priya Raman" in flagged.stdout
    named = run("validate", "elsewhere", cwd=tmp_path)
    assert "kg: error: elsewhere: no such file or folder. Build it with" in named.stderr  # no "(the default graph)": the user named it


def test_build_into_an_existing_file_fails_before_any_work(tmp_path):
    (tmp_path / "out.txt").write_text("not a folder", encoding="utf-8")
    result = run("build", str(ROOT / "seeds"), "-o", "out.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "kg: error: out.txt: exists and is not a folder; -o names the folder the exports are written to"


def test_every_os_error_is_path_colon_reason(tmp_path):
    from kg.cli import _describe

    assert _describe(FileNotFoundError(2, "No such file or directory", "a.ttl")) == "a.ttl: no such file or folder"
    assert _describe(PermissionError(13, "Permission denied", "b\nc")) == "b\\nc: permission denied"  # printable, one line
    assert _describe(IsADirectoryError(21, "Is a directory", ".tmp.x", None, "out")) == "out: is a folder, not a file"
    assert _describe(NotADirectoryError(20, "Not a directory", "f.txt/graph.ttl")) == "f.txt/graph.ttl: a part of this path is a file, not a folder"
    assert _describe(OSError(5, "Input/output error", "disk.ttl")) == "disk.ttl: Input/output error"
    assert _describe(ValueError("plain message")) == "plain message"


def test_view_into_a_folder_writes_graph_html_there(tmp_path):
    (tmp_path / "site").mkdir()
    result = run("view", str(SAMPLE), "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "graph.html").is_file()


def test_an_unwritable_output_is_path_colon_reason(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run("view", str(SAMPLE), "-o", str(locked / "g.html"), cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.strip().endswith(": permission denied")


def test_explain_suggests_a_close_name(tmp_path):
    result = run("explain", "Priya Ramen", "-g", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "kg: error: no entity named 'Priya Ramen' in the graph; did you mean 'Priya Raman'?"


class _Store(BaseHTTPRequestHandler):
    """A Graph Store that accepts every PUT."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def graph_store() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def test_push_prints_one_line_for_people(tmp_path, graph_store):
    result = run("push", "--endpoint", graph_store, "-g", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr == f"pushed 129 triples to {graph_store}: 2 article graphs (87 triples) and the default graph (42 triples)\n"
    assert "PushReport(" not in result.stderr


def test_build_reports_counts_in_words(tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Chile and Japan sign lithium pact\nChile and Japan signed a lithium agreement on 4 June 2024.\n", encoding="utf-8")
    result = run("build", str(article), "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("kg: 1 article, ") and "1 articles" not in result.stderr


def _readme_transcript() -> list[tuple[list[str], str]]:
    """The ``$ kg …`` lines of the README and the line printed under each."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pairs = re.findall(r"^\$ (kg [^\n#]*?)\s*(?:#[^\n]*)?\n([^\n$][^\n]*)$", readme, flags=re.M)
    return [(shlex.split(command)[1:], output) for command, output in pairs]


def test_the_readme_error_transcript_is_what_kg_prints(tmp_path):
    transcript = _readme_transcript()
    assert len(transcript) == 3
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    os.symlink(ROOT / "exports", tmp_path / "built")
    for args, printed in transcript:
        env = {"KG_GRAPH": str(tmp_path / "built")} if args[0] == "explain" else None
        result = run(*args, cwd=tmp_path, env=env)
        assert result.stderr.strip() == printed, args


def test_the_readme_says_how_to_reach_kg_in_a_fresh_shell():
    """Bare `kg` commands appear only after the line that activates .venv (or they are written .venv/bin/kg)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    first_bare = next(i for i, line in enumerate(lines) if re.match(r"kg\b", line))
    assert "source .venv/bin/activate" in lines[:first_bare]
