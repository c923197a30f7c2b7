"""Layout as plain component data, for the long lists: building a Dash component object costs
about 0.1 ms, so a list of 500 agreements (some 8,000 elements) would spend most of its time
there. The dicts are exactly what the components serialise to, so the browser renders them the
same way, and text in them stays text (React never parses it as HTML)."""

from __future__ import annotations

HTML, CORE = "dash_html_components", "dash_core_components"


def el(tag: str, children=None, **props) -> dict:
    """An html.<tag> element: el('Td', 'tekst', className='num')."""
    if children is not None:
        props["children"] = children
    return {"type": tag, "namespace": HTML, "props": props}


def link(children, href: str, **props) -> dict:
    """A dcc.Link (navigation inside the app without reloading the page)."""
    return {"type": "Link", "namespace": CORE, "props": {"children": children, "href": href,
                                                        **props}}


def plain(value):
    """A component tree (or a list of them) as plain data, recursively."""
    if hasattr(value, "to_plotly_json"):
        out = value.to_plotly_json()
        out["props"] = {k: plain(v) for k, v in out["props"].items()}
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
