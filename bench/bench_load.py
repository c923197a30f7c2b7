"""Load benchmark of the production command: gunicorn with `dashboard.gunicorn_conf` on a free
loopback port, on a warehouse built by the real ETL into a temporary folder, held against
simulated users who follow real click paths.

1. One real Chromium session walks every click path once (a gemeente page, an indicator page
   with a region, a region page, a gemeente page and its CSV download) and records every
   request the browser sends to the app (page, layout, dependencies, each callback with its
   body), grouped in the waves the browser sent them in.
2. Single user, load-free: every recorded callback replayed alone (median of `--repeat`), beside
   the bare DuckDB query it runs (timed in this process on the same file), with their ratio
   (target: <= 2x): once as recorded (the server's caches hit), once for regions not drawn
   before (they miss: the first user of a gemeente, SWV or indicator view); and the indicator
   page fully shown in Chromium (target <= 1.5 s).
3. `--users` users (default 50), each looping: pick a path, send its waves (a wave's requests
   side by side, as a browser does, up to 6 at once), think 2-8 s, until `--seconds` have
   passed or `--max-requests` were sent. Prints p50/p95/p99 per callback and the errors.
   Target (issue 12): every callback p95 <= 250 ms, 0 errors, 50 users on 2 cores.

Bounded: loopback only, at most `--users` x 6 connections, `--seconds` and `--max-requests`.
The figures depend on the machine's load: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Click paths: (name, weight, first page, whether the CSV of the first table is clicked).
PATHS = [
    ("gemeente", 4, ["/gemeente/GM0363", "/gemeente/GM0014", "/gemeente/GM1940",
                     "/gemeente/GM0088", "/gemeente/GM0599", "/gemeente/GM0344"], False),
    ("indicator", 3, ["/indicator/jeugdhulp?regio=GM0363&niveau=gemeente",
                      "/indicator/vsv?regio=VO2708&niveau=swv_vo",
                      "/indicator/thuiszitters_4wk?regio=JZ12&niveau=jeugdregio"], False),
    ("regio", 2, ["/swv/PO2707", "/swv/VO2103", "/jeugdregio/JZ01"], False),
    ("export", 1, ["/gemeente/GM0153"], True),
]
STATIC = ("/_dash-component-suites/", "/assets/", "/_favicon", "/favicon")
MAX_PARALLEL = 6  # a browser's connections per host


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * len(s))) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def label_of(method: str, path: str, body: bytes | None) -> str:
    """A callback by its first output ('gemeente-rows.data'); other requests by their path."""
    if not body:
        return f"GET {path.split('?')[0] if path.startswith('/_dash') else 'page'}"
    out = json.loads(body).get("outputs")
    out = out[0] if isinstance(out, list) else out
    ident = out["id"]
    if isinstance(ident, dict):  # pattern-matching ids: 'indicator-kaart:chart'
        ident = (f"{ident['page']}-{ident['name']}:{ident['type']}" if "name" in ident
                 else ":".join(str(v) for v in ident.values()))
    return f"{ident}.{out['property']}"


# --- the server ------------------------------------------------------------------------------

def start_gunicorn(warehouse: Path, tmp: Path, port: int, workers: int | None) -> subprocess.Popen:
    env = {**os.environ, "AOJ_WAREHOUSE": str(warehouse), "PORT": str(port),
           "AOJ_DATABASE_URL": f"sqlite:///{tmp / 'app.sqlite'}"}
    if workers:
        env["AOJ_WORKERS"] = str(workers)
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115  (closed with the process)
    command = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf",
               "dashboard.app:server"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/over")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"gunicorn did not answer; see {tmp / 'gunicorn.log'}")


# --- recording the browser's requests --------------------------------------------------------

def record_paths(base: str) -> dict[str, list[list[list[tuple]]]]:
    """{path name: [steps of one walk: [waves: [(label, method, path, body)]]]} as Chromium sent
    them; a new wave starts with the first request sent after an answer arrived."""
    from playwright.sync_api import sync_playwright

    recorded: dict[str, list] = defaultdict(list)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL",
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(90_000)  # a loaded machine
        waves: list[list[tuple]] = []
        answered = {"since_wave": True}

        def on_request(req):
            path = req.url[len(base):]
            if not req.url.startswith(base) or path.startswith(STATIC):
                return
            body = req.post_data_buffer if req.method == "POST" else None
            if answered["since_wave"] or not waves:
                waves.append([])
                answered["since_wave"] = False
            waves[-1].append((label_of(req.method, path, body), req.method, path, body))

        page.on("request", on_request)
        page.on("requestfinished", lambda _r: answered.update(since_wave=True))

        def settle():
            page.wait_for_selector("#main")
            page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
            page.wait_for_load_state("networkidle")

        for name, _weight, urls, click_csv in PATHS:
            for url in urls:
                waves.clear()
                answered["since_wave"] = True
                page.goto(base + url)
                settle()
                steps = [list(waves)]
                if click_csv:
                    waves.clear()
                    answered["since_wave"] = True
                    with page.expect_download():
                        page.get_by_role("button", name="gegevens als CSV").first.click()
                    settle()
                    steps.append(list(waves))
                recorded[name].append(steps)
        browser.close()
    return recorded


# The indicator page fully shown: its three charts drawn (the map with its regions) and its
# table written (by the browser, from markup: no callback output marks it as loading).
SHOWN = ("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3"
         " && document.querySelector('.choroplethlayer path')"
         " && document.querySelector('.indicator-table-scroll table')")


def page_shown(base: str, url: str, rounds: int) -> list[float]:
    """Seconds from navigation to the page fully shown (every callback answered and drawn, the
    table written, the network idle)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for i in range(rounds + 1):  # the first warms the browser's cache, as for a returning user
            started = time.perf_counter()
            page.goto(base + url)
            page.wait_for_selector("#main")
            page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
            page.wait_for_function(SHOWN)
            page.wait_for_load_state("networkidle")
            if i:
                out.append(time.perf_counter() - started)
        browser.close()
    return out


# --- sending -----------------------------------------------------------------------------------

class Client:
    """One keep-alive connection per thread to the server."""

    def __init__(self, port: int):
        self.port, self.local = port, threading.local()

    def send(self, method: str, path: str, body: bytes | None) -> tuple[int, float]:
        headers = {"Origin": f"http://127.0.0.1:{self.port}"}
        if body:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                                    timeout=60)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                return resp.status, time.perf_counter() - started
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self.local.conn = None  # the server closed an idle keep-alive connection
                if attempt:
                    return 599, time.perf_counter() - started
        return 599, 0.0


def ok(status: int) -> bool:
    return status in (200, 204)  # 204: a callback that prevents its update


def single_user(client: Client, recorded: dict, repeat: int) -> dict[str, float]:
    """Median seconds of each recorded callback (its first body) replayed alone."""
    bodies: dict[str, tuple] = {}
    for walks in recorded.values():
        for steps in walks:
            for waves in steps:
                for wave in waves:
                    for label, method, path, body in wave:
                        if body:
                            bodies.setdefault(label, (method, path, body))
    out = {}
    for label, (method, path, body) in bodies.items():
        times = []
        for _ in range(repeat):
            status, took = client.send(method, path, body)
            if status != 200:  # alone, every recorded callback must answer with an update
                raise SystemExit(f"{label}: HTTP {status} replayed alone")
            times.append(took)
        out[label] = statistics.median(times)
    return out


def elsewhere(steps: list, code: str, old: str | None = None) -> list:
    """A recorded walk with its region code `old` (default: a gemeente walk's own, from its
    address /gemeente/GMxxxx) replaced by `code` in every address and body: the same requests
    the browser sends on that region's page."""
    old = old or steps[0][0][0][2].rsplit("/", 1)[1].split("?")[0]
    return [[[(label, method, path.replace(old, code),
               body.replace(old.encode(), code.encode()) if body else body)
              for label, method, path, body in wave] for wave in waves] for waves in steps]


# The walks replayed with cache misses: the recorded walk's region, the level whose other
# regions replace it, and the bare query of that region the callbacks wait on.
COLD = {"gemeente": ("GM0363", "gemeente", "profile+trend"),
        "indicator": ("GM0363", "gemeente", "level_values"),
        "regio": ("PO2707", "swv_po", "region_table")}
# A callback whose query is not its path's: the indicator trend reads the region's series.
COLD_QUERY = {"indicator-trend:chart.figure": "trend_comparison"}


def single_user_cold(client: Client, recorded: dict, repeat: int, warehouse: Path,
                     seed: int) -> dict[str, tuple[float, float, str]]:
    """{label: (median seconds, median seconds of its bare query, query)}: each callback of the
    first walk of every COLD path replayed alone `repeat` times, each time for a region this
    server has not drawn yet (caches miss, as for the first user of that region), beside the
    bare query for the same regions, timed uncached in this process on the same file."""
    from dashboard import db, queries
    from dashboard.queries import levels

    db.configure(warehouse)
    rng = random.Random(seed)
    period = queries.indicator_periods("jeugdhulp")[-1]
    year = queries.latest_classification_year()
    pool = ThreadPoolExecutor(2)

    def profile_reads(code):  # what the gemeente profile reads, side by side as it does
        jobs = [pool.submit(queries.profile, code),
                pool.submit(queries.trend, None, [code, queries.NATIONAL_CODE])]
        return [j.result() for j in jobs]

    bare = {"profile+trend": profile_reads, "region_table": queries.region_table,
            "level_values": lambda _code: levels._level_values.__wrapped__(
                db.generation(), "jeugdhulp", "gemeente", period, year),
            "trend_comparison": lambda code: queries.trend_comparison("jeugdhulp", code)}
    out = {}
    for name, (old, level, path_query) in COLD.items():
        fresh = [c for c in queries.regions(level)["region_code"] if c != old]
        rng.shuffle(fresh)
        labels = {}
        for waves in recorded[name][0]:
            for wave in waves:
                for label, method, path, body in wave:
                    if body and label != "_pages_content.children":
                        labels.setdefault(label, (method, path, body))
        for label, (method, path, body) in labels.items():
            took, queried, query = [], [], COLD_QUERY.get(label, path_query)
            for _ in range(min(repeat, len(fresh))):
                code = fresh.pop()
                status, t = client.send(method, path.replace(old, code),
                                        body.replace(old.encode(), code.encode()))
                if status != 200:
                    raise SystemExit(f"{label} for {code}: HTTP {status} replayed alone")
                took.append(t)
                started = time.perf_counter()
                bare[query](code)
                queried.append(time.perf_counter() - started)
            out[label] = (statistics.median(took), statistics.median(queried), query)
    return out


def load(client: Client, recorded: dict, users: int, seconds: float, max_requests: int,
         think: tuple[float, float], seed: int,
         gemeenten: list[str] | None = None) -> tuple[dict, dict, dict, int, float]:
    """Per label: response times, error count and 204 count; requests sent; wall seconds. With
    `gemeenten`, each gemeente walk is sent for one of them at random (cold caches)."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    unchanged: dict[str, int] = defaultdict(int)  # 204: no update (or an error the app hid)
    lock = threading.Lock()
    sent = [0]
    started = time.monotonic()
    stop = started + seconds
    names = [p[0] for p in PATHS]
    weights = [p[1] for p in PATHS]
    pool = ThreadPoolExecutor(max_workers=users * MAX_PARALLEL)

    def one(req):
        label, method, path, body = req
        status, took = client.send(method, path, body)
        with lock:
            times[label].append(took)
            if not ok(status):
                errors[label] += 1
            unchanged[label] += status == 204

    def user(i: int):
        rng = random.Random(seed + i)
        time.sleep(rng.uniform(0, think[1]))  # users arrive spread over one think time
        while time.monotonic() < stop:
            name = rng.choices(names, weights)[0]
            steps = rng.choice(recorded[name])
            if gemeenten and name == "gemeente":
                steps = elsewhere(steps, rng.choice(gemeenten))
            for waves in steps:
                for wave in waves:
                    with lock:
                        if sent[0] >= max_requests:
                            return
                        sent[0] += len(wave)
                    for f in [pool.submit(one, r) for r in wave[:MAX_PARALLEL]]:
                        f.result()
                    for r in wave[MAX_PARALLEL:]:
                        one(r)
                time.sleep(rng.uniform(*think))
                if time.monotonic() >= stop:
                    return

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pool.shutdown()
    return times, errors, unchanged, sent[0], time.monotonic() - started


def server_cpu(master: int) -> float:
    """CPU seconds used so far by the gunicorn workers (children of `master`)."""
    total = 0.0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def all_gemeenten(warehouse: Path) -> list[str]:
    from dashboard import db, queries

    db.configure(warehouse)
    return queries.regions("gemeente")["region_code"].tolist()


# --- the bare queries ----------------------------------------------------------------------

def bare_queries(warehouse: Path, repeat: int) -> dict[str, tuple[str, float]]:
    """{callback label: (query, median seconds)}: the slowest warehouse query each callback runs,
    for the first page of its path, timed uncached in this process on the same file."""
    from dashboard import db, queries
    from dashboard.queries import levels

    db.configure(warehouse)
    year = queries.latest_classification_year()
    ind = queries.indicator("jeugdhulp")
    period = queries.indicator_periods("jeugdhulp")[-1]
    gen = db.generation()
    runs = {
        "profile('GM0363')": lambda: queries.profile("GM0363"),
        "level_values(jeugdhulp, gemeente)": lambda: levels._level_values.__wrapped__(
            gen, "jeugdhulp", "gemeente", period, year),
        "trend_comparison(jeugdhulp, GM0363)": lambda: queries.trend_comparison(
            "jeugdhulp", "GM0363"),
        "region_table('PO2707')": lambda: queries.region_table("PO2707"),
        "region_table('PO2707', indicator)": lambda: queries.region_table(
            "PO2707", indicator_id=ind["indicator_id"]),
    }
    timed = {}
    for name, run in runs.items():
        run()
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            run()
            times.append(time.perf_counter() - t)
        timed[name] = statistics.median(times)
    # The callbacks of the paths' first pages, by label, and the query each one waits on.
    by_label = {
        "gemeente-summary.children": "profile('GM0363')",
        "indicator-kaart:chart.figure": "level_values(jeugdhulp, gemeente)",
        "indicator-verdeling:chart.figure": "level_values(jeugdhulp, gemeente)",
        "indicator-table-rows:markup.data": "level_values(jeugdhulp, gemeente)",
        "indicator-trend:chart.figure": "trend_comparison(jeugdhulp, GM0363)",
        "regio-overview.children": "region_table('PO2707')",
        "regio-members:chart.figure": "region_table('PO2707', indicator)",
    }
    return {label: (q, timed[q]) for label, q in by_label.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0),
                        metavar=("MIN", "MAX"), help="seconds a user looks at a page")
    parser.add_argument("--workers", type=int, help="override gunicorn_conf's worker count")
    parser.add_argument("--repeat", type=int, default=15, help="single-user replays per callback")
    parser.add_argument("--warehouse", type=Path,
                        help="an existing warehouse (copied) instead of a fresh build")
    parser.add_argument("--no-browser-timing", action="store_true",
                        help="skip the indicator page timed in Chromium")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--every-gemeente", action="store_true",
                        help="send each gemeente walk for a random one of all gemeenten, so "
                             "the server's caches mostly miss (the pessimistic case)")
    args = parser.parse_args()
    if not (1 <= args.users <= 200 and 0 < args.seconds <= 600 and args.max_requests <= 100_000):
        raise SystemExit("bounded: 1-200 users, at most 600 s and 100,000 requests")

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp_name:
        tmp = Path(tmp_name)
        warehouse = tmp / "warehouse.duckdb"
        started = time.perf_counter()
        if args.warehouse:
            warehouse.write_bytes(args.warehouse.read_bytes())
        else:
            from etl.build import build
            build(warehouse, source="demo", log=lambda _m: None)
        print(f"warehouse ready in {time.perf_counter() - started:.1f} s")
        port = free_port()
        proc = start_gunicorn(warehouse, tmp, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            assert urlsplit(base).hostname == "127.0.0.1"
            recorded = record_paths(base)
            n = sum(len(w) for walks in recorded.values() for steps in walks for waves in steps
                    for w in waves)
            print(f"recorded {n} requests on {sum(len(v) for v in recorded.values())} walks")
            client = Client(port)
            alone = single_user(client, recorded, args.repeat)
            bare = bare_queries(warehouse, args.repeat)
            print(f"\nsingle user, each callback replayed alone (median of {args.repeat}), "
                  "beside the bare query it runs; target <= 2x")
            for label, took in sorted(alone.items(), key=lambda kv: -kv[1]):
                q = bare.get(label)
                extra = (f"   query {q[1] * 1000:6.1f} ms  ratio {took / q[1]:4.1f}x  {q[0]}"
                         if q else "")
                print(f"  {took * 1000:7.1f} ms  {label}{extra}")
            cold = single_user_cold(client, recorded, args.repeat, warehouse, args.seed)
            print(f"\nsingle user, cache misses: each callback replayed alone {args.repeat} "
                  "times, each time for a region not drawn before, beside the bare query of "
                  "those regions (uncached); target <= 2x")
            for label, (took, q, query) in sorted(cold.items(), key=lambda kv: -kv[1][0]):
                print(f"  {took * 1000:7.1f} ms  {label}   query {q * 1000:6.1f} ms  "
                      f"ratio {took / q:4.1f}x  {query}")
            if not args.no_browser_timing:
                shown = page_shown(base, PATHS[1][2][0], 5)
                print(f"\nindicator page fully shown in Chromium ({PATHS[1][2][0]}), 5 rounds: "
                      f"median {statistics.median(shown):.2f} s, max {max(shown):.2f} s; "
                      "target <= 1.5 s")
            cpu, load_avg = server_cpu(proc.pid), os.getloadavg()[0]
            gemeenten = all_gemeenten(warehouse) if args.every_gemeente else None
            times, errors, unchanged, sent, wall = load(client, recorded, args.users, args.seconds,
                                             args.max_requests, tuple(args.think), args.seed,
                                             gemeenten)
            cpu = server_cpu(proc.pid) - cpu
            print(f"\n{args.users} users, think {args.think[0]:g}-{args.think[1]:g} s"
                  + (f", gemeente walks over all {len(gemeenten)} gemeenten" if gemeenten
                     else "") + ", "
                  f"{sent} requests in {wall:.0f} s ({sent / wall:.1f}/s); "
                  "target: every callback p95 <= 250 ms, 0 errors")
            print(f"  server CPU {cpu:.1f} s = {cpu / wall:.2f} of {os.cpu_count()} cores, "
                  f"{cpu / max(sent, 1) * 1000:.1f} ms a request; machine load average "
                  f"{load_avg:.1f} before, {os.getloadavg()[0]:.1f} after (other processes "
                  "compete for the same cores)")
            print(f"  {'p50':>7} {'p95':>7} {'p99':>7} (ms) {'n':>6} {'err':>4} {'204':>4}")
            for label, values in sorted(times.items(), key=lambda kv: -pct(kv[1], .95)):
                print(f"  {statistics.median(values) * 1000:7.0f} {pct(values, .95) * 1000:7.0f}"
                      f" {pct(values, .99) * 1000:7.0f}      {len(values):6d} "
                      f"{errors.get(label, 0):4d} {unchanged.get(label, 0):4d}  {label}")
            print(f"errors: {sum(errors.values())}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
