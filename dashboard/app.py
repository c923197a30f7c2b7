"""The app factory: `create_app(warehouse)` returns the Dash app; `server` is for gunicorn
(`gunicorn dashboard.app:server`, warehouse from $AOJ_WAREHOUSE or data/warehouse.duckdb)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, html

from dashboard import db
from dashboard.components import shell

HERE = Path(__file__).parent


def _layout() -> html.Div:
    return shell.page_shell(dash.page_container)


def create_app(warehouse: Path | None = None) -> Dash:
    if warehouse is not None:
        db.configure(warehouse)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Monitor onderwijs–jeugdhulp",
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    import dashboard.export.callbacks  # noqa: F401  (registers the export callbacks globally)

    app.layout = _layout
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">')
    return app


def __getattr__(name: str):
    # Built on first access so importing this module needs no warehouse.
    if name == "server":
        app = create_app()
        globals()["server"] = app.server
        return app.server
    raise AttributeError(name)
