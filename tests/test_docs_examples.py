"""Docs that stay true: every example in every command's ``--help`` and every command
line in the shell code blocks of README.md, docs/*.md and data/sample/README.md runs.

The examples are extracted at test time (the ``Example:``/``Examples:`` section of each
help text; the lines of fenced code blocks marked ``sh``/``bash``/``shell``), so a new
example is covered without editing this test. Each help section or code block runs in
order, line by line, as a user would type it: in bash, in a fresh folder where ``data/``
is the clone's data folder, with an embedded store (``KG_DATA_DIR``) and the Neo4j
server both holding the sample. ``/tmp/`` in a command means the test's own temporary
folder. A line must exit 0, or 1 where 1 is the documented answer (``--fail-on``
findings, a transfer that is not allowed), or the status its comment states
(``# exit 3: …``, e.g. a dataset refused on purpose); exiting 0 it must not print an error.

A few lines cannot run inside the suite; :data:`NOT_RUN` names them with the reason,
and a test fails if one of those lines is no longer in the docs (no stale exemptions).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from conftest import REPO, SAMPLE, STORES

from kg.cli import cli
from kg.ingest.load import load_dataset
from kg.stores import EmbeddedStore, Neo4jStore

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "data" / "sample" / "README.md"]

#: lines of the docs' shell blocks that are not run here (matched at the start of the line)
NOT_RUN = {
    "scripts/test": "runs this test suite itself",
    "scripts/demo": "(re)installs kg into the .venv this suite runs from; `kg demo` is run from its --help",
    "scripts/jupyter": "starts a JupyterLab server that does not return; tests/test_notebooks.py runs the notebooks",
    "scripts/neo4j-local start": "the suite runs against the server scripts/test started with it",
    "set -a; . .neo4j-local/env; set +a": "the suite's environment holds those NEO4J_* settings already",
    "python notebooks/build_notebooks.py": "rewrites notebooks/ in the clone; tests/test_notebooks.py checks they equal its output",
    "python3 - <<'EOF'": "a web server for a Browser style sheet that does not return",
}

#: exit status 1 is the documented answer of these commands
EXIT_1_OK = re.compile(r"--fail-on|\bcheck-transfer\b")


@dataclass(frozen=True)
class Example:
    source: str  # "kg audit --help" or "README.md:20"
    lines: tuple[str, ...]

    @property
    def uses_neo4j(self) -> bool:
        return any("--store neo4j" in line for line in self.lines)


def help_examples() -> list[Example]:
    """The Example(s): section of the group's and of every command's --help."""
    out = []
    root = click.Context(cli, info_name="kg")
    commands = [("kg", cli, root)] + [
        (f"kg {name}", cmd, click.Context(cmd, info_name=name, parent=root))
        for name, cmd in sorted(cli.commands.items())
    ]
    for name, cmd, ctx in commands:
        text = cmd.get_help(ctx)
        m = re.search(r"^\s*Examples?:\n((?:[ \t]+\S.*\n)+)", text, re.MULTILINE)
        assert m, f"`{name} --help` has no Example: section"
        out.append(Example(f"{name} --help", tuple(line.strip() for line in m.group(1).splitlines())))
    return out


def block_examples() -> list[Example]:
    """The fenced sh/bash/shell blocks of the docs, one Example per block (heredocs kept whole)."""
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"^([ \t]*)```(?:sh|bash|shell)\n(.*?)^[ \t]*```", text, re.MULTILINE | re.DOTALL):
            lineno = text.count("\n", 0, m.start()) + 1
            body = [line.removeprefix(m.group(1)) for line in m.group(2).splitlines()]
            lines: list[str] = []
            heredoc = None
            for line in body:
                if heredoc is not None:
                    lines[-1] += "\n" + line
                    if line.strip() == heredoc:
                        heredoc = None
                    continue
                if line.strip():
                    lines.append(line.rstrip())
                    h = re.search(r"<<-?'?(\w+)'?", line)
                    heredoc = h.group(1) if h else None
            out.append(Example(f"{doc.relative_to(REPO)}:{lineno}", tuple(lines)))
    return out


def _not_run(line: str) -> bool:
    return any(line.startswith(prefix) for prefix in NOT_RUN)


EXAMPLES = help_examples() + block_examples()
RUNNABLE = [e for e in EXAMPLES if not all(_not_run(line) for line in e.lines)]


def test_every_command_has_an_example_and_the_docs_have_blocks() -> None:
    assert {e.source for e in EXAMPLES if e.source.endswith("--help")} == {"kg --help"} | {
        f"kg {name} --help" for name in cli.commands
    }
    assert all(e.lines for e in EXAMPLES)
    assert any(not e.source.endswith("--help") for e in EXAMPLES)


def test_no_stale_exemptions() -> None:
    lines = [line for e in EXAMPLES for line in e.lines]
    for prefix in NOT_RUN:
        assert any(line.startswith(prefix) for line in lines), f"NOT_RUN: {prefix!r} is in no doc any more"


@pytest.fixture
def workdir(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, dict[str, str]]:
    """A fresh folder with a copy of the clone's data/ (examples such as `kg match confirm`
    write into a dataset), and both stores holding the sample."""
    cwd = tmp_path / "work"
    cwd.mkdir()
    shutil.copytree(REPO / "data", cwd / "data")
    data_dir = tmp_path / "store"
    store = EmbeddedStore(data_dir)
    try:
        store.clear()
        load_dataset(store, SAMPLE)
    finally:
        store.close()
    if request.node.callspec.params["example"].uses_neo4j:
        neo: Neo4jStore = request.getfixturevalue("_neo4j")
        neo.clear()
        load_dataset(neo, SAMPLE)
    env = dict(os.environ)
    env.pop("KG_STORE", None)
    env["KG_DATA_DIR"] = str(data_dir)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return cwd, env


@pytest.mark.parametrize(
    "example", [pytest.param(e, id=e.source, marks=[pytest.mark.neo4j] if e.uses_neo4j else []) for e in RUNNABLE]
)
def test_example_runs(example: Example, workdir: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    if example.uses_neo4j and "neo4j" not in STORES:
        pytest.fail("this example needs Neo4j, which is not among KG_TEST_STORES")
    cwd, env = workdir
    ran = 0
    for line in example.lines:
        if _not_run(line):
            continue
        command = line.replace("/tmp/", f"{tmp_path}/")
        before = set(cwd.iterdir())
        res = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        ran += 1
        stated = re.search(r"#\s*exit (\d+)", line)
        allowed = {int(stated.group(1))} if stated else {0, 1} if EXIT_1_OK.search(line) else {0}
        where = f"{example.source}: `{line}`"
        assert res.returncode in allowed, f"{where} exited {res.returncode}\n{res.stdout[-1000:]}\n{res.stderr[-2000:]}"
        if res.returncode == 0:
            assert "error" not in res.stderr.lower(), f"{where} printed an error:\n{res.stderr[-2000:]}"
        if res.returncode == 0:  # it did something: printed, or wrote a file
            assert res.stdout.strip() or set(cwd.iterdir()) - before or "/tmp/" in line, f"{where} did nothing"
        else:  # it said why
            assert res.stderr.strip(), f"{where} exited {res.returncode} without a word"
    assert ran
