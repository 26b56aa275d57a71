"""The HTML view in a real browser: Debian's chromium driven by Playwright, offline."""

from pathlib import Path

import pytest

import kgraph

from .conftest import chromium_path, require_or_skip
from .test_export_html import PAYLOAD_DOCS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    require_or_skip(exe is not None, "chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def open_offline(browser, path: Path):
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 800})
    page = context.new_page()
    log = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("dialog", lambda d: (log["dialogs"].append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgraphView && window.network")
    return context, page, log


def test_browser_renders_graph_offline(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_timeout(1500)
        assert page.evaluate("window.network.body.data.nodes.length") == len(sample_kg)
        # The canvas really has a drawing on it (not a blank page).
        painted = page.evaluate("""() => {
            const c = document.querySelector('#mynetwork canvas');
            const ctx = c.getContext('2d');
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
            return n; }""")
        assert painted > 1000
        assert page.locator("#kg-stats").inner_text().startswith("5 documents")
        # Search by an abbreviation focuses the concept and fills the panel.
        page.fill("#kg-search", "CSCs")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-details h2").inner_text() == "cancer stem cell"
        # An edge shows its evidence with both concepts highlighted.
        page.evaluate("window.kgraphView.showEdge('abscopal_effect\\u0001radiotherapy')")
        evidence = page.locator(".kg-evidence li").first
        assert "radiotherapy-and-immunotherapy" in evidence.inner_text()
        assert page.locator(".kg-evidence mark.kg-a").first.inner_text() == "abscopal effect"
        assert log["errors"] == []
        assert [u for u in log["requests"] if not u.startswith("file:")] == []
    finally:
        context.close()


def test_browser_click_on_edge_shows_evidence(browser, tmp_path):
    kg = kgraph.build(["Radiotherapy can cause an abscopal effect."])
    path = kg.to_html(tmp_path / "one.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_timeout(1500)
        point = page.evaluate("""() => {
            const ids = window.network.getConnectedNodes('radiotherapy');
            const p = window.network.getPositions(['radiotherapy', ids[0]]);
            const a = window.network.canvasToDOM(p['radiotherapy']), b = window.network.canvasToDOM(p[ids[0]]);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return {x: r.left + (a.x + b.x) / 2, y: r.top + (a.y + b.y) / 2}; }""")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_timeout(300)
        assert "abscopal effect" in page.locator(".kg-evidence").inner_text()
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_document_payloads_do_not_run(browser, tmp_path):
    kg = kgraph.build(PAYLOAD_DOCS)
    path = kg.to_html(tmp_path / "evil.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_timeout(800)
        for a, b in kg.graph.edges:
            page.evaluate(f"window.kgraphView.showEdge({(a + chr(1) + b)!r})")
            page.wait_for_timeout(50)
        text = page.locator("#kg-details").inner_text()
        assert "<script>" in text or "<img" in text
        assert log["dialogs"] == [] and log["errors"] == []
        assert page.locator("#kg-details img, #kg-details script").count() == 0
    finally:
        context.close()


def test_browser_legends_toggle_nodes(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        hidden = "window.nodes.get().filter(n => n.hidden).length"
        nodes = "Object.values(window.kgraphView.data.nodes)"
        generic = page.evaluate(f"{nodes}.filter(n => window.kgraphView.data.demoted.includes(n.category)).length")
        assert page.evaluate(hidden) == generic  # statistics and lab methods start hidden
        page.locator("#kg-communities .kg-legend-item").first.click()
        first_size = page.evaluate("window.kgraphView.data.communities[0].size")
        assert page.evaluate(hidden) == generic + first_size
        page.locator("#kg-communities .kg-legend-item").first.click()
        page.locator("#kg-legend .kg-legend-item", has_text="therapy").click()
        therapies = page.evaluate(f"{nodes}.filter(n => n.category === 'therapy').length")
        assert page.evaluate(hidden) == generic + therapies and therapies > 0
        for category in page.evaluate("window.kgraphView.data.demoted"):
            item = page.locator("#kg-legend .kg-legend-item", has_text=category)
            if item.count():
                item.click()  # shown on request
        assert page.evaluate(hidden) == therapies
        page.locator("#kg-weight").fill("3")
        assert page.evaluate("window.edges.get().filter(e => !e.hidden).every(e => e.value >= 3)")
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_search_draws_a_concept_the_map_left_out(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "top.html", max_nodes=10)
    context, page, log = open_offline(browser, path)
    try:
        assert page.evaluate("window.network.body.data.nodes.get('abscopal_effect')") is None
        page.fill("#kg-search", "abscopal effects")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text() == "Added to the map with its strongest links"
        assert page.locator("#kg-details h2").inner_text() == "abscopal effect"
        # Drawn, with its links to the concepts on the map and its strongest other neighbours.
        assert page.evaluate("window.network.body.data.nodes.get('abscopal_effect') !== null")
        neighbours = set(sample_kg.graph["abscopal_effect"])
        drawn = set(page.evaluate("window.network.getConnectedNodes('abscopal_effect')"))
        assert drawn and drawn <= neighbours and "radiotherapy" in drawn
        assert page.evaluate("window.network.getSelectedNodes()") == ["abscopal_effect"]
        panel = page.locator("#kg-details").inner_text()
        assert f"{len(neighbours)} links" in panel
        # A failed search clears the panel and the selection, and suggests close names.
        page.fill("#kg-search", "abscopal")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text() == "Not found; try: abscopal effect"
        assert page.locator("#kg-details h2").inner_text() == "No concept named “abscopal”"
        assert page.evaluate("window.network.getSelectedNodes()") == []
        page.fill("#kg-search", "no such concept at all")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text().startswith("Not found")
        assert "abscopal effect" not in page.locator("#kg-details").inner_text()
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_opens_a_100k_edge_graph_filtered(browser, tmp_path):
    from kgraph.views.html import write_html

    from .test_export_html import large_graph

    path = write_html(large_graph(), tmp_path / "big.html")
    context, page, log = open_offline(browser, path)
    try:
        assert page.evaluate("window.network.body.data.edges.length") == 10_000
        assert "Map of the 800 most mentioned of 800 concepts and the 10000 strongest of " \
               "100000 links" in page.locator("#kg-note").inner_text()
        assert log["errors"] == [] and all(url.startswith("file:") for url in log["requests"])
    finally:
        context.close()


def test_browser_panel_shows_provenance_and_ranks_npmi_with_support(browser, tmp_path):
    texts = [("def", "Glorbic acid nanocarriers (GAN) carried cisplatin with radiotherapy.")]
    texts += [(f"use{i}", f"GAN gave glorbic uptake with cisplatin in study {i}.") for i in range(3)]
    texts += [("one", "GAN carried glorbic doxorubicin once.")]
    kg = kgraph.build(texts)
    path = kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        page.evaluate(f"window.kgraphView.showNode({kg.find('GAN')!r})")
        panel = page.locator("#kg-details").inner_text()
        assert "abbreviation defined in another document" in panel  # how GAN was read
        assert "doxorubicin" in panel  # by sentences, every link
        page.locator("#kg-details button", has_text="NPMI").click()
        panel = page.locator("#kg-details").inner_text()
        assert "at least 3 documents" in panel and "doxorubicin" not in panel and "cisplatin" in panel
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_year_overlay_colours_and_filters_by_year(browser, tmp_path):
    from .biblio_samples import PUBMED_XML

    (tmp_path / "pubmed.xml").write_text(PUBMED_XML, encoding="utf-8")
    kg = kgraph.build(tmp_path / "pubmed.xml")
    path = kg.to_html(tmp_path / "years.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_timeout(1000)
        assert page.locator("#kg-year-box").is_visible()
        assert page.input_value("#kg-year-from") == "2015" and page.input_value("#kg-year-to") == "2021"
        colour = "id => { const c = window.network.body.data.nodes.get(id).color;" \
                 " return typeof c === 'string' ? c : c.background; }"
        before = page.evaluate(f"({colour})('radiotherapy')")
        page.select_option("#kg-colour", "year")
        assert page.locator("#kg-year-legend").is_visible()
        early, late = page.evaluate(f"[({colour})('car_t_cell_therapy'), ({colour})('nanoparticle')]")
        assert early != late and page.evaluate(f"({colour})('radiotherapy')") != before
        assert early == "rgb(68,1,84)" and late == "rgb(253,231,37)"  # 2015 and 2021: the ends of the scale
        # Only 2019: the 2015 and 2021 concepts and their links are hidden.
        page.fill("#kg-year-from", "2019")
        page.fill("#kg-year-to", "2019")
        page.dispatch_event("#kg-year-to", "change")
        hidden = page.evaluate("window.network.body.data.nodes.get().filter(n => n.hidden).map(n => n.id)")
        assert "car_t_cell_therapy" in hidden and "nanoparticle" in hidden and "radiotherapy" not in hidden
        assert page.evaluate("window.network.body.data.edges.get('abscopal_effect\\u0001radiotherapy').hidden") is False
        # Evidence names its paper.
        page.evaluate("window.kgraphView.showEdge('abscopal_effect\\u0001radiotherapy')")
        assert "22222 · Radiation Oncology, 2019" in page.locator(".kg-evidence li").first.inner_text()
        page.evaluate("window.kgraphView.showNode('radiotherapy')")
        assert "First seen 2019" in page.locator("#kg-details").inner_text()
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_a_corpus_without_years_has_no_year_controls(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "plain.html")
    context, page, log = open_offline(browser, path)
    try:
        assert not page.locator("#kg-year-box").is_visible()
        assert log["errors"] == []
    finally:
        context.close()


OVERLAPS = """() => { const b = window.kgraphView.labels(); let n = 0;
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
        const p = b[i], q = b[j];
        if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h) n++; }
    return n; }"""


@pytest.mark.slow
def test_browser_draws_a_map_of_thousands_of_concepts_with_labels_that_never_overlap(browser, tmp_path):
    from kgraph.views.html import write_html

    from .test_export_html import map_graph

    path = write_html(map_graph(), tmp_path / "map.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_function("window.kgraphView.firstDraw() !== null", timeout=20_000)
        assert page.evaluate("window.network.body.data.nodes.length") == 2000
        assert page.evaluate("window.network.body.data.edges.length") == 10_000
        # First drawn within 3 s of navigation (the page's own clock).
        assert page.evaluate("window.kgraphView.firstDraw()") < 3000
        # Zoomed out: clusters are named (once the first labels are placed, later on a loaded
        # machine), and no two labels overlap at any zoom level.
        page.wait_for_function("window.kgraphView.clusterNames()", timeout=10_000)
        out = page.evaluate("window.kgraphView.labels()")
        assert any(b["cluster"] for b in out) and page.evaluate(OVERLAPS) == 0
        counts = [len(out)]
        for scale in (1.0, 3.0):
            page.evaluate(f"window.network.moveTo({{scale: {scale}, position: {{x: 0, y: 0}}}})")
            page.wait_for_timeout(400)
            counts.append(len(page.evaluate("window.kgraphView.labels()")))
            assert page.evaluate(OVERLAPS) == 0
        assert not page.evaluate("window.kgraphView.clusterNames()")  # zoomed in: concept labels only
        # The most mentioned concept is labelled when it is on screen.
        page.evaluate("window.kgraphView.focusNode('c0000')")
        page.wait_for_timeout(700)
        assert page.evaluate("window.kgraphView.data.nodes.c0000.label") in \
            [b["text"] for b in page.evaluate("window.kgraphView.labels()")]
        # Frame times: every redraw is timed by the page.
        for step in range(10):
            page.evaluate(f"window.network.moveTo({{scale: {0.3 + step * 0.2}}})")
        page.wait_for_timeout(300)
        frames = sorted(page.evaluate("window.kgraphView.frameTimes()"))
        assert len(frames) >= 10 and frames[len(frames) // 2] < 400
        assert log["errors"] == [] and all(url.startswith("file:") for url in log["requests"])
    finally:
        context.close()


def test_browser_colours_by_community_and_the_legend_shows_what_is_hidden(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        colour = "id => { const c = window.network.body.data.nodes.get(id).color;" \
                 " return typeof c === 'string' ? c : c.background; }"
        data = page.evaluate("window.kgraphView.data")
        first = data["communities"][0]
        member = next(n for n, d in data["nodes"].items() if d["community"] == 0)
        page.select_option("#kg-colour", "community")
        assert page.evaluate(f"({colour})({member!r})") == first["color"]
        page.select_option("#kg-colour", "category")
        assert page.evaluate(f"({colour})({member!r})") == data["colors"][data["nodes"][member]["category"]]
        item = page.locator("#kg-communities .kg-legend-item").first
        item.click()
        assert "kg-off" in item.get_attribute("class") and item.get_attribute("aria-pressed") == "true"
        assert page.evaluate(f"window.network.body.data.nodes.get({member!r}).hidden") is True
        opacity = page.evaluate("getComputedStyle(document.querySelector('#kg-communities .kg-legend-item')).opacity")
        assert float(opacity) < 0.5
        item.click()
        assert "kg-off" not in item.get_attribute("class")
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_panel_follows_the_slider_and_merges_spellings(browser, tmp_path):
    texts = [f"Cancer stem cells (CSCs) resist cisplatin and radiotherapy in study {i}." for i in range(4)]
    texts += ["CSC markers and a CSC niche with cisplatin.", "Cancer stem cell and the abscopal effect."]
    kg = kgraph.build(texts)
    path = kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        csc = kg.find("CSCs")
        page.evaluate(f"window.kgraphView.showNode({csc!r})")
        panel = page.locator("#kg-details")
        written = page.locator("#kg-details .kg-aliases").first.inner_text()
        # CSC and CSCs are one entry; the label is not repeated under "Also known as".
        assert written.count("CSC") == 2 and "also CSC" in written.replace("also CSCs", "also CSC")
        assert "Also known as" not in panel.inner_text() or \
            kg.graph.nodes[csc]["label"] not in page.locator("#kg-details .kg-aliases").nth(1).inner_text().split("\n")
        assert "abscopal effect" in panel.inner_text()
        page.evaluate("window.kgraphView.setMinWeight(2)")
        assert "abscopal effect" not in panel.inner_text() and "cisplatin" in panel.inner_text()
        page.evaluate("window.kgraphView.showEdge(window.kgraphView.data.edges.find("
                      "e => e.weight === 1).id)")
        assert "Hidden by the slider" in panel.inner_text()
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_suggests_names_by_words_before_letters(browser, tmp_path):
    import networkx as nx

    from kgraph.views.html import write_html

    graph = nx.Graph(documents=3, sentences=3)
    for node, label, mentions in [("car_t", "CAR-T cell therapy", 10), ("chh", "cartilage-hair hypoplasia", 50),
                                  ("carcinoma", "carcinoma", 90), ("hypoxia", "hypoxia", 70)]:
        graph.add_node(node, label=label, category="other", mentions=mentions, documents=1, sentences=1,
                       aliases=[label], synonyms=[])
    graph.add_edge("car_t", "carcinoma", weight=1, npmi=0.5, documents=1, evidence=[])
    path = write_html(graph, tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        # "CAR-T" once suggested "cartilage-hair hypoplasia": words first, then letters.
        assert page.evaluate("window.kgraphView.suggest('CAR T cells')")[0] == "CAR-T cell therapy"
        assert page.evaluate("window.kgraphView.suggest('car-t')")[0] == "CAR-T cell therapy"
        assert page.evaluate("window.kgraphView.suggest('hypoplasa')")[0] == "cartilage-hair hypoplasia"
        assert page.evaluate("window.kgraphView.suggest('carcinomas of the lung')") == []
        assert log["errors"] == []
    finally:
        context.close()
