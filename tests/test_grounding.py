"""Grounding: ids in the lexicon format, the shipped table, ids on nodes, lookup by id, exports."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kgraph
from kgraph.concepts.grounding import (
    GroundingTable,
    ground,
    ground_concepts,
    grounding_table,
    mesh_category,
)
from kgraph.concepts.identifiers import canonical_id, ordered_ids
from kgraph.concepts.lexicon import Concept, load_lexicon

from .conftest import ROOT

GROUNDING = ROOT / "benchmarks" / "grounding"
TEXTS = ["Cyclic AMP (cAMP) rose after radiotherapy with cisplatin. Systemic lupus erythematosus (SLE) was present.",
         "Glutathione peroxidase (GPX) protects cells from radiotherapy. GPX activity rose after cisplatin."]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"grounding_{name}", GROUNDING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(GROUNDING))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(GROUNDING))
    return module


@pytest.fixture(scope="module")
def grounded_kg() -> kgraph.KnowledgeGraph:
    return kgraph.build(TEXTS)


# --- the lexicon format ----------------------------------------------------------------------

def test_grounding_lexicon_reads_ids_and_broader(tmp_path: Path) -> None:
    path = tmp_path / "lex.yaml"
    path.write_text("concepts:\n"
                    "- {id: tp53, label: TP53, category: target, ids: [ncbigene:7157, mesh:d016159, NCBIGene:7157]}\n"
                    "- {id: tp53_mutant, label: mutant p53, category: target, ids: [NCBIGene:7157], broader: tp53}\n"
                    "- {id: other, label: other thing, category: drug, ids: [CHEBI:15365]}\n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.concepts["tp53"].ids == ("NCBIGene:7157", "MESH:D016159")
    assert lexicon.concepts["tp53_mutant"].broader == "tp53"
    assert lexicon.concepts["other"].ids == ("CHEBI:15365",)   # other vocabularies are kept as written
    assert "ids=" in repr(lexicon.concepts["tp53"]) and "ids=" not in repr(Concept("a", "a", "drug"))


@pytest.mark.parametrize("entry, problem", [
    ("ids: [not an id]", "is not written PREFIX:ID"),
    ("ids: MESH:D002945", "must be a list"),
    ("broader: nowhere", "not another concept of this file"),
    ("broader: [a, b]", "'broader' must be the id"),
])
def test_grounding_lexicon_rejects_bad_ids(tmp_path: Path, entry: str, problem: str) -> None:
    path = tmp_path / "lex.yaml"
    path.write_text(f"concepts:\n- {{id: a, label: alpha, category: drug}}\n- {{id: b, label: beta, category: drug, "
                    f"{entry}}}\n", encoding="utf-8")
    with pytest.raises(kgraph.LexiconError, match=problem) as error:
        load_lexicon(path)
    assert "line 3" in str(error.value)


def test_grounding_shipped_lexicon_carries_ids() -> None:
    concepts = kgraph.default_lexicon().concepts
    assert concepts["cisplatin"].ids == ("MESH:D002945",)
    assert "NCBIGene:7157" in concepts["p53"].ids
    assert "DOID:1612" in concepts["breast_cancer"].ids and "MESH:D001943" in concepts["breast_cancer"].ids
    assert sum(1 for c in concepts.values() if c.ids) > 900


@pytest.mark.parametrize("text, expected", [
    ("mesh:d002945", "MESH:D002945"), ("Entrez:7157", "NCBIGene:7157"), ("go:0006915", "GO:0006915"),
    ("HGNC.SYMBOL:TP53", "hgnc.symbol:TP53"), ("CD4:CD8 ratio", None), ("cancer stem cells", None),
])
def test_grounding_canonical_id(text: str, expected: str | None) -> None:
    assert canonical_id(text, known_only=True) == expected


def test_grounding_ordered_ids_follow_the_vocabulary_order() -> None:
    assert ordered_ids(["GO:1", "UMLS:C1", "DOID:2", "MESH:D3", "NCBIGene:4"]) == (
        "MESH:D3", "DOID:2", "UMLS:C1", "NCBIGene:4", "GO:1")


# --- the shipped table and grounding by name ------------------------------------------------

def test_grounding_table_is_small_and_not_read_at_import() -> None:
    table = ROOT / "kgraph" / "data" / "grounding.tsv.gz"
    assert table.stat().st_size < 3_000_000
    code = ("import kgraph; from kgraph.concepts.grounding import grounding_table; "
            "print(grounding_table.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


@pytest.mark.parametrize("name, curie, category", [
    ("apoptosis", "MESH:D017209", "mechanism"),
    ("non-small cell lung carcinomas", "MESH:D002289", "cancer"),   # inversion undone, plural
    ("Acute myeloid leukaemia", "DOID:9119", "cancer"),              # DO label, British spelling
    ("insulin resistance", "MESH:D007333", "clinical"),              # DO's synonym of type 2 diabetes gives way
    ("BRCA1", "NCBIGene:672", "target"),                             # a gene symbol of five characters
    ("cell proliferation", "GO:0008283", "mechanism"),
    ("liver", "UBERON:0002107", "anatomy"),
])
def test_grounding_table_finds_names(name: str, curie: str, category: str) -> None:
    entries = {entry.id: entry for entry in grounding_table().lookup(name)}
    assert curie in entries and entries[curie].category == category
    if curie == "MESH:D007333":
        assert list(entries) == [curie]


@pytest.mark.parametrize("name", ["TP53", "EGFR", "p53", "AML", "SLE", "liver cancer patients"])
def test_grounding_table_never_grounds_short_forms_or_unknown_names(name: str) -> None:
    assert grounding_table().lookup(name) == ()


def test_grounding_do_terms_bring_ncit_and_umls() -> None:
    (entry,) = [e for e in grounding_table().lookup("systemic lupus erythematosus") if e.id.startswith("DOID")]
    assert entry.ids[0] == "DOID:9074" and any(i.startswith("NCIT:") for i in entry.ids) \
        and any(i.startswith("UMLS:") for i in entry.ids)


def test_grounding_ground_policy() -> None:
    table = GroundingTable.from_lines([
        "MESH:D017209\tmechanism\tApoptosis\t\tapoptosis",
        "MESH:D001\tmolecule\tZorbitinib\t\tzorbitinib",
        "MESH:D002\tcancer\tGlorbic Neoplasms\t\tglorbic neoplasm|glorbic cancer"])
    discovered = Concept("apoptosis", "apoptosis", "other", source="discovered")
    assert ground(discovered, table).ids == ("MESH:D017209",) and ground(discovered, table).category == "mechanism"
    lexicon = Concept("apoptosis", "apoptosis", "other")
    assert ground(lexicon, table) is lexicon                       # lexicon concepts keep their curated ids
    drug = Concept("zorbitinib", "zorbitinib", "drug", source="discovered")
    assert ground(drug, table).category == "drug"                 # a drug stays a drug where the id says molecule
    by_alias = Concept("glorbic", "glorbicoma", "other", ("glorbic cancer",), source="discovered")
    assert ground(by_alias, table).ids == ("MESH:D002",)
    unknown = Concept("x", "unheard-of thing", "other", source="discovered")
    assert ground(unknown, table) is unknown
    originals = {"a": discovered}
    assert ground_concepts(originals, table)["a"].ids and originals["a"].ids == ()   # inputs untouched


def test_grounding_mesh_category_rules() -> None:
    assert mesh_category(["D12.776.124.486.485.114.224"]) == "drug"          # monoclonal antibodies
    assert mesh_category(["D12.776.543.750"]) == "target"                    # a receptor
    assert mesh_category(["D27.505.954.248"]) == "drug_class"                # antineoplastic agents
    assert mesh_category(["E02.319"]) == "therapy" and mesh_category(["E05.318.740"]) == "statistic"
    assert mesh_category(["C04.557", "C15.604"]) == "cancer"
    assert mesh_category(["Z01.252"]) is None


# --- the graph: ids on nodes, categories, lookup, explain, exports ----------------------------

def test_grounding_nodes_carry_ids_and_categories_follow_them(grounded_kg: kgraph.KnowledgeGraph) -> None:
    nodes = grounded_kg.graph.nodes
    assert nodes["cisplatin"]["ids"] == ["MESH:D002945"]
    assert nodes["cyclic_amp"]["source"] == "discovered" and nodes["cyclic_amp"]["category"] == "molecule"
    assert "MESH:D000242" in nodes["cyclic_amp"]["ids"]
    assert nodes["systemic_lupus_erythematosus"]["category"] == "clinical"
    assert {"MESH:D008180", "DOID:9074"} <= set(nodes["systemic_lupus_erythematosus"]["ids"])
    assert all(isinstance(d["ids"], list) for _, d in grounded_kg.graph.nodes(data=True))


def test_grounding_find_by_id(grounded_kg: kgraph.KnowledgeGraph) -> None:
    assert grounded_kg.find("MESH:D002945") == grounded_kg.find("mesh:d002945") == "cisplatin"
    assert grounded_kg.find("D002945") == "cisplatin"
    assert grounded_kg.find("DOID:9074") == "systemic_lupus_erythematosus"
    assert "MESH:D005979" in grounded_kg and "MESH:D999999" not in grounded_kg
    with pytest.raises(kgraph.ConceptNotFoundError):
        grounded_kg.find("MESH:D999999")


def test_grounding_bare_id_of_two_vocabularies_asks_for_the_prefix() -> None:
    g = nx.Graph()
    g.add_node("a", label="alpha", ids=["DOID:1612"], mentions=2)
    g.add_node("b", label="beta", ids=["NCBIGene:1612"], mentions=1)
    kg = kgraph.KnowledgeGraph(g)
    assert kg.find("NCBIGene:1612") == "b"
    with pytest.raises(kgraph.ConceptNotFoundError, match="DOID:1612, NCBIGene:1612"):
        kg.find("1612")


def test_grounding_explain_shows_ids(grounded_kg: kgraph.KnowledgeGraph) -> None:
    text = grounded_kg.explain("cisplatin").to_text()
    assert "ids: MESH:D002945 (Cisplatin)" in text
    assert grounded_kg.explain("cisplatin").to_dict()["ids"] == ["MESH:D002945"]


def test_grounding_concepts_frame_has_ids(grounded_kg: kgraph.KnowledgeGraph) -> None:
    frame = grounded_kg.concepts
    assert frame.loc["cisplatin", "ids"] == ["MESH:D002945"]


def test_grounding_every_export_carries_ids(grounded_kg: kgraph.KnowledgeGraph, tmp_path: Path) -> None:
    grounded_kg.to_graphml(tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["cisplatin"]["ids"] == "MESH:D002945"
    grounded_kg.to_gexf(tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").nodes["cisplatin"]["ids"] == "MESH:D002945"
    grounded_kg.to_cytoscape(tmp_path / "g.cyjs")
    nodes = json.loads((tmp_path / "g.cyjs").read_text())["elements"]["nodes"]
    assert {n["data"]["id"]: n["data"]["ids"] for n in nodes}["cisplatin"] == ["MESH:D002945"]
    grounded_kg.to_node_link(tmp_path / "g.json")
    nodes = json.loads((tmp_path / "g.json").read_text())["nodes"]
    assert {n["id"]: n["ids"] for n in nodes}["cisplatin"] == ["MESH:D002945"]
    grounded_kg.to_csv(tmp_path / "e.csv")
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert any(r["source_ids"] == "MESH:D002945" or r["target_ids"] == "MESH:D002945" for r in rows)
    grounded_kg.to_vosviewer(tmp_path / "map.txt", tmp_path / "net.txt")
    assert "id cisplatin; MESH:D002945" in (tmp_path / "map.txt").read_text()


def test_grounding_view_carries_ids(grounded_kg: kgraph.KnowledgeGraph, tmp_path: Path) -> None:
    import re

    from kgraph.views.html import render_html

    page = render_html(grounded_kg.graph, max_nodes=2)
    data = json.loads(re.search(r'id="kgraph-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["ids"]["cisplatin"] == ["MESH:D002945"]  # drawn or not, a concept's ids are in the page


def test_grounding_graph_saved_without_ids_still_loads(grounded_kg: kgraph.KnowledgeGraph, tmp_path: Path) -> None:
    path = grounded_kg.save(tmp_path / "graph.json")
    data = json.loads(path.read_text())
    for node in data["graph"]["nodes"] if "graph" in data else data["nodes"]:
        node.pop("ids", None)
    path.write_text(json.dumps(data))
    old = kgraph.load(path)
    assert old.find("cisplatin") == "cisplatin" and old.concepts.loc["cisplatin", "ids"] == []
    assert "ids: none" in old.explain("cisplatin").to_text()
    with pytest.raises(kgraph.ConceptNotFoundError):
        old.find("MESH:D002945")


# --- the curation scripts -------------------------------------------------------------------

def test_grounding_apply_ids_is_idempotent_and_keeps_lines(tmp_path: Path) -> None:
    apply_ids = _script("apply_ids")
    lexicon = tmp_path / "lex.yaml"
    lexicon.write_text("# a comment\nconcepts:\n"
                       "- {id: a, label: alpha, category: drug, aliases: [alpha-1, changed since]}\n"
                       "# another comment\n"
                       "- {id: b, label: beta, category: drug, ids: [MESH:D1], broader: a}\n"
                       "- {id: c, label: gamma, category: drug}\n", encoding="utf-8")
    table = tmp_path / "ids.tsv"
    table.write_text("concept\tlabel\tcategory\tid\tvocabulary_name\thow\tmatched\tnote\tbroader\n"
                     "a\talpha\tdrug\tMESH:D2\tAlpha\tlabel:name\talpha\t\t\n"
                     "a\talpha\tdrug\tDOID:3\talpha\tlabel:name\talpha\t\t\n"
                     "b\tbeta\tdrug\t\t\t\t\tnone\t\n"
                     "gone\tgone\tdrug\tMESH:D4\tGone\tlabel:name\tgone\t\t\n", encoding="utf-8")
    args = ["--ids", str(table), "--lexicon", str(lexicon)]
    apply_ids.main(args)
    first = lexicon.read_text(encoding="utf-8")
    apply_ids.main(args)
    assert lexicon.read_text(encoding="utf-8") == first
    assert first.splitlines() == [
        "# a comment", "concepts:",
        "- {id: a, label: alpha, category: drug, aliases: [alpha-1, changed since], ids: [MESH:D2, DOID:3]}",
        "# another comment",
        "- {id: b, label: beta, category: drug}",
        "- {id: c, label: gamma, category: drug}"]


# --- against the vocabulary files (needs ../shared) -------------------------------------------

VOCAB = ROOT.parent / "shared" / "data" / "vocab"
needs_vocab = pytest.mark.skipif(not (VOCAB / "mesh" / "descriptors.tsv").exists(),
                                 reason="../shared/data/vocab is not available")


@pytest.fixture(scope="module")
def vocab_module():
    return _script("vocab")


@needs_vocab
def test_grounding_lexicon_ids_match_the_vocabularies(vocab_module) -> None:
    """Every id exists; its name matches a name of the concept, it is a cross-reference of such an id, or a
    reviewer checked it by hand (and recorded the vocabulary's name); no two concepts share an id unless one
    declares the other broader."""
    entries = {e.curie: e for e in vocab_module.read_all()}
    xrefs: dict[str, set[str]] = {}  # an id -> the entries that list it (DO: NCIt, UMLS and MeSH; genes: symbol)
    for curie, entry in entries.items():
        for xref in [*entry.xrefs, *entry.mesh]:
            xrefs.setdefault(xref, set()).add(curie)
    with (GROUNDING / "oncology-ids.tsv").open(encoding="utf-8", newline="") as handle:
        reviewed = {(r["concept"], r["id"]): r for r in csv.DictReader(handle, delimiter="\t") if r["id"]}
    lexicon = kgraph.default_lexicon()
    problems = []
    owners: dict[str, list[str]] = {}
    for concept in lexicon.concepts.values():
        keys = {vocab_module.key_text(n) for n in concept.names} - {None}
        symbols = {"".join(ch for ch in n.upper() if ch.isalnum()) for n in concept.names}
        named = set()
        for curie in concept.ids:
            entry = entries.get(curie)
            if entry is not None and ({vocab_module.key_text(n) for n in entry.names()} & keys
                                      or (entry.prefix == "NCBIGene" and entry.name.upper() in symbols)):
                named.add(curie)
        for curie in concept.ids:  # ids a reviewer checked by hand, with the vocabulary's name recorded
            row = reviewed.get((concept.id, curie))
            if curie in entries and row is not None and row["how"] == "hand-checked" \
                    and row["vocabulary_name"] == entries[curie].name:
                named.add(curie)
        for curie in concept.ids:
            owners.setdefault(curie, []).append(concept.id)
            if curie in named or xrefs.get(curie, set()) & named:
                continue
            what = entries[curie].name if curie in entries else "in no vocabulary"
            problems.append(f"{concept.id}: {curie} ({what}) names none of its names, is no cross-reference "
                            "of such an id and no reviewed hand-checked id")
    for curie, concepts in owners.items():
        for a in concepts:
            for b in concepts:
                if a < b and lexicon.concepts[a].broader != b and lexicon.concepts[b].broader != a:
                    problems.append(f"{a} and {b} share {curie}; declare one broader or drop the id")
    assert not problems, "\n".join(problems[:20])


@needs_vocab
@pytest.mark.slow
def test_grounding_shipped_table_is_built_from_the_vocabularies() -> None:
    build_table = _script("build_table")
    text = build_table.build(VOCAB)
    with gzip.open(ROOT / "kgraph" / "data" / "grounding.tsv.gz", "rt", encoding="utf-8") as handle:
        assert handle.read() == text, "the shipped table is stale: run benchmarks/grounding/build_table.py"


def test_grounding_cli_finds_and_explains_by_id(grounded_kg: kgraph.KnowledgeGraph, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kgraph.cli import app

    path = grounded_kg.save(tmp_path / "graph.json")
    found = CliRunner().invoke(app, ["find", str(path), "MESH:D002945"])
    assert found.exit_code == 0 and found.output.strip() == "cisplatin"
    explained = CliRunner().invoke(app, ["explain", str(path), "D002945", "--json"])
    assert explained.exit_code == 0 and json.loads(explained.output)["ids"] == ["MESH:D002945"]
