"""The werkgebied pages: made in the browser from an SWV shortcut and by typing gemeenten, their
figures equal to the warehouse's rule over the stored members, edit with a conflict, delete and
restore; crafted callback requests for every kind of user; hostile names stay inert."""

from __future__ import annotations

import pytest

from dashboard import formatting, queries, store
from tests.afspraken import crafted
from tests.afspraken.conftest import ACCOUNTS, login

pytestmark = pytest.mark.browser
ANCHOR = "AMSTERDAM-DIEMEN"
HOSTILE = ("<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> "
           "=HYPERLINK(\"http://example.invalid\",\"klik\") مرحبا بالعالم 👩‍👩‍👧")
CELLS_JS = """() => Array.from(document.querySelectorAll('table.werkgebied-table > tbody > tr'))
    .map(tr => [tr.querySelector(':scope > th a').innerText.trim(),
                tr.querySelector(':scope > td.self-col strong').innerText.trim()])"""


def _werkgebieden() -> list[dict]:
    with store.session(readonly=True) as s:
        return store.werkgebieden.list(s, include_deleted=True)


def _named(name: str) -> dict:
    return next(w for w in _werkgebieden() if w["name"] == name)


def _history_size() -> int:
    with store.session(readonly=True) as s:
        return len(store.history.recent(s, limit=100_000))


def _make(name: str, members=(("GM0363", 1.0), ("GM0384", 1.0)), description="") -> dict:
    with store.session() as s:
        return store.werkgebieden.create(s, actor_id=store.rights.SYSTEM, data={
            "name": name, "description": description,
            "members": [{"gemeente_code": c, "weight": w} for c, w in members]})


def expected_cells(members: list[dict]) -> dict[str, str]:
    """Indicator label -> the werkgebied's latest value as the page must show it, computed
    here with queries.werkgebied_values over the same members."""
    df = queries.werkgebied_values(members).drop_duplicates(["indicator_id", "period"])
    latest = df.sort_values("period").groupby("indicator_id").tail(1)
    out = {}
    for ind in queries.indicators().to_dict("records"):
        rows = latest[latest["indicator_id"] == ind["indicator_id"]].to_dict("records")
        out[ind["label"]] = formatting.figure(rows[0], ind, cell=True) if rows \
            else "geen gegevens"
    return out


def _page_cells(p) -> dict[str, str]:
    p.locator("table.werkgebied-table").wait_for()
    return dict(p.evaluate(CELLS_JS))


def _save_and_open(page) -> None:
    p = page.page
    p.click("#werkgebied-save")
    p.wait_for_url("**/werkgebied/WG*")
    p.locator("table.werkgebied-table").wait_for()
    page.settle()


def _weight_field(code: str) -> str:
    return f'[id=\'{{"gemeente":"{code}","type":"werkgebied-member-weight"}}\']'


# --- in the browser ---------------------------------------------------------------------------

def test_werkgebied_from_an_swv_shortcut_has_the_swv_figures(page, served):
    """'Alle gemeenten van PO2707' brings its members with their weights; the saved werkgebied
    shows queries.werkgebied_values for them, which equals the SWV's own figures."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/werkgebied/nieuw")
    assert page.axe_violations() == []
    p.fill("#werkgebied-name", "OOGO-tafel PO2707")
    p.fill("#werkgebied-shortcut-text", "PO2707")
    p.click("#werkgebied-shortcut-add")
    p.locator("#werkgebied-member-feedback").filter(has_text="2 gemeenten van PO2707").wait_for()
    p.locator("#werkgebied-member-table").filter(has_text="Diemen").wait_for()
    table = p.inner_text("#werkgebied-member-table")
    assert "Amsterdam" in table and "Diemen" in table
    assert "telt voor 97% mee: het deel van de jongeren (0-17 jaar) van deze gemeente dat in " \
           "PO2707 woont" in table
    _save_and_open(page)

    wg = _named("OOGO-tafel PO2707")
    swv = queries.region_member_list("PO2707")
    assert wg["members"] == [{"gemeente_code": r["gemeente_code"], "weight": r["weight"]}
                             for r in swv.to_dict("records")]
    cells = _page_cells(p)
    assert cells == expected_cells(wg["members"])
    own = queries.region_table("PO2707")
    own = own[own["role"] == "region"]
    labels = dict(zip(queries.indicators()["indicator_id"], queries.indicators()["label"],
                      strict=True))
    inds = {i["indicator_id"]: i for i in queries.indicators().to_dict("records")}
    assert {labels[r["indicator_id"]]: formatting.figure(r, inds[r["indicator_id"]], cell=True)
            for r in own.to_dict("records")} == cells
    text = p.inner_text("#main")
    assert "Σ gewicht × teller / Σ gewicht × noemer" in text and "interval (1,3–1,4%)" in text
    assert "Werkgebied t.o.v. het land" in text
    assert "2 van 2" in text and "gemeentelijke indeling 2024" in text
    page.assert_clean()
    assert page.axe_violations() == []


def test_werkgebied_by_typing_two_gemeenten_with_a_weight(page, served):
    """Amsterdam typed by name (any case) and Zaanstad by code with weight 0,5: the stored
    members and the figures on the page follow."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/werkgebied/nieuw")
    p.fill("#werkgebied-name", "Wijkteam Amsterdam-Zaanstad")
    p.fill("#werkgebied-member-text", "amsterdam")
    p.press("#werkgebied-member-text", "Enter")
    p.locator("#werkgebied-member-table").filter(has_text="Amsterdam").wait_for()
    p.fill("#werkgebied-member-text", "GM0479")
    p.click("#werkgebied-member-add")
    p.locator("#werkgebied-member-table").filter(has_text="Zaanstad").wait_for()
    assert p.input_value("#werkgebied-member-text") == ""
    p.fill(_weight_field("GM0479"), "0,5")
    p.press(_weight_field("GM0479"), "Tab")
    _save_and_open(page)

    wg = _named("Wijkteam Amsterdam-Zaanstad")
    assert wg["members"] == [{"gemeente_code": "GM0363", "weight": 1.0},
                             {"gemeente_code": "GM0479", "weight": 0.5}]
    assert _page_cells(p) == expected_cells(wg["members"])
    text = p.inner_text("#main")
    assert "telt voor 50% mee" in text and "Rik Redacteur" in text
    with store.session(readonly=True) as s:
        entry = store.werkgebieden.history(s, wg["id"])[0]
    assert entry["action"] == "create" and entry["actor_id"] == served.accounts["redacteur"]["id"]
    page.assert_clean()
    assert page.axe_violations() == []


def test_unknown_and_ambiguous_gemeenten_are_explained_and_nothing_is_saved(page, served):
    """A name that fits no gemeente or several gets a Dutch message; saving without members
    is refused by the validation, and no werkgebied is stored."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/werkgebied/nieuw")
    before = len(_werkgebieden())
    p.fill("#werkgebied-member-text", "Atlantis; Berg")
    p.click("#werkgebied-member-add")
    feedback = p.locator("#werkgebied-member-feedback")
    feedback.filter(has_text="Geen gemeente gevonden voor ‘Atlantis’").wait_for()
    assert "‘Berg’ past bij meer gemeenten" in feedback.inner_text()
    p.fill("#werkgebied-name", "Leeg")
    p.click("#werkgebied-save")
    p.locator("#werkgebied-feedback").filter(has_text="minstens één gemeente").wait_for()
    assert len(_werkgebieden()) == before
    page.assert_clean()


def test_accent_insensitive_names_find_the_gemeente(served):
    """'sudwest fryslan' finds Súdwest-Fryslân, a common name its gemeente ('den haag'); a
    comma inside a name is kept together."""
    from dashboard.pages.werkgebied import members

    assert members.resolve("sudwest fryslan")[0] == "GM1900"
    assert members.resolve("den haag") == ("GM0518", None)
    assert members.resolve("Den Bosch")[0] == "GM0796"
    codes, problems = members.parse("Nuenen, Gerwen en Nederwetten, Zaanstad")
    assert codes == ["GM0820", "GM0479"] and problems == []


def test_edit_after_someone_else_saved_shows_both_versions(page, new_page, served, http):
    """Two people edit the same werkgebied: the second save is refused as a conflict that
    shows the stored and the attempted version, and the first one's change stays."""
    wg = _make("Tafel voor conflict")
    first = new_page(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    second = new_page(http.browser_cookies(ACCOUNTS["beheerder"]["email"]))
    for editor in (first, second):
        editor.open(f"/werkgebied/{wg['code']}/bewerken")
    assert _named("Tafel voor conflict")["version"] == 1  # opening a form saves nothing
    first.page.fill("#werkgebied-name", "Tafel van de eerste")
    _save_and_open(first)
    second.page.fill("#werkgebied-name", "Tafel van de tweede")
    second.page.click("#werkgebied-save")
    feedback = second.page.locator("#werkgebied-feedback")
    feedback.filter(has_text="Iemand anders heeft dit intussen gewijzigd").wait_for()
    conflict = feedback.locator("table.conflict-table").inner_text()
    assert "Tafel van de eerste" in conflict and "Tafel van de tweede" in conflict
    stored = _named("Tafel van de eerste")
    assert stored["version"] == 2
    first.assert_clean()
    second.assert_clean()


def test_delete_and_restore_in_the_browser(page, served):
    """Verwijderen marks the werkgebied deleted (listed apart on /werkgebieden); Herstellen
    brings it back; both are in its history."""
    wg = _make("Tafel om te verwijderen")
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open(f"/werkgebied/{wg['code']}")
    p.locator("table.werkgebied-table").wait_for()
    p.get_by_role("button", name="Verwijderen", exact=True).click()
    p.locator("#werkgebied-action-feedback").filter(has_text="is verwijderd").wait_for()
    assert _named("Tafel om te verwijderen")["deleted_at"] is not None
    listing = page.open("/werkgebieden")
    assert "Verwijderde werkgebieden" in listing.inner_text("#main")
    assert page.axe_violations() == []
    p = page.open(f"/werkgebied/{wg['code']}")
    p.get_by_role("button", name="Herstellen", exact=True).click()
    p.locator("#werkgebied-action-feedback").filter(has_text="is hersteld").wait_for()
    assert _named("Tafel om te verwijderen")["deleted_at"] is None
    with store.session(readonly=True) as s:
        actions = [e["action"] for e in store.werkgebieden.history(s, wg["id"])]
    assert actions == ["restore", "delete", "create"]
    page.assert_clean()


def test_list_shows_members_and_who_changed_it_last(page, served):
    """/werkgebieden lists name, code, members and the last change; anonymous visitors get a
    login link instead of 'Nieuw werkgebied'."""
    wg = _make("Tafel voor de lijst")
    p = page.open("/werkgebieden")
    row = p.locator("table.werkgebied-list tr", has_text="Tafel voor de lijst").inner_text()
    assert wg["code"] in row and "Amsterdam" in row and "Diemen" in row
    assert "systeem (CLI)" in row
    assert p.locator("a[href='/werkgebied/nieuw']").count() == 0
    assert p.locator("a[href^='/inloggen']", has_text="Log in").count() >= 1
    page.assert_clean()
    assert page.axe_violations() == []


def test_hostile_name_and_description_are_inert(page, served):
    """Script, img onerror, a spreadsheet formula, RTL text with emoji and 10,000 characters
    show as plain text on the werkgebied page and the list; nothing runs."""
    long = ("Lange omschrijving. " * 500)[:10_000]
    wg = _make(HOSTILE, description=HOSTILE + "\n\n" + long)
    for path, where in ((f"/werkgebied/{wg['code']}", "h1"),
                        (f"/werkgebied/{wg['code']}", ".werkgebied-page .user-text >> nth=0"),
                        ("/werkgebieden", "table.werkgebied-list th:has-text('HYPERLINK')")):
        p = page.open(path)
        assert p.evaluate("() => window.__pwned === undefined")
        assert p.locator("main script, main img[onerror]").count() == 0
        text = p.locator(where).inner_text()
        assert "<script>window.__pwned=1</script>" in text
        assert "=HYPERLINK(" in text and "مرحبا بالعالم" in text and "👩‍👩‍👧" in text
    p = page.open(f"/werkgebied/{wg['code']}")
    assert p.locator(".werkgebied-page .user-text").nth(1).text_content() == long
    page.assert_clean()


# --- crafted requests through the real server ---------------------------------------------------

ACTORS = ["anonymous", "redacteur", "ander", "beheerder"]
ALLOWED = {"anonymous": False, "redacteur": True, "ander": False, "beheerder": True}
REFUSAL = {"anonymous": "Log in om te kunnen wijzigen.",
           "ander": "U mag alleen wijzigen voor uw eigen regio's"}


def _cookies(http, actor: str) -> dict:
    return {} if actor == "anonymous" else http.session_cookie(ACCOUNTS[actor]["email"])


def _save_body(deps, form: dict, name: str) -> dict:
    return crafted.body(deps, "werkgebied-feedback.children", {
        ("werkgebied-save", "n_clicks"): 1, ("werkgebied-form", "data"): form,
        ("werkgebied-name", "value"): name, ("werkgebied-description", "value"): "gemaakt",
        ("werkgebied-members", "data"): [{"gemeente_code": "GM0363", "weight": 1.0},
                                         {"gemeente_code": "GM0384", "weight": 1.0}],
    }, ("werkgebied-save", "n_clicks"))


def _delete_body(deps, wg: dict) -> dict:
    button = {"action": "delete", "page": "werkgebied", "type": "write-action"}
    return crafted.body(deps, "werkgebied-actions.children", {
        ("write-action", "n_clicks"): [(button, 1)],
        ("werkgebied-state", "data"): {"id": wg["id"], "version": wg["version"]},
    }, (button, "n_clicks"))


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", ["create", "edit", "delete"])
def test_crafted_werkgebied_writes_follow_the_rights(served, http, actor, action):
    """A crafted callback as anonymous, redacteur of GM0363, redacteur of GM0479 or beheerder:
    allowed ones change the werkgebied, refused ones answer in Dutch and change nothing."""
    deps = crafted.dependencies(served.url)
    wg = _make(f"{ANCHOR} {action} {actor}")
    name = f"Gewijzigd door {actor} ({action})"
    request = {"create": lambda: _save_body(deps, {"id": None, "code": None, "version": None},
                                            name),
               "edit": lambda: _save_body(deps, {"id": wg["id"], "code": wg["code"],
                                                 "version": wg["version"]}, name),
               "delete": lambda: _delete_body(deps, wg)}[action]()
    cookies = _cookies(http, actor)  # a first login writes a history row of its own
    before, history = _werkgebieden(), _history_size()
    response = http.update(request, cookies)
    assert response.status_code == 200, response.text[:500]
    answer = crafted.answer_text(response)
    after = _werkgebieden()
    if not ALLOWED[actor]:
        assert REFUSAL[actor] in answer
        assert after == before and _history_size() == history
    elif action == "create":
        assert len(after) == len(before) + 1 and after[-1]["name"] == name
    elif action == "edit":
        assert _named(name)["version"] == 2 and _history_size() == history + 1
    else:
        assert next(w for w in after if w["id"] == wg["id"])["deleted_at"] is not None
