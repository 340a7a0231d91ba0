"""Every notebook in notebooks/ runs top to bottom on the sample, offline, and is kept
without outputs, exactly as notebooks/build_notebooks.py writes it."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import ipykernel  # noqa: F401 - the notebooks' kernel; a missing one is a failure, not a skip
import nbclient
import nbformat
import pytest
from conftest import REPO

NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell
KERNEL = "kg-test-python"


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 4, f"no notebooks found in {NOTEBOOKS_DIR}"


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks", NOTEBOOKS_DIR / "build_notebooks.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_notebooks_are_built_from_the_script_and_have_no_outputs() -> None:
    builder = _builder()
    built = builder.build()
    assert sorted(built) == [p.name for p in NOTEBOOKS], "run: python notebooks/build_notebooks.py"
    for path in NOTEBOOKS:
        assert path.read_text(encoding="utf-8") == builder.render(built[path.name]), (
            f"{path.name} differs from what build_notebooks.py writes; run: python notebooks/build_notebooks.py"
        )
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has outputs"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A kernel spec running this very Python with this checkout first on the path.

    Set through JUPYTER_PATH so a python3 kernel installed elsewhere on the machine is not
    picked by mistake; the notebooks use the embedded store (KG_STORE unset).
    """
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "kg tests",
                "language": "python",
            }
        )
    )
    env = {
        "JUPYTER_PATH": str(root),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "KG_DATA_DIR": str(root / "kg-data"),  # should a notebook open the default store, it is a scratch one
        "TMPDIR": str(root / "tmp"),  # the notebooks' temporary stores and files: here, not in /tmp
    }
    (root / "tmp").mkdir()
    return env


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, kernel_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in kernel_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KG_STORE", raising=False)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
        allow_errors=False,
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:  # the failing cell and its traceback
        pytest.fail(f"{path.name}: a cell failed\n{e}", pytrace=False)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
    ran = [c for c in nb.cells if c.cell_type == "code"]
    assert ran and all(c.execution_count for c in ran), "every code cell ran"
    # the kernel has exited: its temporary store (kg.notebook.notebook_store) is gone with it
    assert not list(Path(kernel_env["TMPDIR"]).glob("kg-notebook-*"))


_CODE = re.compile(r"`[^`]*`|https?://\S+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = re.compile(r"[A-Za-z]+[ ,'’-]+[A-Za-z]+")  # two Latin words in a row


def prose_language_problem(text: str) -> str | None:
    """Why a Markdown cell is not bilingual prose (Chinese first, then English), or None.
    Code spans and links do not count as prose."""
    prose = _CODE.sub(" ", text)
    cjk, words = _CJK.search(prose), _WORDS.search(prose)
    if not cjk:
        return "no Chinese"
    if not words:
        return "no English"
    if words.start() < cjk.start():
        return "English before Chinese"
    return None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## 审计规则 / The rules", None),
        ("## The rules", "no Chinese"),
        ("按清单类型统计事项（`explore-township-duties`）", "no English"),
        ("The shipped query `explore-township-duties`：内置查询", "English before Chinese"),
    ],
)
def test_prose_language_check(text: str, problem: str | None) -> None:
    assert prose_language_problem(text) == problem


def test_every_markdown_cell_is_bilingual() -> None:
    problems = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                why = prose_language_problem(cell.source)
                if why:
                    problems.append(f"{path.name} cell {i}: {why}: {cell.source[:60]!r}")
    assert not problems, "\n".join(problems)
