"""Crafted Dash callback requests for the werkgebied, duiding and beheer tests: the body the
renderer would post to /_dash-update-component, built from the served app's own
/_dash-dependencies, with any values a hostile client likes."""

from __future__ import annotations

import json

import requests


def stringify(component_id) -> str:
    """A component id as Dash writes it in prop ids (JSON with sorted keys for dict ids)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def dependencies(base_url: str) -> list[dict]:
    return requests.get(base_url + "/_dash-dependencies", timeout=30).json()


def _outputs(output: str) -> list[dict]:
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    out = []
    for part in parts:
        ident, _, prop = part.rpartition(".")
        out.append({"id": json.loads(ident) if ident.startswith("{") else ident,
                    "property": prop.split("@")[0]})
    return out


def _fires(spec: dict, trigger_id) -> bool:
    """Whether a callback input is the triggering component (or its pattern)."""
    if spec["id"].startswith("{"):
        return isinstance(trigger_id, dict) and json.loads(spec["id"])["type"] == trigger_id[
            "type"]
    return spec["id"] == trigger_id


def body(deps: list[dict], output_part: str, values: dict, trigger) -> dict:
    """The request body for the callback whose output names `output_part` and that `trigger`
    fires.

    `values` maps `(component id, property)` to a value; for a pattern-matching input or state
    the key's id is the pattern's "type" and the value a list of (concrete id dict, value).
    `trigger` is the (id, prop) that fired. Anything not given is sent as None (an empty list
    for patterns).
    """
    trigger_id, trigger_prop = trigger
    dep = next(d for d in deps if output_part in d["output"]
               and any(_fires(spec, trigger_id) for spec in d["inputs"]))

    def item(spec):
        value = values.get((spec["id"], spec["property"]))
        if spec["id"].startswith("{"):
            # A pattern-matching input or state: also found under its id's "type".
            value = value or values.get((json.loads(spec["id"])["type"], spec["property"]))
            return [{"id": i, "property": spec["property"], "value": v} for i, v in value or []]
        return {"id": spec["id"], "property": spec["property"], "value": value}

    return {"output": dep["output"], "outputs": _outputs(dep["output"]),
            "inputs": [item(s) for s in dep["inputs"]], "state": [item(s) for s in dep["state"]],
            "changedPropIds": [f"{stringify(trigger_id)}.{trigger_prop}"]}


def answer_text(response: requests.Response) -> str:
    """Every string in a callback answer, joined (the Dutch message a user would read)."""
    if response.status_code == 204:
        return ""
    strings: list[str] = []

    def walk(node):
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(response.json().get("response", {}))
    return " ".join(strings)
