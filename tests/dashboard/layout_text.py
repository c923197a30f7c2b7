"""Test helper: the visible text of a Dash layout, to assert on layouts without a browser."""


def layout_text(component) -> str:
    """The visible text of a layout, with link targets and image alt texts in brackets."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return "".join(layout_text(c) for c in component)
    # A component, or a component as plain JSON data (what cached callbacks return).
    props = component["props"] if isinstance(component, dict) else component.to_plotly_json()[
        "props"]
    extra = "".join(f"[{props[k]}]" for k in ("href", "alt", "data") if props.get(k))
    return layout_text(props.get("children")) + extra
