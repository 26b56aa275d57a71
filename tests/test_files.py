"""Output folders: a reader never writes; a writer finishes only its own switch, inside its folder."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kgraph
from kgraph.cli import BUILD_OUTPUTS, app
from kgraph.errors import OutputError
from kgraph.files import SWITCH_JOURNAL, OutputSet, pending_switch

runner = CliRunner()


def _snapshot(*folders: Path) -> dict[str, bytes | str]:
    """Every path under the folders, with the content of files and the target of links."""
    seen: dict[str, bytes | str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                seen[str(path)] = f"-> {os.readlink(path)}"
            elif path.is_file():
                seen[str(path)] = path.read_bytes()
            else:
                seen[str(path)] = "folder"
    return seen


@pytest.fixture(scope="module")
def graph_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("graph") / "graph.json"
    kgraph.build(["Cancer stem cells (CSCs) resist radiotherapy. CSCs and chemotherapy."],
                 store=False).save(path)
    return path.read_text(encoding="utf-8")


@pytest.fixture
def shared(tmp_path: Path, graph_text: str) -> Path:
    """A folder someone shared: a real graph, beside a folder of the user's own files."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "graph.json").write_text(graph_text, encoding="utf-8")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "secret.txt").write_text("the user's own file\n")
    (victim / "graph.json").write_text("the user's other graph\n")
    return folder


# A journal's staging folder or files that point outside the folder: what a hostile share holds.
HOSTILE = {
    "dot-dot staging": ({"staging": "../victim", "files": ["secret.txt"]}, None),
    "dot-dot file": ({"staging": ".kgraph-staging-abc", "files": ["../victim/secret.txt"]}, "dir"),
    "absolute staging": ({"staging": "{victim}", "files": ["graph.json"]}, None),
    "staging is a link": ({"staging": ".kgraph-staging-abc", "files": ["graph.json"]}, "link"),
    "staged file is a link": ({"staging": ".kgraph-staging-abc", "files": ["graph.json"]}, "file-link"),
    "a name the writer does not write": ({"staging": ".kgraph-staging-abc", "files": ["notes.txt"]}, "dir"),
}


def _plant(shared: Path, journal: dict, staging: str | None) -> None:
    victim = shared.parent / "victim"
    text = json.dumps(journal).replace("{victim}", str(victim))
    (shared / SWITCH_JOURNAL).write_text(text)
    if staging == "dir":
        (shared / ".kgraph-staging-abc").mkdir()
        (shared / ".kgraph-staging-abc" / "notes.txt").write_text("planted\n")
    elif staging == "link":
        (shared / ".kgraph-staging-abc").symlink_to(victim, target_is_directory=True)
    elif staging == "file-link":
        (shared / ".kgraph-staging-abc").mkdir()
        (shared / ".kgraph-staging-abc" / "graph.json").symlink_to(victim / "secret.txt")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_files_reading_a_shared_folder_never_writes(shared, case, caplog):
    _plant(shared, *HOSTILE[case])
    before = _snapshot(shared, shared.parent / "victim")
    kg = kgraph.load(shared / "graph.json")
    assert kg.find("CSCs") == "cancer_stem_cell"
    for command in (["find", "CSCs"], ["neighbors", "CSCs"], ["explain", "CSCs"]):
        result = runner.invoke(app, [command[0], str(shared / "graph.json"), *command[1:]])
        assert result.exit_code == 0, result.output
    assert _snapshot(shared, shared.parent / "victim") == before
    assert "stopped while it switched them in" in caplog.text  # the reader says so, and leaves it


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_files_a_writer_ignores_a_switch_it_did_not_stage(shared, case, caplog):
    _plant(shared, *HOSTILE[case])
    victim = shared.parent / "victim"
    theirs = _snapshot(victim)
    with OutputSet(shared, BUILD_OUTPUTS) as outputs:
        outputs.write("graph.json", "{}")
    assert _snapshot(victim) == theirs
    assert (shared / "graph.json").read_text() == "{}" and not (shared / "graph.json").is_symlink()
    assert not (shared / SWITCH_JOURNAL).exists() and not (shared / "notes.txt").exists()
    assert "so kgraph did not write it; removed" in caplog.text


def test_files_build_out_into_a_hostile_folder_touches_nothing_outside(shared, tiny_corpus, caplog):
    _plant(shared, {"staging": "../victim", "files": ["secret.txt", "graph.json"]}, None)
    theirs = _snapshot(shared.parent / "victim")
    result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(shared), "-q", "--no-store"])
    assert result.exit_code == 0, result.output
    assert _snapshot(shared.parent / "victim") == theirs
    assert kgraph.load(shared / "graph.json").summary()["documents"] == 3


def test_files_a_journal_that_is_a_pipe_is_neither_read_nor_followed(shared):
    os.mkfifo(shared / SWITCH_JOURNAL)  # reading it would wait forever for a writer
    assert kgraph.load(shared / "graph.json").find("CSCs") == "cancer_stem_cell"
    with OutputSet(shared, BUILD_OUTPUTS) as outputs:
        outputs.write("report.json", "[]")
    assert not (shared / SWITCH_JOURNAL).exists() and (shared / "report.json").read_text() == "[]"


def test_files_the_next_writer_completes_a_switch_a_killed_build_left(tmp_path, caplog):
    folder = tmp_path / "out"
    with OutputSet(folder, BUILD_OUTPUTS) as outputs:
        for name in BUILD_OUTPUTS:
            outputs.write(name, f"old {name}")
    # What a build killed between two renames of its switch leaves: graph.html moved, the rest staged.
    staging = folder / ".kgraph-staging-k1ll3d_"
    staging.mkdir()
    for name in ("graph.json", "report.json"):
        (staging / name).write_text(f"new {name}")
    (folder / "graph.html").write_text("new graph.html")
    (folder / SWITCH_JOURNAL).write_text(json.dumps({"staging": staging.name, "files": sorted(BUILD_OUTPUTS)}))
    assert pending_switch(folder)
    with caplog.at_level(logging.WARNING):
        with OutputSet(folder, BUILD_OUTPUTS):
            pass  # a writer that writes nothing: it only completes the earlier switch
    assert {name: (folder / name).read_text() for name in BUILD_OUTPUTS} == {
        name: f"new {name}" for name in BUILD_OUTPUTS}
    assert not pending_switch(folder) and not staging.exists() and "did not write" not in caplog.text


def test_files_an_output_set_writes_only_plain_names_it_declared(tmp_path):
    for name in ("../x.json", "sub/x.json", ".hidden", ""):
        with pytest.raises(ValueError, match="not a plain file name"):
            OutputSet(tmp_path, [name])
    with OutputSet(tmp_path / "out", ["graph.json"]) as outputs:
        with pytest.raises(ValueError, match="not one of this output set's files"):
            outputs.write("report.json", "{}")


def test_files_a_lock_file_that_is_a_link_is_refused(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (folder / ".kgraph-outputs.lock").symlink_to(precious)
    with pytest.raises(OutputError, match="is a link"):
        with OutputSet(folder, BUILD_OUTPUTS) as outputs:
            outputs.write("graph.json", "{}")
    assert precious.read_text() == "keep me\n" and not (folder / "graph.json").exists()


def test_files_a_store_lock_that_is_a_link_in_a_shared_folder_is_never_followed(tmp_path, tiny_corpus):
    folder = tmp_path / "shared"
    folder.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (folder / "kgraph.db.lock").symlink_to(precious)
    result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(folder), "-q"])
    assert result.exit_code == 1 and "Cannot lock the store" in result.output
    assert precious.read_text() == "keep me\n"
