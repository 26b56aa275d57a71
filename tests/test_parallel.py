import kgraph


def test_parallel_build_equals_single_process(tiny_corpus):
    texts = [(f"d{i}", t) for i, t in enumerate([
        "Cancer stem cells (CSCs) resist chemotherapy and radiotherapy.",
        "CSCs shape the tumour microenvironment; zorvantinib targets them.",
        "CAR T-cell therapy with pembrolizumab; radiotherapy caused an abscopal effect.",
        "Glorbic acid nanoparticles carried doxorubicin.", "Glorbic acid nanoparticles again.",
        "Glorbic acid nanoparticles and radiotherapy."] * 7)]
    one = kgraph.build(texts, max_evidence=3)
    many = kgraph.build(texts, max_evidence=3, workers=2)
    assert dict(one.graph.nodes(data=True)) == dict(many.graph.nodes(data=True))
    assert sorted(one.graph.edges(data=True)) == sorted(many.graph.edges(data=True))
    assert one.graph.graph == many.graph.graph


def test_parallel_many_small_batches_merge_to_the_same_counts():
    from kgraph.cooccur import count_cooccurrences
    from kgraph.corpus import Document
    from kgraph.lexicon import default_lexicon
    from kgraph.mentions import doc_extraction
    from kgraph.parallel import count_in_workers
    from kgraph.pipeline import make_nlp

    lex = default_lexicon()
    docs = [Document(f"d{i}", text) for i, text in enumerate(
        ["Radiotherapy and CAR T-cell therapy.", "Cisplatin with radiotherapy; CSCs persist.",
         "Nanoparticles deliver doxorubicin to cancer cells with radiotherapy."] * 9)]
    nlp = make_nlp()
    single = count_cooccurrences(doc_extraction(nlp(d.text), lex, doc_id=d.id) for d in docs)
    merged, _ = count_in_workers(docs, lexicon=lex, short_forms={}, known={}, discover=True,
                                 max_evidence=5, batch_size=8, workers=2, docs_per_task=4)
    assert merged.documents == single.documents == 27
    assert merged.pair_sentences == single.pair_sentences
    assert merged.mentions == single.mentions
    for pair in single.pair_sentences:
        assert merged.evidence_for(pair) == single.evidence_for(pair)
