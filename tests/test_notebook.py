"""The notebooks run from top to bottom (their cells assert their results)."""

import json
import re

import nbformat
import pytest

from .conftest import ROOT

nbclient = pytest.importorskip("nbclient")


def _run(name: str, timeout: int) -> list:
    """Run ``notebooks/NAME`` (stored without outputs) from top to bottom; its outputs."""
    path = ROOT / "notebooks" / name
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "store the notebook without outputs"
    client = nbclient.NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def _size(outputs: list) -> int:
    """Characters the outputs add to the saved notebook."""
    return len(json.dumps(outputs))


@pytest.mark.slow
def test_notebook_explore_runs(tmp_path):
    outputs = _run("explore.ipynb", 300)
    assert not [o for o in outputs if o.output_type == "error"]
    # The view is a file beside the notebook, shown by reference: the notebook stays light (it held 1.1 MB).
    html = [o.get("data", {}).get("text/html", "") for o in outputs]
    frames = [h for h in html if '<iframe src="kgraph-views/' in h]
    src = re.search(r'<iframe src="([^"]+)"', frames[0]).group(1)
    assert (ROOT / "notebooks" / src).stat().st_size > 100_000
    assert _size(outputs) < 50_000 and not any("srcdoc" in h for h in html)


@pytest.mark.slow
def test_notebook_literature_runs_on_the_real_exports():
    from .conftest import SHARED

    if not (SHARED / "data" / "biblio").is_dir():
        pytest.skip("../shared/data/biblio is absent")
    outputs = _run("literature.ipynb", 600)
    assert not [o for o in outputs if o.output_type == "error"]
    text = " ".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "dapagliflozin" in text and "rising" in text  # the trend the notebook is about
    assert "1976: " in text and "np.int64" not in text  # papers per year, as a reader writes them
    assert _size(outputs) < 100_000  # the view by reference (2.6 MB embedded)
