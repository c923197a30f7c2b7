"""Benchmark of the dashboard on the full warehouse: server-side time of every callback and the
time to a fully rendered page in headless Chromium (Debian's), per page type.

The app runs in this process behind a threaded werkzeug server (a page's callbacks run side by
side, as on gunicorn's workers). A Flask hook times each /_dash-update-component request by the
callback's output while the browser renders; afterwards every recorded request is replayed with
the browser closed, which is the server-side time proper (on 2 cores the browser's rendering
otherwise competes with the server for CPU).
Targets (issue 3): callback p95 <= 100 ms, page <= 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from flask import g, request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGES = {
    "start": ["/"],
    "gemeente": ["/gemeente/GM0363", "/gemeente/GM1940", "/gemeente/GM0014", "/gemeente/GM0088"],
    "swv": ["/swv/PO2707", "/swv/VO2103", "/jeugdregio/JZ01"],
    "indicator": ["/indicator/jeugdhulp?regio=GM0363&niveau=gemeente",
                  "/indicator/vsv?regio=VO2708&niveau=swv_vo",
                  "/indicator/thuiszitters_4wk?regio=JZ12&niveau=jeugdregio"],
    "vergelijk": ["/vergelijk?regios=GM0363,PO2707,NL01&indicatoren=jeugdhulp,vsv"],
    "over": ["/over"],
}


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    app = create_app(args.warehouse)
    timings: dict[str, list[float]] = defaultdict(list)
    bodies: dict[str, bytes] = {}

    @app.server.before_request
    def _start():
        g.started = time.perf_counter()

    @app.server.after_request
    def _stop(response):
        if request.path.endswith("_dash-update-component"):
            output = (request.get_json(silent=True) or {}).get("output", "?")[:70]
            timings[output].append((time.perf_counter() - g.started) * 1000)
            bodies.setdefault(output, request.get_data())
        return response

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page_times: dict[str, list[float]] = defaultdict(list)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for round_ in range(args.rounds + 1):  # the first round warms caches and is dropped
            for kind, urls in PAGES.items():
                for url in urls:
                    started = time.perf_counter()
                    page.goto(base + url)
                    page.wait_for_selector("#main")
                    page.wait_for_function("() => !document.querySelector("
                                           "'[data-dash-is-loading=\"true\"]')")
                    page.wait_for_load_state("networkidle")
                    if round_:
                        page_times[kind].append(time.perf_counter() - started)
            if not round_:
                timings.clear()
        browser.close()
    server.shutdown()

    # The same requests again with the browser closed: on 2 cores Chromium's rendering competes
    # with the server for CPU, which a user's own browser does not.
    replay: dict[str, list[float]] = defaultdict(list)
    client = app.server.test_client()
    for output, body in bodies.items():
        for _ in range(10):
            started = time.perf_counter()
            client.post("/_dash-update-component", data=body, content_type="application/json")
            replay[output].append((time.perf_counter() - started) * 1000)

    print(f"page fully rendered (s), {args.rounds} rounds after warm-up; target <= 2 s")
    for kind, values in page_times.items():
        print(f"  {kind:<12} median {statistics.median(values):5.2f}   max {max(values):5.2f}")
    for title, table in (("while the browser renders", timings),
                         ("replayed alone, browser closed", replay)):
        print(f"callbacks, server-side (ms), {title}; target p95 <= 100 ms")
        for output, values in sorted(table.items(), key=lambda kv: -p95(kv[1])):
            print(f"  p50 {statistics.median(values):6.1f}  p95 {p95(values):6.1f}"
                  f"  n={len(values):3d}  {output}")


if __name__ == "__main__":
    main()
