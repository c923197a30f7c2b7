"""The app factory: `create_app(warehouse, database_url)` returns the Dash app; `server` is for
gunicorn (`gunicorn dashboard.app:server`, warehouse from $AOJ_WAREHOUSE or
data/warehouse.duckdb, app database from $AOJ_DATABASE_URL or app.sqlite beside the warehouse)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, html

from dashboard import auth, db, guard, health, store
from dashboard.components import shell

HERE = Path(__file__).parent


def _layout() -> html.Div:
    return shell.page_shell(dash.page_container)


def create_app(warehouse: Path | None = None, database_url: str | None = None) -> Dash:
    if warehouse is not None:
        db.configure(warehouse)
    database_url = database_url or store.database_url(db.warehouse_path())
    store.configure(database_url)
    store.upgrade(database_url)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Monitor onderwijs–jeugdhulp",
        suppress_callback_exceptions=True,
        serve_locally=True,
        on_error=guard.callback_failed,
    )
    import dashboard.export.callbacks  # noqa: F401  (registers the export callbacks globally)

    app.layout = _layout
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">')
    auth.init_app(app.server, warehouse_path=db.warehouse_path(), database_url=database_url,
                  script_hashes=app.csp_hashes)
    health.init_app(app.server)
    guard.init_app(app)
    # Dash sets itself up (registers its component suites, collects the callbacks) on its first
    # request, marking that done before doing it: in a threaded worker the requests arriving
    # meanwhile found no suites registered and got a 500, so a first visitor saw a blank page.
    # Set up now, before the worker serves anything.
    with app.server.test_request_context("/"):
        app._setup_server()
    return app


def __getattr__(name: str):
    # Built on first access so importing this module needs no warehouse.
    if name == "server":
        app = create_app()
        globals()["server"] = app.server
        return app.server
    raise AttributeError(name)
