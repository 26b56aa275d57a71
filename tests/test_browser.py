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


def expect(locator):
    """Playwright's assertions, which wait (up to 5 s) for the page to get there."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


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
    # Ready once drawn: the script has run and vis-network has drawn its first frame.
    page.wait_for_function("window.kgraphView && window.kgraphView.firstDraw() !== null", timeout=20_000)
    return context, page, log


def test_browser_renders_graph_offline(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        assert page.evaluate("window.kgraphView.network.body.data.nodes.length") == len(sample_kg)
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
        point = page.evaluate("""() => {
            const ids = window.kgraphView.network.getConnectedNodes('radiotherapy');
            const p = window.kgraphView.network.getPositions(['radiotherapy', ids[0]]);
            const a = window.kgraphView.network.canvasToDOM(p['radiotherapy']), b = window.kgraphView.network.canvasToDOM(p[ids[0]]);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return {x: r.left + (a.x + b.x) / 2, y: r.top + (a.y + b.y) / 2}; }""")
        page.mouse.click(point["x"], point["y"])
        expect(page.locator(".kg-evidence")).to_contain_text("abscopal effect")
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_document_payloads_do_not_run(browser, tmp_path):
    kg = kgraph.build(PAYLOAD_DOCS)
    path = kg.to_html(tmp_path / "evil.html")
    context, page, log = open_offline(browser, path)
    try:
        for a, b in kg.graph.edges:
            page.evaluate(f"window.kgraphView.showEdge({(a + chr(1) + b)!r})")  # the panel is filled at once
            expect(page.locator("#kg-details h2")).to_contain_text(kg.graph.nodes[a]["label"])
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
        hidden = "window.kgraphView.nodeSet.get().filter(n => n.hidden).length"
        nodes = "Object.values(window.kgraphView.nodes)"
        generic = page.evaluate(f"{nodes}.filter(n => window.kgraphView.data.demoted.includes(n.category)).length")
        assert page.evaluate(hidden) == generic  # statistics and lab methods start hidden
        page.locator("#kg-communities .kg-legend-item").first.click()
        first_size = page.evaluate("window.kgraphView.data.communities[0].drawn")
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
        assert page.evaluate("window.kgraphView.edgeSet.get().filter(e => !e.hidden).every(e => e.value >= 3)")
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_search_draws_a_concept_the_map_left_out(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "top.html", max_nodes=10)
    context, page, log = open_offline(browser, path)
    try:
        assert page.evaluate("window.kgraphView.network.body.data.nodes.get('abscopal_effect')") is None
        page.fill("#kg-search", "abscopal effects")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text() == "Added to the map with its strongest links"
        assert page.locator("#kg-details h2").inner_text() == "abscopal effect"
        # Drawn, with its links to the concepts on the map and its strongest other neighbours.
        assert page.evaluate("window.kgraphView.network.body.data.nodes.get('abscopal_effect') !== null")
        neighbours = set(sample_kg.graph["abscopal_effect"])
        drawn = set(page.evaluate("window.kgraphView.network.getConnectedNodes('abscopal_effect')"))
        assert drawn and drawn <= neighbours and "radiotherapy" in drawn
        assert page.evaluate("window.kgraphView.network.getSelectedNodes()") == ["abscopal_effect"]
        panel = page.locator("#kg-details").inner_text()
        assert f"{len(neighbours)} links" in panel
        # A failed search clears the panel and the selection, and suggests close names.
        page.fill("#kg-search", "abscopal")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text() == "Not found; try: abscopal effect"
        assert page.locator("#kg-details h2").inner_text() == "No concept named “abscopal”"
        assert page.evaluate("window.kgraphView.network.getSelectedNodes()") == []
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
        assert page.evaluate("window.kgraphView.network.body.data.edges.length") == 10_000
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
        assert "2 seen in fewer than 3 documents (too few to rank by NPMI)" in panel  # doxorubicin, radiotherapy
        assert "doxorubicin" not in panel and "cisplatin" in panel
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
        assert page.locator("#kg-year-box").is_visible()
        assert page.input_value("#kg-year-from") == "2015" and page.input_value("#kg-year-to") == "2021"
        colour = "id => { const c = window.kgraphView.network.body.data.nodes.get(id).color;" \
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
        hidden = page.evaluate("window.kgraphView.network.body.data.nodes.get().filter(n => n.hidden).map(n => n.id)")
        assert "car_t_cell_therapy" in hidden and "nanoparticle" in hidden and "radiotherapy" not in hidden
        assert page.evaluate("window.kgraphView.network.body.data.edges.get('abscopal_effect\\u0001radiotherapy').hidden") is False
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
        # (How fast it is drawn is measured by benchmarks/view_speed.py, not asserted here.)
        assert page.evaluate("window.kgraphView.network.body.data.nodes.length") == 2000
        assert page.evaluate("window.kgraphView.network.body.data.edges.length") == 10_000
        # Zoomed out: clusters are named (once the first labels are placed, later on a loaded
        # machine), and no two labels overlap at any zoom level.
        page.wait_for_function("window.kgraphView.clusterNames()", timeout=10_000)
        out = page.evaluate("window.kgraphView.labels()")
        assert any(b["cluster"] for b in out) and page.evaluate(OVERLAPS) == 0
        counts = [len(out)]
        for scale in (1.0, 3.0):
            page.evaluate(f"window.kgraphView.network.moveTo({{scale: {scale}, position: {{x: 0, y: 0}}}})")
            page.evaluate(NEXT_FRAME)  # drawn at the new scale
            counts.append(len(page.evaluate("window.kgraphView.labels()")))
            assert page.evaluate(OVERLAPS) == 0
        assert not page.evaluate("window.kgraphView.clusterNames()")  # zoomed in: concept labels only
        # The most mentioned concept is labelled when it is on screen.
        page.evaluate("window.kgraphView.focusNode('c0000')")  # an animation of 400 ms, then labels
        page.wait_for_function("window.kgraphView.labels().some(b => b.text === window.kgraphView.nodes.c0000.label)",
                               timeout=10_000)
        assert log["errors"] == [] and all(url.startswith("file:") for url in log["requests"])
    finally:
        context.close()


def test_browser_colours_by_community_and_the_legend_shows_what_is_hidden(browser, sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        colour = "id => { const c = window.kgraphView.network.body.data.nodes.get(id).color;" \
                 " return typeof c === 'string' ? c : c.background; }"
        data = page.evaluate("window.kgraphView.data")
        nodes = page.evaluate("window.kgraphView.nodes")
        first = data["communities"][0]
        member = next(n for n, d in nodes.items() if d["community"] == 0)
        page.select_option("#kg-colour", "community")
        assert page.evaluate(f"({colour})({member!r})") == first["color"]
        page.select_option("#kg-colour", "category")
        assert page.evaluate(f"({colour})({member!r})") == data["palette"]["category"][nodes[member]["category"]]
        item = page.locator("#kg-communities .kg-legend-item").first
        item.click()
        assert "kg-off" in item.get_attribute("class") and item.get_attribute("aria-pressed") == "true"
        assert page.evaluate(f"window.kgraphView.network.body.data.nodes.get({member!r}).hidden") is True
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
        page.evaluate("window.kgraphView.showEdge(window.kgraphView.edges.find("
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


def map_with_small_topics() -> "networkx.Graph":
    """A literature-like map (8 topics of 150 concepts) plus six topics of three or four concepts."""
    from .test_export_html import map_graph

    graph = map_graph(concepts=1200, groups=8, links=7000)
    for t in range(6):
        members = [f"s{t}{k}" for k in range(3 + t % 2)]
        for k, node in enumerate(members):
            graph.add_node(node, label=f"rare syndrome {t}{k}", category="target", source="lexicon",
                           mentions=60 - k, sentences=1, documents=1, aliases=[], synonyms=[])
        graph.add_edges_from(((a, b) for i, a in enumerate(members) for b in members[i + 1:]), weight=5,
                             npmi=0.9, documents=5, evidence=[])
    return graph


NEXT_FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
ON_SCREEN = """() => {  // visible drawn nodes: screen centre, screen radius, label
    const net = window.kgraphView.network, s = net.getScale(), out = [];
    for (const [id, n] of Object.entries(net.body.nodes)) {
        if (n.options.hidden || !window.kgraphView.nodes[id]) continue;
        const p = net.canvasToDOM({x: n.x, y: n.y});
        out.push({id, x: p.x, y: p.y, r: n.options.size * s, label: window.kgraphView.nodes[id].label});
    }
    return out; }"""
DISC_PIXELS = """() => {  // canvas alpha at points inside a cluster's disc (or outside every disc),
    // away from every drawn concept and link, so that only the disc can have painted there
    const net = window.kgraphView.network, s = net.getScale(), view = window.kgraphView;
    const canvas = document.querySelector('#mynetwork canvas'), ctx = canvas.getContext('2d');
    const ratio = canvas.width / canvas.clientWidth, W = canvas.clientWidth, H = canvas.clientHeight;
    const nodes = [], segs = [];
    for (const [id, n] of Object.entries(net.body.nodes)) {
        if (!n.options.hidden && view.nodes[id]) { const p = net.canvasToDOM({x: n.x, y: n.y}); nodes.push([p.x, p.y, n.options.size * s]); }
    }
    for (const e of window.kgraphView.edgeSet.get()) {
        if (e.hidden) continue;
        const a = net.body.nodes[e.from], b = net.body.nodes[e.to];
        if (a.options.hidden || b.options.hidden) continue;
        segs.push([net.canvasToDOM({x: a.x, y: a.y}), net.canvasToDOM({x: b.x, y: b.y})]);
    }
    function clear(x, y) {
        if (nodes.some(([nx, ny, r]) => Math.hypot(x - nx, y - ny) < r + 5)) return false;
        return !segs.some(([a, b]) => { const dx = b.x - a.x, dy = b.y - a.y, L = dx * dx + dy * dy || 1;
            const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / L));
            return Math.hypot(x - a.x - t * dx, y - a.y - t * dy) < 4; });
    }
    const label = window.kgraphView.labels();
    const free = (x, y) => clear(x, y) && !label.some(b => x > b.x - 3 && x < b.x + b.w + 3 && y > b.y - 3 && y < b.y + b.h + 3);
    const inside = [], outside = [];
    const gap = (x, y, d) => { const q = net.canvasToDOM({x: d.x, y: d.y}); return Math.hypot(x - q.x, y - q.y) - d.radius * s; };
    for (let x = 5; x < W - 5; x += 7) for (let y = 5; y < H - 5; y += 7) {
        if (!free(x, y)) continue;
        const alpha = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data[3];
        if (view.data.communities.some(d => gap(x, y, d) < -3)) inside.push(alpha);
        else if (view.data.communities.every(d => gap(x, y, d) > 4)) outside.push(alpha);
    }
    return {inside, outside}; }"""


@pytest.mark.slow
def test_browser_the_map_names_clusters_by_size_shows_regions_and_never_hides_concepts(browser, tmp_path):
    """The map's small flaws of issue 27, on a generated map of eight large topics and six tiny ones."""
    from kgraph.views.html import write_html

    path = write_html(map_with_small_topics(), tmp_path / "map.html")
    context, page, log = open_offline(browser, path)
    try:
        page.wait_for_function("window.kgraphView.clusterNames() && window.kgraphView.labels().length > 0",
                               timeout=20_000)
        page.evaluate(NEXT_FRAME)
        data = page.evaluate("({communities: window.kgraphView.data.communities, nodes: window.kgraphView.nodes, "
                             "edges: window.kgraphView.edges})")
        size = {c["top"][0] + " \u00b7 " + c["top"][1]: c["size"] for c in data["communities"] if len(c["top"]) > 1}
        names = [b for b in page.evaluate("window.kgraphView.labels()") if b["cluster"]]
        # Zoomed out, only the large clusters are named, in letters that grow with the cluster (the height
        # of a name's box is 1.25 times its font size).
        tiny = [c for c in data["communities"] if c["size"] <= 4]
        assert len(tiny) == 6 and len(names) >= 6 and all(size[b["text"]] >= 50 for b in names)
        by_size = sorted(names, key=lambda b: size[b["text"]])
        assert all(a["h"] <= b["h"] for a, b in zip(by_size, by_size[1:]))
        assert all(b["size"] == size[b["text"]] for b in names)
        page.wait_for_function("window.kgraphView.linkBudget() === 1000")
        # The clusters read as regions in the default colours (by category): a tinted disc each.
        assert page.evaluate("document.getElementById('kg-colour').value") == "category"
        assert sorted(page.evaluate("window.kgraphView.discs()")) == sorted(
            c["id"] for c in data["communities"] if c["size"] >= 3)
        pixels = page.evaluate(DISC_PIXELS)
        assert len(pixels["inside"]) >= 20 and all(a > 0 for a in pixels["inside"])
        assert len(pixels["outside"]) >= 20 and all(a == 0 for a in pixels["outside"])
        # No grey haze: zoomed out, the 1,000 strongest links only; a selected concept keeps all of its own.
        visible = "window.kgraphView.edgeSet.get().filter(e => !e.hidden).length"
        assert page.evaluate(visible) == 1000 and len(data["edges"]) > 5000
        hub = max(data["nodes"], key=lambda n: data["nodes"][n]["mentions"])
        page.evaluate(f"window.kgraphView.showNode({hub!r})")
        links = page.evaluate(f"window.kgraphView.edgeSet.get().filter(e => !e.hidden && [e.from, e.to].includes({hub!r})).length")
        assert links == sum(1 for e in data["edges"] if hub in (e["from"], e["to"]))
        # A cluster at the left edge keeps its whole name on screen.
        first = data["communities"][0]
        page.evaluate(f"""(() => {{ const net = window.kgraphView.network, s = net.getScale(), p = net.getViewPosition();
            const c = net.canvasToDOM({{x: {first['x']}, y: {first['y']}}});
            net.moveTo({{position: {{x: p.x + (c.x - 4) / s, y: p.y}}, scale: s}}); }})()""")
        page.evaluate(NEXT_FRAME)
        width = page.evaluate("document.querySelector('#mynetwork canvas').clientWidth")
        labels = page.evaluate("window.kgraphView.labels()")
        name = next(b for b in labels if b["cluster"] and b["size"] == first["size"])
        assert name["x"] >= 0 and name["x"] + name["w"] <= width
        # Zoomed in on the largest concept: no two concepts overlap, every large one is named, every link drawn.
        page.evaluate(f"window.kgraphView.network.focus({hub!r}, {{scale: window.kgraphView.network.getScale() * 4}})")
        page.wait_for_function("window.kgraphView.linkBudget() === 4000")
        page.evaluate(NEXT_FRAME)
        nodes = page.evaluate(ON_SCREEN)
        overlapping = [(a["id"], b["id"]) for i, a in enumerate(nodes) for b in nodes[i + 1:]
                       if ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 < a["r"] + b["r"] - 0.5]
        assert overlapping == []
        height = page.evaluate("document.querySelector('#mynetwork canvas').clientHeight")
        large = [n for n in nodes if n["r"] >= 12 and 0 <= n["x"] <= width and 0 <= n["y"] <= height]
        labels = [b["text"] for b in page.evaluate("window.kgraphView.labels()")]
        whole = [n for n in large if n["label"] in labels]
        unnamed = [n["label"] for n in large if n not in whole and not any(
            t.endswith("\u2026") and n["label"].startswith(t[:-1]) for t in labels)]  # shortened, inside it
        assert len(large) >= 10 and unnamed == [] and len(whole) >= 0.8 * len(large)
        # Tooltips are made on first hover (made up front, 12,000 of them delayed the first draw).
        box = page.locator("#mynetwork").bounding_box()
        hub_at = next(n for n in nodes if n["id"] == hub)
        page.mouse.move(box["x"] + hub_at["x"], box["y"] + hub_at["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible")
        assert data["nodes"][hub]["label"] in page.locator("div.vis-tooltip").inner_text()
        page.evaluate("window.kgraphView.network.moveTo({scale: window.kgraphView.network.getScale() * 3})")
        page.wait_for_function("window.kgraphView.linkBudget() === Infinity")
        assert page.evaluate(visible) == len(data["edges"])
        assert log["errors"] == [] and all(url.startswith("file:") for url in log["requests"])
    finally:
        context.close()


def test_browser_search_says_the_corpus_never_mentions_a_concept_the_lexicon_knows(browser, tmp_path):
    kg = kgraph.build(["Radiotherapy with cisplatin and a cardiac troponin T test.", "Radiation side effects."])
    path = kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        page.fill("#kg-search", "CAR-T")
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text().startswith(
            "Never mentioned in this corpus (the lexicon knows it)")
        panel = page.locator("#kg-details").inner_text()
        assert "“CAR-T” is never mentioned" in panel
        assert "The lexicon knows it as CAR-T cell therapy (therapy), but no document of this corpus mentions it" \
            in panel
        page.fill("#kg-search", "abscopal effects")  # any of its names
        page.press("#kg-search", "Enter")
        assert "The lexicon knows it as abscopal effect (mechanism)" in page.locator("#kg-details").inner_text()
        page.fill("#kg-search", "zorbic glandomycin")  # unknown to the lexicon too
        page.press("#kg-search", "Enter")
        assert page.locator("#kg-search-msg").inner_text().startswith("Not found")
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_panel_link_counts_add_up(browser, sample_kg, tmp_path):
    """The panel said "23 links" and listed 22: the link to a hidden generic concept is now accounted for."""
    import re

    path = sample_kg.to_html(tmp_path / "graph.html")
    context, page, log = open_offline(browser, path)
    try:
        from kgraph.views.layout import view_category

        node = sample_kg.find("cancer cell")
        generic = [n for n in sample_kg.graph[node] if sample_kg.graph.nodes[n]["generic"]]
        total = sample_kg.graph.degree(node)
        assert generic
        page.evaluate(f"window.kgraphView.showNode({node!r})")
        panel = page.locator("#kg-details")
        assert f"{total} links" in panel.locator("p.kg-facts").first.inner_text()
        heading = panel.locator("h3", has_text="links, by").text_content()
        assert heading.startswith(f"{total - len(generic)} of {total} links")
        hidden = sorted({view_category(sample_kg.graph.nodes[n]) for n in generic})
        assert f"Not listed: {len(generic)} to concepts of hidden categories (" in panel.inner_text()
        assert all(category in panel.inner_text() for category in hidden)
        assert len(panel.locator("ol.kg-neighbors li").all()) == min(total - len(generic), 25)
        page.evaluate("window.kgraphView.setMinWeight(2)")
        listed, shown_total = map(int, re.match(r"(\d+) of (\d+) links", panel.locator("h3", has_text="links, by")
                                                .text_content()).groups())
        left = re.search(r"Not listed: (\d+) to concepts of hidden categories.*; (\d+) seen in fewer than 2 sentences",
                         panel.inner_text())
        assert shown_total == total and listed + int(left.group(1)) + int(left.group(2)) == total
        # A link's panel says what NPMI means, in words.
        page.evaluate("window.kgraphView.showEdge(window.kgraphView.edges[0].id)")
        text = panel.inner_text()
        assert "window)" not in text and "NPMI: how much more often the two share a sentence than chance" in text
        assert log["errors"] == []
    finally:
        context.close()


def test_browser_search_finds_what_the_concept_index_finds(browser, sample_kg, tmp_path):
    """The page searches the names Python cut into words, in ConceptIndex's order: it finds what kg.find finds."""
    from kgraph.errors import name_words
    from kgraph.graph.query import ConceptIndex

    index = ConceptIndex(sample_kg.graph)
    names = [name for name, _ in index.names()]
    path = sample_kg.to_html(tmp_path / "graph.html", max_nodes=20)  # most concepts are not drawn
    context, page, log = open_offline(browser, path)
    try:
        found = page.evaluate("names => names.map(n => window.kgraphView.find(n))", names)
        assert len(names) > 300 and found == [index.get(name) for name in names]
        # What the reader types is cut into words as Python cuts names (words.js is the twin of name_words).
        typed = ["CAR-T cells", "Tumour-associated macrophages", "IL-6/STAT3", "TNF-α", "NF-κB's", "Müller cells",
                 "  analyses ", "miRNAs", "bus", "virus", "CSCs", "", "3D-printed scaffolds", "HER2+"]
        assert page.evaluate("texts => texts.map(t => window.kgraphView.words(t))", typed) == \
            [name_words(text) for text in typed]
        assert log["errors"] == []
    finally:
        context.close()
