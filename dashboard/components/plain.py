"""Components and figures as plain JSON data, for callbacks to return and caches to keep. A
response that holds objects makes plotly's JSON encoder walk every value in Python (30 ms for
the map's boundaries, 14 ms for a profile table); plain data is encoded by orjson at once.
`tag` and `link` write such data directly, for tables drawn per request: making a Dash
component and turning it into data costs ~40 µs an element, writing the data ~1 µs."""

from __future__ import annotations

HTML, CORE = "dash_html_components", "dash_core_components"


def plain(value):
    """`value` with every Dash component and plotly figure in it turned into dicts."""
    if hasattr(value, "to_plotly_json"):
        out = value.to_plotly_json()
        if "props" in out and "namespace" in out:  # a Dash component: its children too
            out["props"] = {k: plain(v) for k, v in out["props"].items()}
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def tag(name: str, children=None, **props) -> dict:
    """The html element `name` as plain data: what `plain(html.<name>(children, **props))`
    gives. Props as Dash names them (className, tabIndex, 'data-label', 'aria-label')."""
    return {"type": name, "namespace": HTML, "props": {"children": plain(children), **props}}


def link(children, href: str, **props) -> dict:
    """A `dcc.Link` (navigation inside the app, no page load) as plain data."""
    return {"type": "Link", "namespace": CORE,
            "props": {"children": plain(children), "href": href, **props}}
