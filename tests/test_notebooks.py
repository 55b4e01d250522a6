"""The notebooks run headless from top to bottom (a small slice of each corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NEEDS_SHARED = {"02_evaluation.ipynb", "03_tracking_over_time.ipynb"}


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_runs(name, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    if name in NEEDS_SHARED and not (SHARED / "research" / "data").exists():
        pytest.skip(f"{name} reads the shared corpora, absent at {SHARED}")
    monkeypatch.setenv("QUOTESTANCE_NOTEBOOK_SMALL", "1")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [o for cell in book.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_committed_notebooks_show_their_figures_as_images(name):
    nbformat = pytest.importorskip("nbformat")
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    outputs = [o for cell in book.cells for o in cell.get("outputs", []) if "data" in o]
    figures = [o for o in outputs if str(o["data"].get("text/plain", "")).startswith("<Figure size")]
    assert all("image/png" in o["data"] for o in figures)
