"""Benchmark of the agreements pages on the demonstration warehouse: 500 agreements over 100
regions (gemeenten, SWVs, jeugdregio's and a few werkgebieden, 1-2 targets each) in a
temporary SQLite app database, then the time to compute every status, and the server-side
time of /afspraken (500 agreements, the first page of 100), one region's list, a werkgebied's
list and one agreement's page (the pages router's callback through the real Flask app:
layout, store reads, statuses, JSON), and one real load of the list in headless Chromium.

Targets: all 500 statuses <= 200 ms; /afspraken p95 <= 500 ms; a region's list and an
agreement's page p95 <= 250 ms; the list loaded in Chromium <= 4 s (first load, cold).
The figures depend on the machine's load: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

N_AGREEMENTS, N_REGIONS, N_WERKGEBIEDEN = 500, 100, 5
INDICATORS = {"jeugdhulp": ("2022", "2027"), "jeugdbescherming": ("2022", "2026"),
              "vsv": ("2021/2022", "2025/2026"), "absoluut_verzuim": ("2021/2022", "2025/2026"),
              "thuiszitters_4wk": ("2022/2023", "2026/2027"), "deelname_so": ("2022/2023",
                                                                               "2026/2027")}


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def ms(values: list[float]) -> str:
    return f"p50 {statistics.median(values) * 1000:7.1f} ms   p95 {p95(values) * 1000:7.1f} ms"


def populate(store, queries, rng: random.Random) -> list[str]:
    """The 500 agreements; returns the region codes used."""
    gemeenten = queries.regions("gemeente")["region_code"].tolist()
    with store.session() as s:
        werkgebieden = [store.werkgebieden.create(s, actor_id=store.rights.SYSTEM, data={
            "name": f"Werkgebied {i + 1}", "description": "", "members": [
                {"gemeente_code": g, "weight": 1.0} for g in rng.sample(gemeenten, 3 + 2 * i)]}
        )["code"] for i in range(N_WERKGEBIEDEN)]
    standard = (rng.sample(gemeenten, 70) + rng.sample(queries.regions("swv_po")[
        "region_code"].tolist(), 10) + rng.sample(queries.regions("swv_vo")["region_code"]
                                                  .tolist(), 10)
                + rng.sample(queries.regions("jeugdregio")["region_code"].tolist(), 5))
    regions = standard + werkgebieden
    assert len(regions) == N_REGIONS
    with store.session() as s:
        ambities = [store.agreements.create_ambitie(s, actor_id=store.rights.SYSTEM, data={
            "title": f"Ambitie {i + 1}", "text": "", "regions": [regions[i]]})["id"]
            for i in range(10)]
        for n in range(N_AGREEMENTS):
            region = regions[n % N_REGIONS]
            targets = []
            for ind in rng.sample(sorted(INDICATORS), rng.choice((1, 2))):
                base, goal = INDICATORS[ind]
                value = round(rng.uniform(2, 15), 1)
                targets.append({"indicator_id": ind, "baseline_period": base,
                                "baseline_value": value, "baseline_flags": {"source": "opgegeven"},
                                "target_value": round(value * 0.85, 1), "target_period": goal,
                                "milestones": []})
            store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
                "title": f"Afspraak {n + 1} in {region}", "text": "Samen minder uitval.",
                "region_code": region, "parties": [region], "partners": ["GGD"],
                "targets": targets, "manual_status": None, "manual_justification": None,
                "oogo_date": "2026-03-01", "review_date": "2027-03-01",
                "ambitie_id": ambities[n % 10] if n % 3 else None})
    return regions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-afspraken-"))
    warehouse = args.warehouse
    if not warehouse.exists():
        from etl.build import build

        warehouse = tmp / "warehouse.duckdb"
        print(f"no warehouse at {args.warehouse}: building the demonstration set in {warehouse}")
        build(warehouse, source="demo", log=lambda _msg: None)

    from dashboard import queries, store
    from dashboard.afspraken import overview
    from dashboard.app import create_app

    database_url = f"sqlite:///{tmp / 'app.sqlite'}"
    app = create_app(warehouse, database_url=database_url)
    t0 = time.perf_counter()
    regions = populate(store, queries, random.Random(7))
    print(f"created {N_AGREEMENTS} agreements over {len(regions)} regions "
          f"({N_WERKGEBIEDEN} werkgebieden) in {time.perf_counter() - t0:.1f} s")

    with store.session(readonly=True) as s:
        agreements = store.agreements.list(s)
    overview.with_status(agreements)   # warm the caches, as a running server has them
    times = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        rated = overview.with_status(agreements)
        times.append(time.perf_counter() - t)
    counts = {st: sum(a["status"] == st for a in rated) for st in {a["status"] for a in rated}}
    print(f"all {len(rated)} statuses (overview.with_status)   {ms(times)}   {counts}")
    t_list = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        with store.session(readonly=True) as s:
            store.agreements.list(s)
        t_list.append(time.perf_counter() - t)
    print(f"reading the 500 from the app database        {ms(t_list)}")

    client = app.server.test_client()

    def route(pathname: str, search: str = "") -> float:
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                           {"id": "_pages_location", "property": "search", "value": search}],
                "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}
        t = time.perf_counter()
        r = client.post("/_dash-update-component", data=json.dumps(body),
                        content_type="application/json")
        assert r.status_code == 200, r.data[:300]
        return time.perf_counter() - t

    one = agreements[len(agreements) // 2]
    for label, path, search in (
            ("/afspraken (500, page 1 of 5)", "/afspraken", ""),
            (f"/afspraken?regio={regions[0]} (one region)", "/afspraken", f"?regio={regions[0]}"),
            (f"/afspraken?regio={regions[-1]} (werkgebied)", "/afspraken",
             f"?regio={regions[-1]}"),
            (f"/afspraak/{one['id']} (one agreement)", f"/afspraak/{one['id']}", "")):
        route(path, search)
        print(f"{label:44s} {ms([route(path, search) for _ in range(args.rounds)])}")
    browser_load(app)


def browser_load(app) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/afspraken"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for attempt in ("first", "second"):
            t = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("table.afspraken-table")
            page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
            print(f"/afspraken in Chromium ({attempt} load)          "
                  f"{(time.perf_counter() - t) * 1000:7.0f} ms   "
                  f"{page.locator('table.afspraken-table tbody tr').count()} rows")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
