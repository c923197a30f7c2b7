"""The page shell around every page: skip link, header with navigation and who is logged in,
the demonstration banner, and the footer with build information."""

from __future__ import annotations

from dash import dcc, html

from dashboard import auth, formatting, ids, queries

NAV = (("Start", "/"), ("Afspraken", "/afspraken"), ("Werkgebieden", "/werkgebieden"),
       ("Vergelijken", "/vergelijk"), ("Over de cijfers", "/over"))


def demo_banner() -> html.Div | None:
    if not queries.build_info()["contains_demo"]:
        return None
    return html.Div(
        [html.Strong(formatting.DEMO_LABEL),
         html.Span(" — de getoonde cijfers zijn gegenereerd om de monitor te laten zien. "),
         dcc.Link("Meer hierover", href="/over#voorbeeldcijfers")],
        id=ids.DEMO_BANNER, className="demo-banner", role="note",
    )


def account_bar() -> html.Div:
    # Plain links, not dcc.Link: /inloggen and /uitloggen are Flask routes, not Dash pages.
    account = auth.current_account()
    if account is None:
        return html.Div(html.A("Inloggen", href="/inloggen"), className="account")
    admin = [dcc.Link("Beheer", href="/beheer"), " · "] if account["role"] == "beheerder" else []
    return html.Div([html.Span(f"Ingelogd als {auth.who(account)}"), " · ", *admin,
                     html.A("Uitloggen", href="/uitloggen")], className="account")


def footer() -> html.Footer:
    info = queries.build_info()
    kind = "voorbeeldcijfers" if info["contains_demo"] else "bron: " + str(info["base_source"])
    return html.Footer(
        f"Gegevens gebouwd op {formatting.date_long(info['built_at'])} · {kind} · indeling "
        f"{info['latest_classification_year']} · {info['code_version']}",
        className="site-footer",
    )


def page_shell(content) -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        html.A("Naar de inhoud", href="#main", className="skip-link"),
        html.Header([
            dcc.Link("Monitor onderwijs–jeugdhulp", href="/", className="brand"),
            html.Nav([dcc.Link(label, href=href) for label, href in NAV],
                     **{"aria-label": "Hoofdmenu"}),
            account_bar(),
        ], className="site-header"),
        demo_banner(),
        html.Main(content, id="main", tabIndex="-1"),
        footer(),
    ])
