"""A small client for CBS StatLine's OData v3 API with a raw-response cache.

It knows the transport only: URLs, paging past the 10,000-row limit, the on-disk cache and
network errors. Which tables and columns mean what belongs in `etl.sources.cbs`.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import requests

from etl.errors import EtlError

DEFAULT_BASE_URL = "https://opendata.cbs.nl/ODataApi/odata"
BASE_URL_ENV = "AOJ_CBS_BASE_URL"
# ODataApi refuses any answer over 10,000 rows, so every data request asks for at most this.
PAGE_SIZE = 10_000
TIMEOUT_S = 60


def base_url() -> str:
    """The OData root: `AOJ_CBS_BASE_URL` if set (tests point it at a local server)."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


class Unreachable(EtlError):
    """CBS could not be reached at all (no answer), as opposed to an answer that is wrong;
    `reason` names the network error."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason


class ODataClient:
    """Fetches JSON from one OData root; every response is cached, offline reads only the cache.

    The cache holds, per URL, `<sha>.json` (the body exactly as served) and `<sha>.meta.json`
    (`url`, `retrieved_at` in UTC, `http_status`), so a build can be reproduced and traced.
    `cache_dir=None` fetches without a cache (a check of what CBS serves now).
    """

    def __init__(self, cache_dir: Path | None, offline: bool = False, root: str | None = None,
                 page_size: int | None = None, timeout: float = TIMEOUT_S):
        self.root = (root or base_url()).rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.offline = offline and cache_dir is not None
        self.page_size = page_size or PAGE_SIZE
        self.timeout = timeout
        self.session = requests.Session()

    # -- one URL ---------------------------------------------------------------------------
    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        sha = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        return self.cache_dir / f"{sha}.json", self.cache_dir / f"{sha}.meta.json"

    def get_json(self, url: str) -> dict:
        """The parsed JSON at `url`, from the network (and then cached) or, offline, the cache."""
        if self.cache_dir is None:
            return self._fetch(url)[0]
        body_path, meta_path = self._cache_paths(url)
        if self.offline:
            if not body_path.exists():
                raise EtlError(
                    f"offline: geen antwoord in de cache ({self.cache_dir}) voor {url}. "
                    "Draai de build eenmaal online om de cache te vullen."
                )
            return json.loads(body_path.read_bytes().decode("utf-8"))
        payload, resp = self._fetch(url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        body_path.write_bytes(resp.content)
        meta = {"url": url, "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "http_status": resp.status_code}
        meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        return payload

    def _fetch(self, url: str) -> tuple[dict, requests.Response]:
        try:
            resp = self.session.get(url, timeout=self.timeout,
                                    headers={"Accept": "application/json"})
        except requests.RequestException as exc:
            raise Unreachable(
                f"CBS is niet bereikbaar ({type(exc).__name__}) bij {url}. Controleer de "
                "netwerkverbinding of bouw met --offline uit de cache; het laatste goede "
                "warehouse blijft staan.", reason=type(exc).__name__,
            ) from exc
        if resp.status_code != 200:
            raise EtlError(
                f"CBS antwoordde HTTP {resp.status_code} op {url}: {resp.text[:300].strip()}"
            )
        try:
            payload = json.loads(resp.content.decode("utf-8-sig"))
        except ValueError as exc:
            raise EtlError(f"CBS gaf geen geldige JSON op {url}: {exc}") from exc
        return payload, resp

    # -- collections -------------------------------------------------------------------------
    def url(self, table: str, entity: str = "", params: dict | None = None) -> str:
        path = f"{self.root}/{table}" + (f"/{entity}" if entity else "")
        query = {"$format": "json", **(params or {})}
        # Keep OData's `$`, quotes, commas and parentheses readable in URLs and cache sidecars.
        return path + "?" + urlencode(query, safe="$(),'")

    def collection(self, table: str, entity: str, params: dict | None = None,
                   paged: bool = False) -> list[dict]:
        """All rows of an entity set. Follows `odata.nextLink` (ODataFeed pages by itself);
        with `paged`, also asks `$top`/`$skip` pages so no single answer passes the limit."""
        params = dict(params or {})
        skip = 0
        if paged:
            params["$top"] = str(self.page_size)
        url = self.url(table, entity, params)
        rows: list[dict] = []
        block = 0  # rows received for the current $top request, over its nextLink pages
        while True:
            payload = self.get_json(url)
            page = payload.get("value")
            if not isinstance(page, list):
                raise EtlError(f"onverwacht antwoord van CBS op {url}: geen 'value'-lijst")
            rows.extend(page)
            block += len(page)
            if payload.get("odata.nextLink"):
                url = self._local(payload["odata.nextLink"])
            elif paged and block >= self.page_size:
                skip += self.page_size
                block = 0
                url = self.url(table, entity, {**params, "$skip": str(skip)})
            else:
                return rows

    def _local(self, next_link: str) -> str:
        """A nextLink as served names CBS's own host; keep it under our root when that differs
        (a mirror or the test server), and always ask for JSON."""
        marker = next_link.lower().find("/odata/")
        if marker >= 0 and not next_link.lower().startswith(self.root.lower()):
            rest = next_link[marker + len("/odata/"):]
            next_link = f"{self.root}/{rest}"
        if "$format=json" not in next_link:
            next_link += ("&" if "?" in next_link else "?") + "$format=json"
        return next_link
