"""notebooks/explore.ipynb runs from top to bottom (its cells assert their results)."""

import nbformat
import pytest

from .conftest import ROOT

nbclient = pytest.importorskip("nbclient")


@pytest.mark.slow
def test_notebook_explore_runs(tmp_path):
    path = ROOT / "notebooks" / "explore.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "store the notebook without outputs"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("srcdoc" in o.get("data", {}).get("text/html", "") for o in outputs)


@pytest.mark.slow
def test_notebook_literature_runs_on_the_real_exports():
    from .conftest import SHARED

    if not (SHARED / "data" / "biblio").is_dir():
        pytest.skip("../shared/data/biblio is absent")
    path = ROOT / "notebooks" / "literature.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "store the notebook without outputs"
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = " ".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "dapagliflozin" in text and "rising" in text  # the trend the notebook is about
