"""Agreements and duiding beside the figures: the 'Afspraken' section of the gemeente, SWV and
jeugdregio pages, duiding on the profile, region and indicator pages and in their CSV/XLSX,
and hostile duiding text inert everywhere; against a fresh app database filled through the
store (tests/dashboard/seed_notes.py)."""

from __future__ import annotations

import csv
import io
import sys
from types import SimpleNamespace

import openpyxl
import pytest

from dashboard import ids, queries, store
from dashboard.components import agreements as ag
from dashboard.components import duiding as dn
from dashboard.export import data as export_data
from dashboard.export import registry
from dashboard.pages.region import overview
from tests.dashboard.layout_text import layout_text
from tests.dashboard.seed_notes import ADMIN, CODE, HOSTILE, SWV, seed


@pytest.fixture(scope="module")
def notes(app, tmp_path_factory):
    """A fresh sqlite app database with agreements and duiding, configured for the process
    (the session app and its server read it) while this module runs."""
    previous = store.current_url()
    url = f"sqlite:///{tmp_path_factory.mktemp('notes-db') / 'app.sqlite'}"
    made = seed(url)
    yield made
    store.configure(previous)
    store.dispose(url)


@pytest.fixture
def logged_in(app, monkeypatch):
    """Layout code run inside a request of the beheerder (the account as auth returns it)."""
    from dashboard import auth

    with store.session(readonly=True) as s:
        account = store.accounts.user_by_email(s, ADMIN["email"])
    monkeypatch.setattr(auth, "current_account", lambda: account)
    with app.server.test_request_context("/"):
        yield account


def _find(component, wanted_id):
    if isinstance(component, (list, tuple)):
        return next((f for c in component if (f := _find(c, wanted_id)) is not None), None)
    if isinstance(component, dict) and "props" in component:  # a component as plain data
        component = SimpleNamespace(**component["props"])
    elif not hasattr(component, "to_plotly_json"):
        return None
    if getattr(component, "id", None) == wanted_id:
        return component
    return _find(getattr(component, "children", None), wanted_id)


def _profile(code: str = CODE) -> tuple[list, list]:
    """The profile's domain tables as its callbacks draw them, and the rows they draw."""
    from dashboard.pages.gemeente import callbacks, table

    state = {"code": code, "reference": "nederland", "sort": "domein"}
    return ([callbacks.draw_domain(d, state) for d in ("jeugdhulp", "onderwijs", "context")],
            table.rows(code, "nederland"))


def _export(tables: list, page: str, name: str) -> dict:
    """The data the server builds for the export key in chart `name`'s store."""
    return registry.build(page, name, _find(tables, ids.chart_data(page, name)).data).data


def _csv(store_data: dict) -> list[dict]:
    content = export_data.to_csv(store_data).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content), delimiter=";"))


def _xlsx(store_data: dict) -> openpyxl.Workbook:
    content = export_data.to_xlsx(store_data, queries.export_definitions(store_data))
    return openpyxl.load_workbook(io.BytesIO(content))


def _indicator_store(indicator: str, region: str = CODE, level: str = "gemeente") -> dict:
    from dashboard.pages.indicator import state

    view = state.parse(indicator, region, level)
    return {"indicator": indicator, "level": level, "period": view.period, "sort": "naam"}


# --- the 'Afspraken' section ------------------------------------------------------------------

def test_gemeente_section_lists_its_agreements_with_badges_and_links(notes):
    """Schiermonnikoog's section lists the agreement measured there, the one it is a party to
    and the one without targets, each with its computed status as a badge and a link."""
    body = ag.section_body(CODE)
    text = layout_text(body)
    computed = {a["id"]: a for a in ag.statuses(ag.region_agreements(CODE))}
    assert set(computed) == set(notes["agreements"].values())
    for agreement_id, a in computed.items():
        assert f"[/afspraak/{agreement_id}]" in text and a["title"] in text
    badges = [layout_text(c) for c in _walk(body)
              if "status-badge" in (getattr(c, "className", "") or "")]
    assert sorted(badges) == sorted(ag.STATUS_MARKS[a["status"]] + a["status"]
                                    for a in computed.values())
    assert badges[0] == "!achter"                            # behind ones first
    assert "Gemeten in PO2101" in text and "doel 6,0% in 2027" in text
    assert "laatste cijfer 8,8% (2024, voorlopig, voorbeeldcijfer)" in text


def _walk(node):
    if isinstance(node, (list, tuple)):
        for n in node:
            yield from _walk(n)
    elif hasattr(node, "to_plotly_json"):
        yield node
        yield from _walk(getattr(node, "children", None))


def test_swv_section_has_its_own_agreement_only(notes):
    """PO2101's section holds the agreement measured there and the one it is a party to, and
    none of Schiermonnikoog's own agreement without it."""
    text = layout_text(ag.section_body(SWV))
    assert "Passend onderwijs dichtbij huis" in text
    assert "Minder jongeren in de jeugdhulp" in text      # PO2101 is a party to it
    assert "Eén loket voor ouders" not in text


def test_empty_section_tells_anonymous_readers_who_adds_agreements(notes):
    """A jeugdregio without agreements says editors add them, and offers no add link."""
    text = layout_text(ag.section_body("JZ02"))
    assert "Afspraken worden toegevoegd door de redacteuren van de regio" in text
    assert "/afspraak/nieuw" not in text


def test_empty_section_invites_a_logged_in_user_to_add_one(notes, logged_in):
    """Logged in, the empty section links to the form for that region."""
    text = layout_text(ag.section_body("JZ02"))
    assert "Afspraak toevoegen[/afspraak/nieuw?regio=JZ02]" in text


@pytest.mark.parametrize("kind, code", [("swv", SWV), ("jeugdregio", "JZ02")])
def test_region_pages_draw_the_section_frame_and_fill_it_on_load(notes, kind, code):
    """The SWV and jeugdregio pages place the section's frame; its callback fills it."""
    layout = sys.modules["pages.region.page"].region_layout(kind, code)
    assert _find(layout, ids.AGREEMENTS_STATE).data == {"region": code}
    assert "worden geladen" in layout_text(_find(layout, ids.AGREEMENTS_BODY))
    assert ag.fill_section({"region": code})


def test_gemeente_page_draws_the_section_frame(notes):
    """The profile's layout has the section, filled by its own callback."""
    layout = sys.modules["pages.gemeente.page"].layout(code=CODE)
    assert _find(layout, ids.AGREEMENTS_STATE).data == {"region": CODE}


# --- duiding on the three page types ----------------------------------------------------------

def test_profile_rows_show_the_duiding_of_their_period_as_text(notes):
    """The jeugdhulp row shows the 2024 duiding (hostile markup as plain text) with author,
    organisation and Dutch date, and the SWV's; not the one about 2019."""
    tables, _rows = _profile()
    text = layout_text(tables)
    assert HOSTILE["script"] in text and "SWV-duiding: meer hulp via de wijkteams" in text
    assert "Bea Beheer (Gemeente Test)" in text and "over 2024" in text
    assert "Duiding over een oud jaar" not in text
    assert HOSTILE["rtl"] in text and HOSTILE["long"] in text
    assert "Duiding toevoegen" not in text                     # anonymous


def test_profile_offers_duiding_toevoegen_to_a_logged_in_user(notes, logged_in):
    """Logged in, every row links to the duiding form with region, indicator and period."""
    tables, rows = _profile()
    text = layout_text(tables)
    row = next(r for r in rows if r["indicator_id"] == "jeugdhulp")
    assert (f"Duiding toevoegen[/duiding/nieuw?regio={CODE}&indicator=jeugdhulp&periode="
            f"{row['period']}]") in text


def test_profile_reads_duiding_once_per_table(notes, monkeypatch):
    """Drawing the profile's three domain tables asks the store for duiding once each."""
    calls = []
    original = store.duiding.for_figures
    monkeypatch.setattr(store.duiding, "for_figures",
                        lambda *a, **k: calls.append(k) or original(*a, **k))
    _profile()
    assert len(calls) == 3 and all(CODE in c["region_codes"] for c in calls)


def test_region_overview_rows_show_region_and_member_duiding(notes):
    """PO2101's overview shows its own duiding and its member Schiermonnikoog's."""
    text = layout_text(overview.fill_overview({"code": SWV}))
    assert "SWV-duiding: meer hulp via de wijkteams" in text
    assert f"Gemeente Schiermonnikoog{HOSTILE['script']}" in text


def test_indicator_page_shows_the_chosen_regions_duiding_and_agreements(notes):
    """For Schiermonnikoog the jeugdhulp page shows every duiding (2024 and 2019), its
    agreements on jeugdhulp with badges, the table's duiding count and the targets drawn on
    the trend."""
    from dashboard.pages.indicator import callbacks

    store_data = _indicator_store("jeugdhulp")
    markup, _exports, region_notes = callbacks.redraw_table("Schiermonnikoog (GM0088)", store_data)
    text = " ".join(str(c["props"].get("children")) for c in _dicts(region_notes))
    assert HOSTILE["script"] in text
    assert "Duiding over een oud jaar" in text and "Duiding van Schiermonnikoog" in text
    assert "1 duiding</a>" in markup
    figure, caption, _t, _d, agreements = callbacks.redraw_trend("Schiermonnikoog (GM0088)",
                                                                store_data)
    names = [t.get("name", "") for t in figure["data"]]
    assert any(n.startswith("Doel: Minder jongeren in de jeugdhulp") for n in names)
    assert any(n.startswith("Doel: Passend onderwijs") for n in names)
    assert "2027" in figure["layout"]["xaxis"]["categoryarray"]
    assert "streefwaarde van een afspraak" in caption
    text = str(agreements)
    assert "Minder jongeren in de jeugdhulp" in text and "status-badge" in text
    assert "Eén loket voor ouders" not in text                 # no target on jeugdhulp


def test_indicator_table_keeps_users_text_out_of_its_raw_html(notes):
    """The table is raw HTML for speed: users' duiding is only counted there, never copied."""
    from dashboard.pages.indicator import callbacks

    markup, _exports, _notes = callbacks.redraw_table("", _indicator_store("jeugdhulp"))
    assert "window.__pwned" not in markup and "1 duiding" in markup


def _dicts(node):
    if isinstance(node, dict):
        yield node
        for v in node.get("props", {}).values():
            yield from _dicts(v)
    elif isinstance(node, list):
        for n in node:
            yield from _dicts(n)


# --- exports ----------------------------------------------------------------------------------

def test_profile_export_has_the_duiding_column_with_neutralised_text(notes):
    """The profile's jeugdhulp table exports the duiding per region; a formula-like duiding
    starts with a quote in CSV and is no formula in Excel; Toelichting explains the column."""
    tables, _ = _profile()
    data = _export(tables, "gemeente", "tabel-jeugdhulp")
    rows = _csv(data)
    own = next(r for r in rows if r["Indicator-id"] == "jeugdbescherming"
               and r["Regiocode"] == CODE)
    assert own["Duiding"].startswith("'=HYPERLINK(") and "Bea Beheer (Gemeente Test)" in own[
        "Duiding"]
    swv = next(r for r in rows if r["Indicator-id"] == "jeugdhulp" and r["Regiocode"] == SWV)
    assert swv["Duiding"].startswith("SWV-duiding") and " — Bea Beheer (Gemeente Test), " in swv[
        "Duiding"]
    wb = _xlsx(data)
    _assert_no_formula(wb)
    cells = [c.value for row in wb["Gegevens"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("'=HYPERLINK(") for v in cells)
    notes_text = " ".join(str(c.value) for row in wb["Toelichting"].iter_rows() for c in row
                          if c.value)
    assert export_data.DUIDING_NOTE in notes_text
    assert any(r["Geheim"] == "ja" and r["Waarde"] == "geheim" for r in rows)


def test_profile_export_keeps_the_long_and_rtl_text_whole(notes):
    """The 10,000-character and the right-to-left duiding arrive whole in the CSV."""
    tables, _ = _profile()
    rows = _csv(_export(tables, "gemeente", "tabel-onderwijs"))
    cells = {r["Indicator-id"]: r["Duiding"] for r in rows if r["Regiocode"] == CODE}
    assert cells["vsv"].startswith(HOSTILE["long"]) and cells["thuiszitters_4wk"].startswith(
        HOSTILE["rtl"])


def test_region_export_has_the_duiding_column(notes):
    """PO2101's overview export carries its own and its members' duiding."""
    table = overview.fill_overview({"code": SWV})
    data = _export(table, ids.REGION_PAGE, "overzicht")
    rows = _csv(data)
    assert any(r["Regiocode"] == SWV and r["Duiding"].startswith("SWV-duiding") for r in rows)
    assert any(r["Regiocode"] == CODE and r["Duiding"].startswith("'=HYPERLINK(")
               for r in rows)
    _assert_no_formula(_xlsx(data))


def test_indicator_table_export_has_the_duiding_column(notes):
    """The indicator table's CSV/Excel carry the duiding of each region at that period."""
    from dashboard.pages.indicator import callbacks

    _markup, table, _notes = callbacks.redraw_table("", _indicator_store("jeugdbescherming"))
    key = next(c["props"]["data"] for c in _dicts(table) if c.get("type") == "Store")
    data = registry.build("indicator", "tabel", key).data
    rows = _csv(data)
    mine = next(r for r in rows if r["Regiocode"] == CODE)
    assert mine["Duiding"].startswith("'=HYPERLINK(")
    assert sum(bool(r["Duiding"]) for r in rows) == 1
    wb = _xlsx(data)
    _assert_no_formula(wb)


def _assert_no_formula(wb: openpyxl.Workbook) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_xlsx_cells_are_cut_at_excels_limit_and_lose_control_characters():
    """A text longer than Excel allows is shortened with a note; control characters that XLSX
    cannot hold are dropped instead of failing the download."""
    data = {"title": "t", "caption": "c", "columns": ["label", "duiding"],
            "rows": [["a", "x" * 40_000], ["b", "bel\x07 en\x00 nul"]]}
    ws = _xlsx(data)["Gegevens"]
    values = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    long = next(v for v in values if v and v.startswith("xxx"))
    assert len(long) == export_data.XLSX_CELL_MAX and long.endswith("in de monitor)")
    assert "bel en nul" in values


# --- in the browser ---------------------------------------------------------------------------

def test_profile_in_the_browser_shows_badges_and_inert_duiding(notes, page):
    """The profile shows the section with badges and the duiding as text: no script runs, no
    element is injected; the console stays empty and axe finds nothing serious."""
    p = page.open(f"/gemeente/{CODE}")
    p.wait_for_selector(".agreement-list .status-badge")
    assert p.locator(".agreements-section .status-badge").count() == 3
    assert p.locator(f".agreements-section a[href='/afspraak/{notes['agreements']['own']}']"
                     ).count() == 1
    note = p.locator("table.profile-table details.duiding-note").first
    note.locator("summary").click()
    assert HOSTILE["script"] in p.locator("table.profile-table").first.inner_text()
    assert p.evaluate("() => window.__pwned") is None
    assert p.locator("main img[src='x'], main script").count() == 0
    rtl = p.locator(".duiding-text", has_text="مرحبا")
    assert rtl.get_attribute("dir") == "auto"
    page.assert_clean()
    assert page.axe_violations() == []


def test_region_and_indicator_pages_in_the_browser_are_clean(notes, page):
    """The SWV page with its section and notes, and the indicator page with the chosen region's
    duiding and agreements, load clean and pass axe."""
    p = page.open(f"/swv/{SWV}")
    p.wait_for_selector(".agreements-section .status-badge")
    page.assert_clean()
    assert page.axe_violations() == []
    p = page.open(f"/indicator/jeugdhulp?regio={CODE}&niveau=gemeente")
    p.wait_for_selector(".duiding-panel")
    assert "Duiding over een oud jaar" in p.locator(".duiding-panel").inner_text()
    assert p.locator(".indicator-agreements .status-badge").count() == 2
    assert p.evaluate("() => window.__pwned") is None
    page.assert_clean()
    assert page.axe_violations() == []


def test_logged_in_editor_sees_the_add_links(notes, page, base_url):
    """After logging in, the profile offers 'Duiding toevoegen' and an empty jeugdregio
    section 'Afspraak toevoegen'."""
    p = page.page
    p.goto(f"{base_url}/inloggen?volgende=/gemeente/{CODE}")
    p.fill("#email", ADMIN["email"])
    p.fill("#wachtwoord", ADMIN["password"])
    p.locator("form.auth-form button[type=submit], form.auth-form input[type=submit]").click()
    p.wait_for_url(f"**/gemeente/{CODE}")
    page.settle()
    p.wait_for_selector("table.profile-table a.duiding-add", state="attached")
    assert p.locator("a.duiding-add").count() >= len(queries.indicators())
    assert p.locator(f"a.duiding-add[href*='regio={CODE}&indicator=jeugdhulp&']").count() == 1
    page.open("/jeugdregio/JZ02")
    p.wait_for_selector(".agreements-empty")
    assert p.locator("a.agreement-add[href='/afspraak/nieuw?regio=JZ02']").count() == 1
    page.assert_clean()


def test_duiding_byline_says_who_when_and_which_period():
    """The byline names author, organisation, the Dutch date and the period."""
    d = {"author_name": "An", "organisation": "SWV", "period": "2022/2023",
         "updated_at": "2026-12-01T23:30:00+00:00"}
    assert dn.byline(d) == "An (SWV), 02-12-2026, over schooljaar 2022/2023"
    assert dn.export_text([{**d, "text": "Tekst"}]) == (
        "Tekst — An (SWV), 02-12-2026, over schooljaar 2022/2023")


def test_a_duiding_written_after_a_page_was_drawn_shows_on_the_next_draw(notes):
    """The drawn profile table and region overview are cached, but a new duiding redraws them."""
    from dashboard.pages.gemeente import callbacks

    state = {"code": "GM0363", "reference": "nederland", "sort": "domein"}
    text = "Duiding na het tekenen: nieuwe wijkteams"
    assert text not in layout_text(callbacks.draw_domain("jeugdhulp", state))
    assert text not in layout_text(overview.fill_overview({"code": "PO2707"}))
    with store.session() as s:
        for region in ("GM0363", "PO2707"):
            store.duiding.create(s, actor_id=notes["admin"], data={
                "indicator_id": "jeugdhulp", "region_code": region, "period": None,
                "text": text, "author_name": ADMIN["name"],
                "organisation": ADMIN["organisation"]})
    assert text in layout_text(callbacks.draw_domain("jeugdhulp", state))
    assert text in layout_text(overview.fill_overview({"code": "PO2707"}))
