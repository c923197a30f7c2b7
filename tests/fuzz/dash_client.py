"""Callback requests as the Dash renderer sends them, built from the app's own callback map, and
the checks every fuzzed response must pass. Also a small renderer: the callbacks a page's layout
fires on load, with the values the layout gave their inputs."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from dash._utils import split_callback_id, stringify_id

from dashboard.guard import PROPERTY_TYPES

CORPUS = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
ENDPOINT = "/_dash-update-component"
ROUTER = ".._pages_content.children..._pages_store.data.."
MAX_SECONDS = 1.0
REPEAT = re.compile(r"\{(.+?)\*(\d+)\}")
LEAKS = ("Traceback", 'File "/', "Error:", "Exception")


def expand(value):
    """A corpus value with its shorthands written out ({s*n} and {"nest": n})."""
    if isinstance(value, str):
        return REPEAT.sub(lambda m: "".join(m.group(1).replace("#", str(i))
                                            for i in range(int(m.group(2)))), value)
    if isinstance(value, dict) and set(value) == {"nest"}:
        out: list = []
        for _ in range(value["nest"]):
            out = [out]
        return out
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


def callbacks(app) -> dict:
    """Every server-side callback of the app (the pages router included), each with
    `on_load`: whether the renderer calls it when its inputs appear (no prevent_initial_call,
    as the app's public /_dash-dependencies says)."""
    client = app.server.test_client()
    client.get("/")  # the router registers itself on the first request
    initial = {d["output"]: not d.get("prevent_initial_call")
               for d in client.get("/_dash-dependencies").get_json()}
    return {key: {**cb, "on_load": initial.get(key, False)}
            for key, cb in app.callback_map.items() if callable(cb.get("callback"))}


def _pattern(spec_id: str) -> dict | None:
    return json.loads(spec_id) if spec_id.startswith("{") else None


def _concrete(pattern: dict, wildcard) -> dict:
    # `wildcard`: one value for every wildcard key, or a matched component's id to copy from.
    def pick(key):
        value = wildcard.get(key, "x") if isinstance(wildcard, dict) else wildcard
        return value if isinstance(value, str | int | float | bool) else "x"
    return {k: (pick(k) if isinstance(v, list) else v) for k, v in pattern.items()}


def _item(spec: dict, value, wildcard, with_value: bool):
    pattern = _pattern(spec["id"])
    out = {"id": spec["id"] if pattern is None else _concrete(pattern, wildcard),
           "property": spec["property"]}
    if with_value:  # an "id" input's value is the component's own id, as the renderer sends
        out["value"] = out["id"] if spec["property"] == "id" else value
    if pattern is not None and any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values()):
        return [out]
    return out


def body(key: str, cb: dict, value_of, wildcard="x") -> dict:
    """A well-formed body for callback `key`; `value_of(spec)` gives each input's value."""
    outputs = split_callback_id(key)
    multi = isinstance(outputs, list)
    outs = [_item(o, None, wildcard, False) for o in (outputs if multi else [outputs])]
    inputs = [_item(s, value_of(s), wildcard, True) for s in cb["inputs"]]
    first = inputs[0] if inputs else None
    if isinstance(first, list):
        first = first[0] if first else None
    changed = [] if first is None else [f"{stringify_id(first['id'])}.{first['property']}"]
    return {"output": key, "outputs": outs if multi else outs[0], "inputs": inputs,
            "changedPropIds": changed,
            "state": [_item(s, value_of(s), wildcard, True) for s in cb["state"]]}


def router_body(url: str) -> dict:
    """The pages router's request for `url` (what the browser sends when it opens it)."""
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query or url.endswith("?") else ""
    values = {"pathname": parts.path, "search": search}
    return body(ROUTER, {"inputs": [{"id": "_pages_location", "property": "pathname"},
                                    {"id": "_pages_location", "property": "search"}],
                         "state": []}, lambda s: values[s["property"]])


def typed(spec: dict, value):
    """`value`, unless the browser fixes the property's type and `value` is not of it (the
    guard refuses such bodies with 400; they are fuzzed as malformed ones)."""
    kind = PROPERTY_TYPES.get(spec["property"])
    if spec["property"] == "pathname":  # the router needs a path of this site
        return value if isinstance(value, str) and value.startswith("/") else f"/{value}"
    if kind is None or value is None or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    return "/" if kind is str else 1


def post(client, payload, *, retry: bool = True, **environ) -> tuple:
    """(response, seconds on the server) for a body (dict) or raw text (str). A request over
    the bound is timed once more and the faster run counts (unless `retry` is False: a rate
    limit counts every run): the bound is on work, and a busy machine should not fail it."""
    data = (payload if isinstance(payload, str) else json.dumps(payload)).encode(
        "utf-8", "surrogatepass")
    best = None
    for _ in range(2 if retry else 1):
        start = time.perf_counter()
        response = client.post(ENDPOINT, data=data, content_type="application/json",
                               environ_base=environ)
        seconds = time.perf_counter() - start
        best = (response, seconds) if best is None or seconds < best[1] else best
        if seconds <= MAX_SECONDS:
            break
    return best


def problems(response, seconds: float, *, malformed: bool) -> list[str]:
    """What is wrong with a fuzzed response: a 500, a leaked traceback, too slow, or (for a
    malformed body) anything but 400/413."""
    out = []
    text = response.get_data(as_text=True)
    if response.status_code >= 500:
        out.append(f"status {response.status_code}")
    if malformed and response.status_code not in (400, 413):
        out.append(f"malformed body answered {response.status_code}")
    if not malformed and response.status_code not in (200, 204):
        out.append(f"well-formed body answered {response.status_code}")
    if response.status_code != 200 or "application/json" not in response.content_type:
        out += [f"leaks {w!r}" for w in LEAKS if w in text]
    elif "Traceback" in text:
        out.append("leaks a traceback")
    if seconds > MAX_SECONDS:
        out.append(f"took {seconds:.2f} s")
    return out


def mutations(good: dict) -> list[tuple[str, object]]:
    """Malformed variants of a well-formed body: each must be answered 400."""
    out: list[tuple[str, object]] = []
    for key in ("output", "outputs", "inputs"):
        out.append((f"without {key}", {k: v for k, v in good.items() if k != key}))
        for bad in (None, 1, "x", {"a": 1}, [[[]]]):
            out.append((f"{key} = {bad!r}", {**good, key: bad}))
    out.append(("state = 'x'", {**good, "state": "x"}))
    out.append(("changedPropIds = {}", {**good, "changedPropIds": {}}))
    out.append(("changedPropIds = [[]]", {**good, "changedPropIds": [[]]}))
    if good["inputs"]:
        out.append(("one input too many", {**good, "inputs": [*good["inputs"],
                                                               good["inputs"][0]]}))
        out.append(("one input too few", {**good, "inputs": good["inputs"][:-1]}))
        out.append(("inputs of another component", {**good, "inputs": [
            {"id": "nope", "property": "value", "value": 1} for _ in good["inputs"]]}))
        out.append(("input property renamed", {**good, "inputs": [
            {**i, "property": "zzz"} if isinstance(i, dict) else [{**i[0], "property": "zzz"}]
            for i in good["inputs"]]}))
        out.append(("input id nested", {**good, "inputs": [
            {**i, "id": {"type": {"x": [1]}}} if isinstance(i, dict) else [
                {**i[0], "id": {"type": {"x": [1]}}}] for i in good["inputs"]]}))
        out.append(("input as a string", {**good, "inputs": ["x" for _ in good["inputs"]]}))
    return [(name, bad) for name, bad in out if bad != good]


def components(tree) -> list[dict]:
    """Every component with an id in a layout (as JSON): {'id', 'props'}."""
    found = []

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict) and "props" in node and "type" in node:
            props = node["props"]
            if "id" in props:
                found.append({"id": props["id"], "props": props})
            for value in props.values():
                walk(value)
    walk(tree)
    return found


def _matches(component_id, spec_id: str) -> bool:
    pattern = _pattern(spec_id)
    if pattern is None:
        return component_id == spec_id
    return (isinstance(component_id, dict) and component_id.keys() == pattern.keys()
            and all(isinstance(v, list) or component_id[k] == v for k, v in pattern.items()))


def load_bodies(layout, callback_map: dict) -> list[dict]:
    """The bodies of the callbacks a page fires when `layout` is on screen: those whose inputs
    are all in it (one body per matching component of a MATCH pattern)."""
    comps = components(layout)
    bodies = []
    for key, cb in callback_map.items():
        if key == ROUTER or not cb["inputs"] or not cb["on_load"]:
            continue
        first = [c for c in comps if _matches(c["id"], cb["inputs"][0]["id"])]
        if not first or not all(any(_matches(c["id"], s["id"]) for c in comps)
                                for s in cb["inputs"]):
            continue
        for anchor in first[:3]:
            def value_of(spec, comps=comps):
                match = next((c for c in comps if _matches(c["id"], spec["id"])), None)
                return None if match is None else match["props"].get(spec["property"])
            bodies.append(_with_all_matches(body(key, cb, value_of, anchor["id"]), key, cb,
                                            comps))
    return bodies


def _with_all_matches(out: dict, key: str, cb: dict, comps: list[dict]) -> dict:
    # An ALL pattern lists every matching component on the page, as the renderer does.
    def every(spec, with_value):
        return [{"id": c["id"], "property": spec["property"],
                 **({"value": c["props"].get(spec["property"])} if with_value else {})}
                for c in comps if _matches(c["id"], spec["id"])]

    outputs = split_callback_id(key)
    if isinstance(outputs, list):
        out["outputs"] = [every(o, False) if isinstance(item, list) else item
                          for o, item in zip(outputs, out["outputs"], strict=True)]
    for name, specs in (("inputs", cb["inputs"]), ("state", cb["state"])):
        out[name] = [every(sp, True) if isinstance(item, list) else item
                     for sp, item in zip(specs, out[name], strict=True)]
    return out


def layout_of(response):
    """The layout the pages router answered with."""
    return response.get_json()["response"]["_pages_content"]["children"]
