"""Limits on every input the dashboard takes from a client (query string, path, callback bodies,
typed text), declared once, with the Dutch words for going past them. Parsers and callbacks
check against these before doing any work; nothing here reads the warehouse."""

from __future__ import annotations

# Query string and path (every page, checked centrally by dashboard.guard).
QUERY_VALUE_CHARS = 200        # any one value; region names are at most 77 characters
QUERY_PARAMETERS = 20          # distinct parameters in one address

# Values with a known shape.
REGION_CODE_CHARS = 12         # codes are 4 to 6 characters (GM0363, PO2707, JZ01)
INDICATOR_ID_CHARS = 40        # ids are at most 28 characters
PERIOD_CHARS = 9               # 2023, 2023-H1, 2023/2024
SEARCH_TEXT_CHARS = 80         # a typed region name or code
PAGE_NUMBER = 10_000           # list pages (afspraken)
COMPARE_REGIONS = 6            # regions side by side on /vergelijk
COMPARE_INDICATORS = 30        # indicators on /vergelijk (the catalogue has fewer)
MEMBER_NAMES = 100             # gemeenten typed at once into a werkgebied's member field
SUGGESTIONS = 8                # regions suggested for an unknown code

# Callback requests (POST /_dash-update-component).
# An agreements upload may be 2 MiB (dashboard.afspraken.spreadsheet.MAX_BYTES), 2.8 MB as the
# base64 data URL it travels in; a little over that still reaches the page's own Dutch refusal.
CALLBACK_BODY_BYTES = 4_000_000
CALLBACK_ITEMS = 1_000         # components matched by one ALL pattern

# Rendering reports and images (dashboard.export.renders): per client, and per process.
REPORTS_PER_CLIENT = "4 per minute"     # a report is ~3 s of Chromium
IMAGES_PER_CLIENT = "30 per minute"     # an image is ~0.3 s
RENDER_QUEUE = 1               # renders waiting for a free renderer, per process
RENDER_WAIT_SECONDS = 10.0     # how long one waits


def too_long(what: str, limit: int) -> str:
    """The Dutch message for a value longer than its limit."""
    return f"{what} is te lang: hoogstens {limit} tekens. De waarde is genegeerd."


def repeated(name: str, first: str) -> str:
    """The Dutch message for a query parameter given more than once."""
    return (f"‘{name}’ staat meer dan eens in het adres; alleen de eerste waarde "
            f"(‘{first}’) is gebruikt.")


def text(value, limit: int) -> str | None:
    """`value` when it is a string within `limit` characters, else None: a callback's guard
    against a list, a number or a megabyte where the browser sends a short string."""
    return value if isinstance(value, str) and len(value) <= limit else None


def mapping(value) -> dict:
    """`value` when it is a dict, else an empty one (a store the client sent back tampered)."""
    return value if isinstance(value, dict) else {}


def records(value, *keys: str) -> list[dict]:
    """The dicts in `value` (a list a store sent back) that have every one of `keys`."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and all(k in v for k in keys)]
