"""The small Dutch HTML pages the auth routes answer with (login, logout, refusals), rendered by
Jinja with autoescaping; they use the app's stylesheet and the same header as the Dash pages."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

BRAND = "Monitor onderwijs–jeugdhulp"

TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} — {{ brand }}</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="stylesheet" href="/assets/account.css">
</head>
<body>
<a href="#main" class="skip-link">Naar de inhoud</a>
<header class="site-header">
<a href="/" class="brand">{{ brand }}</a>
<nav aria-label="Hoofdmenu">
{%- for label, href in nav %}<a href="{{ href }}">{{ label }}</a>{% endfor -%}
</nav>
</header>
<main id="main" tabindex="-1" class="auth-page">
<h1>{{ title }}</h1>
{% block main %}{% endblock %}
</main>
</body>
</html>
""",
    "login.html": """{% extends "base.html" %}{% block main %}
{% if who %}
<p>U bent ingelogd als {{ who }}.</p>
<p><a href="{{ volgende }}">Verder</a> · <a href="/uitloggen">Uitloggen</a></p>
{% else %}
<p>Inloggen is alleen nodig om afspraken, duiding en werkgebieden te wijzigen.
De cijfers zijn voor iedereen te bekijken.</p>
{% if error %}<p class="auth-error" role="alert">{{ error }}</p>{% endif %}
<form method="post" action="/inloggen" class="auth-form">
<input type="hidden" name="volgende" value="{{ volgende }}">
<label for="email">E-mailadres</label>
<input id="email" name="email" type="email" autocomplete="username" required
 value="{{ email }}"{% if not email %} autofocus{% endif %}>
<label for="wachtwoord">Wachtwoord</label>
<input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password"
 required{% if email %} autofocus{% endif %}>
<button type="submit">Inloggen</button>
</form>
<p class="caption">Geen account of wachtwoord vergeten? Vraag het de beheerder van de monitor
in uw regio.</p>
{% endif %}
{% endblock %}""",
    "logout.html": """{% extends "base.html" %}{% block main %}
{% if who %}
<p>U bent ingelogd als {{ who }}.</p>
<form method="post" action="/uitloggen" class="auth-form">
<input type="hidden" name="volgende" value="{{ volgende }}">
<button type="submit">Uitloggen</button>
</form>
<p><a href="{{ volgende }}">Terug zonder uit te loggen</a></p>
{% else %}
<p>U bent niet ingelogd.</p>
<p><a href="{{ volgende }}">Verder</a> · <a href="/inloggen">Inloggen</a></p>
{% endif %}
{% endblock %}""",
    "refused.html": """{% extends "base.html" %}{% block main %}
<p role="alert">{{ message }}</p>
<p><a href="/">Naar de startpagina</a></p>
{% endblock %}""",
}

_env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)


def who(account: dict | None) -> str | None:
    """How the header names the logged-in account: "Naam (organisatie)"."""
    if account is None:
        return None
    organisation = account.get("organisation")
    return account["name"] + (f" ({organisation})" if organisation else "")


def page(template: str, *, title: str, nav=(), account: dict | None = None, **context) -> str:
    """A whole HTML page from one of `TEMPLATES`."""
    return _env.get_template(template).render(title=title, brand=BRAND, nav=nav,
                                              who=who(account), **context)
