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


# --- export ---

EXPORT_FORMATS = ("png", "svg", "csv", "xlsx")


def export_button(page_name: str, name: str, fmt: str) -> dict:
    """A chart's or table's export button; `fmt` is one of EXPORT_FORMATS."""
    return {"type": f"export-{fmt}", "page": page_name, "name": name}


def export_download(page_name: str, name: str, kind: str) -> dict:
    """The dcc.Download of a chart's images (`kind='image'`) or data (`kind='data'`)."""
    return {"type": f"export-download-{kind}", "page": page_name, "name": name}


def report_button(region_code: str) -> dict:
    """The 'Download OOGO-rapport (PDF)' button of a gemeente or SWV page."""
    return {"type": "report-button", "region": region_code}


def report_download(region_code: str) -> dict:
    return {"type": "report-download", "region": region_code}


def report_message(region_code: str) -> dict:
    """The status line beside the report button (why no report was made)."""
    return {"type": "report-message", "region": region_code}


def export_message(page_name: str, name: str) -> dict:
    """The status line beside a chart's export buttons (why no image was made)."""
    return {"type": "export-message", "page": page_name, "name": name}


# --- indicator ---

INDICATOR_PAGE = "indicator"
INDICATOR_LEVEL = "indicator-level"
INDICATOR_REGION = "indicator-region"
INDICATOR_PERIOD = "indicator-period"
INDICATOR_STATE = "indicator-state"          # {'indicator': id}: the page's fixed path variable
INDICATOR_URL_SYNC = "indicator-url-sync"    # dummy output of the clientside URL writer
INDICATOR_PERCENTILE = "indicator-percentile"
COMPARE_PAGE = "vergelijk"
COMPARE_REGIONS = "vergelijk-regions"
COMPARE_INDICATORS = "vergelijk-indicators"
COMPARE_MESSAGE = "vergelijk-message"
COMPARE_CHARTS = "vergelijk-charts"
COMPARE_URL_SYNC = "vergelijk-url-sync"


# --- profile ---

REGION_PAGE = "regio"
RECENT = "recent-regions"          # dcc.Store(storage_type='local'): recently viewed regions
CURRENT_REGION = "current-region"  # {'code', 'name', 'level', 'href'} of the open profile page
RECENT_LIST = "recent-list"
PROFILE_REDIRECT = "profile-redirect"    # store with the successor path a dissolved code goes to
PROFILE_REDIRECT_DONE = "profile-redirect-done"
REGION_URL = "regio-url"                 # the region page's own Location (refresh=False)


def region_indicator(indicator_id) -> dict:
    """A toggle button of the region page's indicator picker (pattern-matching with ALL)."""
    return {"type": "regio-indicator", "indicator": indicator_id}


# --- INTEGRATION: agreements and duiding beside the figures ---

AGREEMENTS_STATE = "afspraken-sectie-state"  # {'region': code} of a page's 'Afspraken' section
AGREEMENTS_BODY = "afspraken-sectie"         # filled with the section's list on load
INDICATOR_REGION_NOTES = "indicator-region-notes"  # duiding of the chosen region (indicator page)
INDICATOR_AGREEMENTS = "indicator-agreements"      # agreements on the indicator (chosen region)
AGREEMENTS_HEADING = "afspraken"   # the section's heading, also its anchor (#afspraken)
INDICATOR_NOTES = "regio-duiding"  # the chosen region's notes, indicator page (#regio-duiding)


# --- PAGES-B: werkgebieden, duiding, beheer ---

WERKGEBIED_PAGE = "werkgebied"
DUIDING_PAGE = "duiding"
BEHEER_PAGE = "beheer"


def werkgebied_member(kind: str, gemeente_code: str) -> dict:
    """A member row of the werkgebied form: its weight field (`kind='weight'`) or its remove
    button (`kind='remove'`)."""
    return {"type": f"werkgebied-member-{kind}", "gemeente": gemeente_code}


def beheer_account(action: str, email: str) -> dict:
    """A per-account button on /beheer: action 'disable', 'enable' or 'reset'."""
    return {"type": "beheer-account", "action": action, "email": email}


def write_action(page_name: str, action: str) -> dict:
    """A write button of a detail page ('delete', 'restore'): pattern-matching, so a callback
    can listen with ALL while only one of them is on the page."""
    return {"type": "write-action", "page": page_name, "action": action}


# --- PAGES-A: agreements (afspraken, ambities) ---

AFSPRAKEN_PAGE = "afspraken"   # /afspraken: the list
AFSPRAAK_PAGE = "afspraak"     # /afspraak/<id>: one agreement; also its forms
AMBITIE_PAGE = "ambitie"       # /ambitie/nieuw, /ambitie/<id>/bewerken


def afspraak_target(field: str, index: int) -> dict:
    """A field of target `index` in the agreement form (field: indicator_id, baseline_period,
    target_value, target_period, milestones); pattern-matching with ALL and MATCH."""
    return {"type": "afspraak-target", "field": field, "index": index}


def afspraak_target_part(part: str, index: int) -> dict:
    """A non-input part of a target in the form: 'fieldset', 'baseline', 'preview', 'remove'."""
    return {"type": f"afspraak-target-{part}", "index": index}


def form_error(form: str, field: str) -> dict:
    """The error text beside a form field ('targets[0].target_value' for a target's field)."""
    return {"type": "form-error", "form": form, "field": field}


def afspraak_action(action: str) -> dict:
    """A write button of the agreement page ('delete', 'restore'): one callback listens with
    ALL, as only one of them is on the page at a time."""
    return {"type": "afspraak-action", "action": action}
