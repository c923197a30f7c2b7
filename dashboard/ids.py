"""Every component id of the dashboard, in one place. Pattern-matching ids are built here too."""

from __future__ import annotations

URL = "url"
DEMO_BANNER = "demo-banner"
SEARCH = "search"
SEARCH_RESULTS = "search-results"


def page(page_name: str, name: str) -> str:
    """A plain id owned by one page: 'indicator-level'."""
    return f"{page_name}-{name}"


def chart(page_name: str, name: str) -> dict:
    """A chart's id; export callbacks match every chart with {'type': 'chart', ...}."""
    return {"type": "chart", "page": page_name, "name": name}


def chart_data(page_name: str, name: str) -> dict:
    """The store holding a chart's underlying data and caption, read by the export callbacks."""
    return {"type": "chart-data", "page": page_name, "name": name}
