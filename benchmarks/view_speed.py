"""How fast the HTML view draws: its first frame, and its frames while zooming (headless Chromium, offline).

    python benchmarks/view_speed.py out/graph.html [more.html ...] [--runs 3] [--chromium /usr/bin/chromium]
    python benchmarks/view_speed.py --map  # a generated map of 2,000 concepts and 10,000 links

Times come from the page's own clock (``window.kgraphView.firstDraw()`` is
``performance.now()`` at the end of the first frame, counted from the start of
navigation; ``frameTimes()`` the time of each redraw). The browser tests
check what the view shows; wall-clock times belong here, where a loaded
machine gives a slow number rather than a failed test. The bars the view
was built to (a first frame within 3 s, a median frame within 400 ms, on
the generated map) are printed beside the numbers.

Needs Playwright and a Chromium (``pip install ".[test]"``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

FIRST_DRAW_BAR_MS = 3000
FRAME_BAR_MS = 400


def generated_map(folder: Path) -> Path:
    """The view of a literature-like generated graph (the browser tests' map), written to ``folder``."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kgraph.views.html import write_html
    from tests.test_export_html import map_graph

    return write_html(map_graph(), folder / "map.html")


def measure(browser, page_path: Path) -> dict[str, float]:
    """First frame and frame times of one page load, with a zoom sweep of ten steps."""
    context = browser.new_context(offline=True, viewport={"width": 1300, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function("window.kgraphView && window.kgraphView.firstDraw() !== null", timeout=120_000)
    first = page.evaluate("window.kgraphView.firstDraw()")
    start = len(page.evaluate("window.kgraphView.frameTimes()"))
    for step in range(10):
        page.evaluate(f"(window.kgraphView.network || window.network).moveTo({{scale: {0.3 + step * 0.2}}})")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
    frames = page.evaluate("window.kgraphView.frameTimes()")[start:]
    context.close()
    if errors:
        raise SystemExit(f"{page_path}: the page raised {errors[0]}")
    return {"first": first, "median": statistics.median(frames), "p90": sorted(frames)[int(0.9 * (len(frames) - 1))],
            "frames": len(frames)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="graph.html files")
    parser.add_argument("--map", action="store_true", help="also measure a generated map of 2,000 concepts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        pages = list(args.pages) + ([generated_map(Path(folder))] if args.map or not args.pages else [])
        browser = p.chromium.launch(executable_path=args.chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        for page_path in pages:
            runs = [measure(browser, page_path) for _ in range(args.runs)]
            best = {key: min(run[key] for run in runs) for key in ("first", "median", "p90")}
            print(f"{page_path.name}: {page_path.stat().st_size / 1e6:.1f} MB; first frame {best['first']:.0f} ms "
                  f"(bar {FIRST_DRAW_BAR_MS}); frames median {best['median']:.0f} ms (bar {FRAME_BAR_MS}), "
                  f"p90 {best['p90']:.0f} ms; best of {args.runs}")
        browser.close()


if __name__ == "__main__":
    main()
