"""The app's defences against hostile requests, installed once by `init_app`: every page's
query string is cleaned before its layout sees it (a repeated parameter gives its first value,
an overlong value is dropped, each with a Dutch note on the page), a callback body that does not
match the callback it names is answered 400 before Dash reads it, and a callback that still
fails on a hostile value answers "no update" (logged with its traceback, never sent).

Limits live in `dashboard.limits`; what a value means is checked by the page that reads it."""

from __future__ import annotations

import functools
import json
import logging

import dash
from dash import Dash, html
from dash._utils import clean_property_name, split_callback_id
from dash.exceptions import InvalidCallbackReturnValue
from flask import Response, request

from dashboard import limits

log = logging.getLogger(__name__)

WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])
MULTI_WILDCARDS = (["ALL"], ["ALLSMALLER"])
ID_VALUE_TYPES = (str, int, float, bool)
# Dash's pages router (dash.dash: _ID_CONTENT, _ID_STORE); its first input is the pathname.
PAGES_ROUTER = ".._pages_content.children..._pages_store.data.."
# Properties whose type the browser fixes; anything else in them is a forged request.
PROPERTY_TYPES = {"n_clicks": int, "n_submit": int, "n_blur": int, "n_intervals": int,
                  "pathname": str, "search": str, "hash": str, "href": str}


def init_app(app: Dash) -> None:
    """Clean every page's parameters and check callback bodies (`callback_failed` is given to
    Dash as `on_error` when the app is made)."""
    for page in dash.page_registry.values():
        if callable(page.get("layout")) and not hasattr(page["layout"], "guarded"):
            page["layout"] = guarded_layout(page["layout"])
    path = app.config.routes_pathname_prefix + "_dash-update-component"
    app.server.before_request(functools.partial(refuse_malformed_callback, app, path))
    app.server.register_error_handler(InvalidCallbackReturnValue, _outputs_not_as_sent)


# --- query string ----------------------------------------------------------------------------

def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def clean_parameters(params: dict) -> tuple[dict, list[str]]:
    """(parameters as single short strings, Dutch notes about what was changed or dropped).
    Dash passes a parameter given twice as a list; its first value is kept."""
    clean, notes = {}, []
    for i, (name, value) in enumerate(params.items()):
        if i == limits.QUERY_PARAMETERS:
            notes.append(f"Het adres heeft meer dan {limits.QUERY_PARAMETERS} parameters; "
                         "de rest is genegeerd.")
            break
        if len(name) > limits.QUERY_VALUE_CHARS:
            notes.append(limits.too_long("Een parameternaam", limits.QUERY_VALUE_CHARS))
            continue
        if isinstance(value, list):
            value = value[0] if value else ""
            notes.append(limits.repeated(_short(name), _short(str(value))))
        if isinstance(value, str) and len(value) > limits.QUERY_VALUE_CHARS:
            notes.append(limits.too_long(f"De waarde van ‘{_short(name)}’",
                                         limits.QUERY_VALUE_CHARS))
            continue
        clean[name] = value
    return clean, notes


def guarded_layout(layout):
    """`layout` called with cleaned parameters; the notes shown above what it returns."""
    @functools.wraps(layout)
    def wrapper(**params):
        clean, notes = clean_parameters(params)
        shown = layout(**clean)
        if not notes:
            return shown
        return html.Div([html.Div([html.P(n) for n in notes], className="notice",
                                  role="status"), shown])
    wrapper.guarded = True
    return wrapper


# --- callback bodies -------------------------------------------------------------------------

def refuse_malformed_callback(app: Dash, path: str):
    """400 for a callback request whose body is not the shape of the callback it names."""
    if request.method != "POST" or request.path != path:
        return None
    if (request.content_length or 0) > limits.CALLBACK_BODY_BYTES:
        return _refused("het verzoek is te groot", 413)
    try:
        body = request.get_json(silent=True)  # cached: Dash reads the same parsed body
    except RecursionError:
        body = None
    reason = body_problem(body, app.callback_map, app.config.requests_pathname_prefix)
    return None if reason is None else _refused(reason)


def _outputs_not_as_sent(error: InvalidCallbackReturnValue) -> Response:
    # An ALL pattern's outputs listed by the client, not as many as the callback returns: the
    # body named other components than the page has. Dash raises after the callback ran.
    log.warning("callback outputs do not match the request: %s", str(error)[:200])
    return _refused("outputs passen niet bij de callback")


def _refused(reason: str, status: int = 400) -> Response:
    return Response(f"Ongeldig verzoek: {reason}.", status=status,
                    mimetype="text/plain; charset=utf-8")


def body_problem(body, callback_map: dict, path_prefix: str = "/") -> str | None:
    """What is wrong with a callback body (in Dutch), or None when it fits its callback."""
    if not isinstance(body, dict):
        return "geen JSON-object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "onbekende callback"
    cb = callback_map[output]
    spec_outputs = split_callback_id(output)
    if not _fits_all(body.get("outputs"), spec_outputs, multi=isinstance(spec_outputs, list),
                     values=False):
        return "outputs passen niet bij de callback"
    for key, specs in (("inputs", cb["inputs"]), ("state", cb["state"])):
        if not _fits_all(body.get(key, [] if key == "state" else None), specs, multi=True,
                         values=True):
            return f"{key} passen niet bij de callback"
    path = body["inputs"][0].get("value") if output == PAGES_ROUTER else path_prefix
    if not (isinstance(path, str) and path.startswith(path_prefix)):
        return "geen pad van deze site"
    changed = body.get("changedPropIds", [])
    if not (isinstance(changed, list) and len(changed) <= limits.CALLBACK_ITEMS
            and all(isinstance(c, str) for c in changed)):
        return "changedPropIds is geen lijst van namen"
    return None


def _fits_all(items, specs, *, multi: bool, values: bool) -> bool:
    if not multi:
        items, specs = [items], [specs]
    if not isinstance(items, list) or len(items) != len(specs):
        return False
    return all(_fits(item, spec, values) for item, spec in zip(items, specs, strict=True))


@functools.lru_cache(maxsize=1024)
def _pattern(spec_id: str) -> dict | None:
    return json.loads(spec_id) if spec_id.startswith("{") else None


def _fits(item, spec: dict, values: bool) -> bool:
    prop = clean_property_name(spec["property"])
    pattern = _pattern(spec["id"])
    if pattern is None:
        return _fits_one(item, prop, values) and item.get("id") == spec["id"]
    if any(v in MULTI_WILDCARDS for v in pattern.values()):
        return (isinstance(item, list) and len(item) <= limits.CALLBACK_ITEMS
                and all(_fits_one(i, prop, values) and _fits_pattern(i["id"], pattern)
                        for i in item))
    return _fits_one(item, prop, values) and _fits_pattern(item["id"], pattern)


def _fits_one(item, prop: str, values: bool) -> bool:
    if not (isinstance(item, dict) and isinstance(item.get("property"), str)
            and clean_property_name(item["property"]) == prop):
        return False
    value = item.get("value")
    if values and prop == "id":  # a component's own id: the renderer sends it as it is
        return value == item.get("id")
    if not values or value is None or prop not in PROPERTY_TYPES:
        return True
    return isinstance(value, PROPERTY_TYPES[prop]) and not isinstance(value, bool)


def _fits_pattern(id_, pattern: dict) -> bool:
    if not isinstance(id_, dict) or id_.keys() != pattern.keys():
        return False
    return all(isinstance(id_[k], ID_VALUE_TYPES) if v in WILDCARDS else id_[k] == v
               for k, v in pattern.items())


# --- what slips through ----------------------------------------------------------------------

def callback_failed(error: Exception) -> None:
    """Dash's on_error: a callback that raised answers "no update"; the traceback goes to the
    log, not to the client."""
    log.error("callback %s failed", (request.get_json(silent=True) or {}).get("output"),
              exc_info=error)
