"""Components and figures as plain JSON data, for callbacks to return and caches to keep. A
response that holds objects makes plotly's JSON encoder walk every value in Python (30 ms for
the map's boundaries, 14 ms for a profile table); plain data is encoded by orjson at once."""

from __future__ import annotations


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
