"""Fault injection: kill -9 at every step of a build, concurrent builds, damaged stores, full disks.

Each case is compared with a clean build of the same corpus. The kills are
real: ``tests/fault_driver.py`` forks a process per trial that sends itself
SIGKILL just before its N-th SQL statement (or file rename, or flush), so
every commit point of a build and of ``--update`` is hit.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kgraph
from kgraph.errors import StoreError

from .conftest import SAMPLE_CORPUS
from .test_store import NEW, OLD, graph_data

DRIVER = Path(__file__).with_name("fault_driver.py")
# Every 6th statement by default (about 70 kills); KGRAPH_FAULT_STRIDE=1 kills at every one.
STRIDE = int(os.environ.get("KGRAPH_FAULT_STRIDE", "6"))


def drive(tmp_path: Path, **spec: object) -> list[dict]:
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"folder": str(tmp_path), **spec}))
    run = subprocess.run([sys.executable, str(DRIVER), str(spec_file)], capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


@pytest.mark.slow
def test_a_build_killed_at_any_statement_is_finished_by_a_rerun_exactly(tmp_path):
    rows = drive(tmp_path, scenarios=["build", "update", "rebuild_other_corpus"], stride=STRIDE)
    trials = [r for r in rows if "ok" in r]
    statements = {r["scenario"]: r["statements"] for r in rows if "statements" in r}
    assert all(n > 100 for n in statements.values()), statements  # several batches, every phase
    assert len(trials) >= sum(statements.values()) // STRIDE
    assert sum(r["killed"] for r in trials) >= len(trials) - 3  # the last points may lie past the end
    failed = [r for r in trials if not r["ok"]]
    assert not failed, failed[:5]


@pytest.mark.slow
def test_outputs_killed_while_written_are_always_one_set(tmp_path):
    trials = drive(tmp_path, scenarios=[], outputs=True)
    assert len(trials) == 10 and sum(r["killed"] for r in trials) == 8
    assert not [r for r in trials if not r["ok"]]
    # Killed before the switch: the old set (2 documents); during it: the new one (6), completed.
    assert {r["documents"] for r in trials} == {2, 6}


def _cli(*args: str, **kwargs: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgraph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    """The sample articles 40 times over (200 documents): a build that takes a few seconds."""
    folder = tmp_path / "big"
    folder.mkdir()
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for copy in range(40):
            (folder / f"{path.stem}-{copy}.txt").write_text(f"Copy {copy}.\n{text}", encoding="utf-8")
    return folder


def _wait_for_holder(store: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
            if db.execute("SELECT value FROM meta WHERE name = 'holder'").fetchone():
                db.close()
                return
            db.close()
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError("the first build never took the store")


@pytest.mark.slow
def test_a_second_build_on_a_store_in_use_fails_at_once_and_the_first_loses_nothing(tmp_path, big_corpus):
    out = tmp_path / "out"
    first = _cli("build", str(big_corpus), "--out", str(out), "-q")
    _wait_for_holder(out / "kgraph.db")
    started = time.monotonic()
    second = _cli("build", str(SAMPLE_CORPUS), "--out", str(out), "-q")
    _, error = second.communicate(timeout=120)
    assert second.returncode == 1 and time.monotonic() - started < 30
    assert f"in use by another build (process {first.pid} on " in error and "--wait" in error
    assert "Traceback" not in error
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert kgraph.load(out / "graph.json").graph.graph["documents"] == 200
    # Asked to wait, a second build runs after the first.
    third = _cli("build", str(big_corpus), "--out", str(out), "-q")
    _wait_for_holder(out / "kgraph.db")
    waiting = _cli("build", str(SAMPLE_CORPUS), "--out", str(out), "-q", "--wait", "600")
    assert third.wait(timeout=600) == 0 and waiting.wait(timeout=600) == 0
    assert kgraph.load(out / "graph.json").graph.graph["documents"] == 5


@pytest.mark.slow
def test_a_build_killed_by_a_signal_at_a_random_moment_resumes_exactly(tmp_path, big_corpus):
    """kill -9 on the real command line at moments spread over a build, then a rerun."""
    clean = kgraph.build(big_corpus, store=False)
    out = tmp_path / "out"
    for delay in (1.5, 3.0, 4.5):
        run = _cli("build", str(big_corpus), "--out", str(out), "-q")
        time.sleep(delay)
        run.kill()
        run.wait()
    rerun = subprocess.run([sys.executable, "-m", "kgraph", "build", str(big_corpus), "--out", str(out), "-q"],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert graph_data(kgraph.load(out / "graph.json")) == graph_data(clean)


# Damaged and foreign stores ---------------------------------------------------------------------

def test_an_empty_or_missing_store_is_refused_by_update(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="is an empty file, so it holds no earlier build.*without --update"):
        kgraph.build(NEW, store=empty, update=True)
    with pytest.raises(StoreError, match="does not exist"):
        kgraph.build(NEW, store=tmp_path / "none.db", update=True)
    assert graph_data(kgraph.build(OLD, store=empty)) == graph_data(kgraph.build(OLD))  # a new store


def test_files_that_are_not_kgraph_stores_are_never_touched(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("my notes\n")
    foreign = tmp_path / "other.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE patients (name TEXT)")
    db.commit()
    db.close()
    before = foreign.read_bytes()
    for update in (False, True):
        with pytest.raises(StoreError, match="not a kgraph store .not an SQLite database"):
            kgraph.build(OLD, store=text, update=update)
        with pytest.raises(StoreError, match="SQLite database that kgraph did not make .tables: patients"):
            kgraph.build(OLD, store=foreign, update=update)
    assert text.read_text() == "my notes\n" and foreign.read_bytes() == before


def _store_with_documents(tmp_path: Path) -> Path:
    store = tmp_path / "kg.db"
    kgraph.build(OLD + [(f"x{n}", f"Radiotherapy and CSCs, case {n}. " * 40) for n in range(60)],
                 store=store)
    return store


def test_a_truncated_store_is_refused_by_update_and_replaced_by_a_build(tmp_path, caplog):
    store = _store_with_documents(tmp_path)
    size = store.stat().st_size
    with store.open("r+b") as handle:
        handle.truncate(size // 2)
    with pytest.raises(StoreError, match="is damaged .* without --update"):
        kgraph.build(NEW, store=store, update=True)
    rebuilt = kgraph.build(OLD + NEW, store=store)
    assert "damaged" in caplog.text and "starting a new one" in caplog.text
    assert graph_data(rebuilt) == graph_data(kgraph.build(OLD + NEW))


def test_damaged_values_inside_a_sound_store_give_an_error_that_says_what_to_do(tmp_path):
    store = _store_with_documents(tmp_path)
    db = sqlite3.connect(store)
    db.execute("UPDATE meta SET value = '{not json' WHERE name = 'state'")
    db.commit()
    with pytest.raises(StoreError, match="damaged .its 'state' entry cannot be read.*Delete it"):
        kgraph.build(NEW, store=store, update=True)
    db.execute("UPDATE meta SET value = 'null' WHERE name = 'state'")
    db.execute("UPDATE documents SET survey = x'00ff' WHERE doc_id = 'old2'")
    db.commit()
    with pytest.raises(StoreError, match="the survey of document 'old2' .row 2. cannot be read"):
        kgraph.build(NEW, store=store, update=True)
    db.close()


# Full disks -------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs (needs the right to mount; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_gives_one_line_and_keeps_the_old_outputs(tmp_path, small_disk, tiny_corpus, big_corpus):
    out = small_disk / "out"
    first = subprocess.run([sys.executable, "-m", "kgraph", "build", str(tiny_corpus), "--out", str(out),
                            "-q", "--no-store"], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    full = subprocess.run([sys.executable, "-m", "kgraph", "build", str(big_corpus), "--out", str(out),
                           "-q", "--no-store"], capture_output=True, text=True)
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert "No space left on device" in full.stderr and "unchanged" in full.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kgraph-staging")]


def test_a_store_on_a_full_disk_gives_one_line_and_a_rerun_with_room_is_exact(tmp_path, small_disk, big_corpus):
    store = small_disk / "kg.db"
    full = subprocess.run([sys.executable, "-m", "kgraph", "build", str(big_corpus), "--out",
                           str(tmp_path / "out"), "--store", str(store), "-q"], capture_output=True, text=True)
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert "full" in full.stderr and "free some space" in full.stderr
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    rerun = subprocess.run([sys.executable, "-m", "kgraph", "build", str(big_corpus), "--out",
                            str(tmp_path / "out"), "--store", str(store), "-q"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert graph_data(kgraph.load(tmp_path / "out" / "graph.json")) == graph_data(
        kgraph.build(big_corpus, store=False))
