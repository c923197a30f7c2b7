"""Test helpers for the source loaders: a local CBS OData v3 server that answers in the real
tables' structures, and a small stand-in for the build context (`fake_ctx`).

The server binds 127.0.0.1 on a free port, filters, selects and pages like ODataApi, refuses an
over-limit answer with HTTP 500 as CBS does, and can drop a connection to simulate a network
failure. It serves one JSON file per table from `tests/fixtures/cbs/tables/` (written by
`tests/fixtures/cbs/make_fixtures.py`; the table id is in the file name), wrapping each part in
CBS's envelope, plus a few byte-exact recordings.
"""

from __future__ import annotations

import json
import re
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TABLES = FIXTURES / "cbs" / "tables"
RECORDED = FIXTURES / "cbs" / "recorded"
GEMEENTEN_CSV = Path(__file__).resolve().parents[2] / "data" / "ref" / "gemeenten_2015_2025.csv"
CBS_ROOT = "https://opendata.cbs.nl/ODataApi/OData"
REFUSAL = {"odata.error": {"code": "", "message": {
    "lang": "en-US", "value": "query returns more than 10000 records"}}}


class RecordedCbs:
    """`with RecordedCbs(dir) as cbs:` serves `dir` at `cbs.root` (an OData root URL)."""

    def __init__(self, tables_dir: Path = TABLES, limit: int = 10_000,
                 feed_page: int | None = None):
        self.tables_dir, self.limit, self.feed_page = Path(tables_dir), limit, feed_page
        self.static: dict[tuple[str, str | None], Path] = {}  # (path, $skip) -> recorded file
        self.requests: list[str] = []
        self.drop_after: int | None = None  # data-set requests served before dropping
        self.region_filter = True  # False: ignore startswith(), as a sloppy mirror might
        self._data_requests = 0
        self._cache: dict[str, dict | None] = {}

    def __enter__(self) -> RecordedCbs:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                outer._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_port}/ODataApi/odata"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- answering -----------------------------------------------------------------------
    def table(self, table: str) -> dict | None:
        """The fixture of `table` (its file name holds the id), read once."""
        if table not in self._cache:
            hits = [f for f in sorted(self.tables_dir.glob("*.json"))
                    if re.search(rf"(^|_){re.escape(table)}(_|\.json$)", f.name)]
            self._cache[table] = json.loads(hits[0].read_text()) if hits else None
        return self._cache[table]

    # -- answering -----------------------------------------------------------------------
    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        self.requests.append(h.path)
        parts = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path.split("/odata/", 1)[-1].strip("/")
        if (path, query.get("$skip")) in self.static:
            return self._send(h, 200, self.static[(path, query.get("$skip"))].read_bytes())
        table, _, entity = path.partition("/")
        spec = self.table(table)
        if spec is None:
            return self._send(h, 404, b'{"odata.error":"no such table"}')
        if entity in ("TypedDataSet", "UntypedDataSet"):
            self._data_requests += 1
            if self.drop_after is not None and self._data_requests > self.drop_after:
                h.close_connection = True  # no answer at all: the client sees a broken line
                return None
            return self._data_set(h, table, entity, query)
        if entity == "":
            names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties",
                     "CategoryGroups", *spec["dimensions"], "Perioden"]
            value = [{"name": n, "url": f"{CBS_ROOT}/{table}/{n}"} for n in names]
            return self._send(h, 200, json.dumps({"odata.metadata": f"{CBS_ROOT}/{table}/"
                                                  "$metadata", "value": value}).encode())
        value = (spec["dimensions"].get(entity) if entity not in ("DataProperties", "Perioden")
                 else spec[entity])
        if value is None:
            return self._send(h, 404, b'{"odata.error":"no such entity"}')
        return self._send(h, 200, _envelope(table, entity, value))

    def _data_set(self, h, table: str, entity: str, query: dict) -> None:
        flt = query.get("$filter")
        if flt and not self.region_filter:
            flt = re.sub(r" and \((startswith\(\w+,'\w+'\)(?: or )?)+\)", "", flt)
        rows = [r for r in self.table(table)["TypedDataSet"] if _matches(r, flt)]
        skip, top = int(query.get("$skip", 0)), query.get("$top")
        if len(rows) - skip > self.limit and (top is None or int(top) > self.limit):
            return self._send(h, 500, json.dumps(REFUSAL).encode())
        rows = rows[skip:skip + int(top)] if top else rows[skip:]
        if "$select" in query:
            keep = query["$select"].split(",") + ["ID"]
            rows = [{k: r[k] for k in keep if k in r} for r in rows]
        if entity == "UntypedDataSet":
            rows = [{k: v if k == "ID" else ("" if v is None else f"{v:>8}") for k, v in r.items()}
                    for r in rows]
        body = {"value": rows, "odata.metadata":
                f"{CBS_ROOT}/{table}/$metadata#Cbs.OData.WebAPI.{entity}"}
        if self.feed_page and len(rows) > self.feed_page:
            body["value"] = rows[: self.feed_page]
            nxt = {**query, "$skip": str(skip + self.feed_page)}
            if top:
                nxt["$top"] = str(int(top) - self.feed_page)
            body["odata.nextLink"] = (f"https://opendata.cbs.nl/ODataFeed/OData/{table}/{entity}/?"
                                      + urlencode(nxt, safe="$(),'"))
        return self._send(h, 200, json.dumps(body).encode())

    @staticmethod
    def _send(h, status: int, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json;charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


def _envelope(table: str, entity: str, value: list) -> bytes:
    """CBS's v3 envelope, pretty-printed with CRLF as ODataApi serves it."""
    body = {"odata.metadata": f"{CBS_ROOT}/{table}/$metadata#Cbs.OData.WebAPI.{entity}",
            "value": value}
    return json.dumps(body, indent=1).replace("\n", "\r\n").encode()


def _matches(row: dict, flt: str | None) -> bool:
    """Evaluates the OData subset the loader sends: `and` of terms, each an `or` of
    `Dim eq 'key'` or `startswith(Dim,'GM')`. Keys compare stripped, as CBS matches padding."""
    if not flt:
        return True
    for term in flt.split(" and "):
        term = term.strip()
        if term.startswith("(") and term.endswith(")"):
            term = term[1:-1]
        atoms = term.split(" or ")
        ok = False
        for atom in atoms:
            m = re.fullmatch(r"\s*startswith\((\w+),'([^']*)'\)\s*", atom)
            if m:
                ok |= str(row.get(m[1], "")).strip().startswith(m[2])
                continue
            m = re.fullmatch(r"\s*(\w+) eq '([^']*)'\s*", atom)
            if not m:
                raise ValueError(f"filter not understood by the test server: {atom}")
            ok |= str(row.get(m[1], "")).strip() == m[2].strip()
        if not ok:
            return False
    return True


def fake_ctx(data_dir: Path, offline: bool = False, regions: bool = False):
    """The attributes of the build context the loaders use, built from the shipped gemeente
    list: a code is valid in year Y if geldig_van <= Y-01-01 < geldig_tot."""
    g = pd.read_csv(GEMEENTEN_CSV, dtype=str, keep_default_na=False)
    rows = []
    for year in range(2015, 2026):
        day = f"{year}-01-01"
        ok = (g["geldig_van"] <= day) & ((g["geldig_tot"] == "") | (g["geldig_tot"] > day))
        rows.append(pd.DataFrame({"gemeente_code": g.loc[ok, "gemeente_code"],
                                  "gemeente_name": g.loc[ok, "gemeente_naam"],
                                  "classification_year": year}))
    gemeenten = pd.concat(rows, ignore_index=True)

    def classification_year(period: str) -> int:
        m = re.fullmatch(r"(\d{4})(?:-H[12])?", period)
        if m:
            return int(m[1])
        m = re.fullmatch(r"(\d{4})/(\d{4})", period)
        if m and int(m[2]) == int(m[1]) + 1:
            return int(m[2])
        raise ValueError(f"onbekende periode '{period}'")

    reference = types.SimpleNamespace(gemeenten=gemeenten, classification_year=classification_year)
    if regions:
        other = pd.DataFrame([(c, y) for y in range(2015, 2026)
                              for c in ("PO2707", "VO2708", "JZ01", "MC01", "PV20", "PV27",
                                        "NL01",
                                        *(f"{k}20{n:02d}" for k in ("PO", "VO")
                                          for n in range(1, 76)))],
                             columns=["region_code", "classification_year"])
        reference.regions = pd.concat([
            gemeenten.rename(columns={"gemeente_code": "region_code"})[
                ["region_code", "classification_year"]], other], ignore_index=True)
    return types.SimpleNamespace(data_dir=Path(data_dir), offline=offline, reference=reference)
