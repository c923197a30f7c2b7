"""Markup that the browser writes into the page as it came, for long runs of plain elements (an
indicator's table of 342 rows, a datalist of 342 suggestions): as Dash components, every element
is a React component that the renderer wraps and updates on each change of its state, which
costs the browser a large part of a second on such a page; as Markdown, parsing it does.

The markup is HTML that the server wrote and escaped (`html.escape` on every value): users' text
never goes into it. `holder(target)` is a store whose data is written into the element with id
`target` (`innerHTML`); that element has no children of its own, so React never touches what is
written there. A callback that redraws the markup returns it to `output(target)`."""

from __future__ import annotations

from dash import MATCH, Input, Output, State, clientside_callback, dcc

KIND = "markup"


def _id(target: str) -> dict:
    return {"type": KIND, "target": target}


def holder(target: str, markup: str | None = None) -> dcc.Store:
    """The store of the markup written into the element `target`."""
    return dcc.Store(id=_id(target), data=markup)


def output(target: str) -> Output:
    return Output(_id(target), "data")


clientside_callback(
    """
    function(markup, id) {
        const target = document.getElementById(id.target);
        if (target) { target.innerHTML = markup || ''; }
        return window.dash_clientside.no_update;
    }
    """,
    Output({"type": KIND, "target": MATCH}, "id"),
    Input({"type": KIND, "target": MATCH}, "data"),
    State({"type": KIND, "target": MATCH}, "id"),
)
