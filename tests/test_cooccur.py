import random

from kgraph.concepts.lexicon import Concept
from kgraph.extraction import DocExtraction, Mention
from kgraph.graph.cooccur import CooccurrenceCounts, count_cooccurrences
from kgraph.graph.schema import build_graph, npmi


def doc(doc_id: str, sentences: list[list[str]]) -> DocExtraction:
    """A document whose sentences mention the given concept ids."""
    text, spans, mentions = "", [], []
    for index, concepts in enumerate(sentences):
        start = len(text)
        for c in concepts:
            mentions.append(Mention(len(text), len(text) + len(c), c, c, c, "x", index))
            text += c + " "
        text = text.rstrip() + ". "
        spans.append((start, len(text) - 1))
    return DocExtraction(doc_id, text, spans, mentions)


def test_cooccur_repeats_in_a_sentence_count_once_and_no_self_loops():
    counts = count_cooccurrences([doc("d", [["a", "a", "b", "a"]])])
    assert dict(counts.pair_sentences) == {("a", "b"): 1}
    assert counts.mentions["a"] == 3 and counts.concept_sentences["a"] == 1


def test_cooccur_only_within_sentences():
    counts = count_cooccurrences([doc("d", [["a"], ["b"]])])
    assert not counts.pair_sentences


def test_cooccur_evidence_is_capped_and_marks_both_concepts():
    counts = count_cooccurrences([doc(f"d{i}", [["a", "b"]] * 3) for i in range(10)], max_evidence=4)
    assert counts.pair_sentences[("a", "b")] == 30
    evidence = counts.evidence_for(("a", "b"))
    assert len(evidence) == 4
    for e in evidence:
        for concept in ("a", "b"):
            [(s, t)] = e["marks"][concept]
            assert e["text"][s:t] == concept


def absorbed(*parts: CooccurrenceCounts) -> CooccurrenceCounts:
    """The parts added up as a build adds its workers' counts: each absorbed into one total."""
    total = CooccurrenceCounts(max_evidence=3)
    for part in parts:
        total.absorb(part)
    return total


def test_cooccur_absorbed_parts_equal_single_pass_in_any_order():
    docs = [doc(f"d{i}", [random.Random(i).sample("abcdef", 3) for _ in range(4)]) for i in range(12)]
    whole = count_cooccurrences(docs, max_evidence=3)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    left, right = count_cooccurrences(shuffled[:5], max_evidence=3), count_cooccurrences(shuffled[5:], max_evidence=3)
    for merged in (absorbed(left, right), absorbed(right, left)):
        assert merged.pair_sentences == whole.pair_sentences
        assert merged.pair_documents == whole.pair_documents
        assert merged.concept_documents == whole.concept_documents
        for pair in whole.pair_sentences:
            assert merged.evidence_for(pair) == whole.evidence_for(pair)


def test_cooccur_long_sentence_is_shortened_around_the_pair():
    filler = "word " * 400
    text = f"{filler}alpha then beta {filler}."
    a = text.index("alpha")
    b = text.index("beta")
    ms = [Mention(a, a + 5, "alpha", "a", "a", "x", 0), Mention(b, b + 4, "beta", "b", "b", "x", 0)]
    counts = count_cooccurrences([DocExtraction("d", text, [(0, len(text))], ms)], max_sentence_chars=100)
    [e] = counts.evidence_for(("a", "b"))
    assert len(e["text"]) <= 100
    assert e["text"][slice(*e["marks"]["a"][0])] == "alpha"
    assert text[e["start"]:e["end"]] == e["text"]


def test_graph_npmi_range_and_order():
    assert npmi(5, 5, 5, 50) == 1.0
    assert npmi(1, 10, 10, 100) == 0.0
    assert -1.0 <= npmi(1, 60, 60, 100) < 0.0
    assert npmi(4, 5, 5, 100) > npmi(2, 5, 5, 100)


def test_graph_schema_and_min_weight():
    counts = count_cooccurrences([doc("d1", [["a", "b"], ["a", "b"], ["a", "c"]])])
    concepts = {c: Concept(c, c.upper(), "x") for c in "abc"}
    graph = build_graph(counts, concepts, min_weight=2)
    assert set(graph.edges) == {("a", "b")}
    node = graph.nodes["a"]
    assert {"label", "category", "aliases", "mentions", "documents", "sentences", "source"} <= set(node)
    assert node["mentions"] == 3 and node["documents"] == 1
    edge = graph.edges["a", "b"]
    assert edge["weight"] == 2 and edge["documents"] == 1 and -1 <= edge["npmi"] <= 1
    assert len(edge["evidence"]) == 2
    assert graph.graph["association"] == "npmi" and graph.graph["sentences"] == 3
    assert all(d["weight"] >= 1 for _, _, d in graph.edges(data=True))


def test_cooccur_without_evidence_still_counts():
    counts = count_cooccurrences([doc(f"d{i}", [["a", "b"]] * 2) for i in range(3)], max_evidence=0)
    assert counts.pair_sentences[("a", "b")] == 6 and counts.evidence_for(("a", "b")) == []


def test_cooccur_shards_add_up_to_the_whole_and_prune_to_min_weight():
    docs = [doc(f"d{i}", [random.Random(i).sample("abcdefghij", 4) for _ in range(3)]) for i in range(30)]
    whole = count_cooccurrences(docs, max_evidence=2)
    shards = [count_cooccurrences([], max_evidence=2) for _ in range(3)]
    for start in range(0, 30, 7):  # batches counted apart, each cut in 3 parts by pair
        head, parts = count_cooccurrences(docs[start:start + 7], max_evidence=2).split(3)
        assert len(head) == 0 and head.mentions
        for shard, part in zip(shards, parts):
            shard.absorb(part)
    assert all(len(shard) for shard in shards)
    assert sorted(link for shard in shards for link in shard.links()) == list(whole.links())
    for shard in shards:
        shard.prune(4)
    assert sorted(link for shard in shards for link in shard.links()) == list(whole.links(min_weight=4)) != []


def test_cooccur_links_in_slices_are_the_links():
    docs = [doc(f"d{i}", [random.Random(i).sample("abcdefg", 3)]) for i in range(20)]
    counts = count_cooccurrences(docs)
    every = list(counts.links())
    assert [link for start in range(0, len(every), 4) for link in counts.links(start=start, stop=start + 4)] == every


def test_cooccur_counts_cross_a_process_boundary_whole():
    import pickle

    docs = [doc(f"d{i}", [random.Random(i).sample("abcdef", 3) for _ in range(2)]) for i in range(10)]
    counts = count_cooccurrences(docs, max_evidence=2)
    assert list(pickle.loads(pickle.dumps(counts)).links()) == list(counts.links())


def test_cooccur_takes_at_most_200_bytes_per_link_with_five_evidence_sentences():
    import tracemalloc

    rng = random.Random(28)
    names = [f"concept{i}" for i in range(400)]
    docs = [doc(f"d{i}", [rng.sample(names, 5) for _ in range(4)]) for i in range(3000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        counts = count_cooccurrences(docs, max_evidence=5)
        links = len(counts)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert links > 50_000
    # Everything the counts hold (documents and concepts too) per distinct link, evidence included.
    assert held / links <= 200, f"{held / links:.0f} bytes per link"
