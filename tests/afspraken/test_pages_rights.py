"""Who may create, edit and delete an agreement, through the real server path: the save and
delete callbacks' requests are recorded once from the browser, then replayed as anonymous,
redacteur of the region, redacteur of another region and beheerder (and with forged ids).
Refusals answer with the Dutch reason and leave the database as it was."""

from __future__ import annotations

import copy
import json
import re

import pytest

from dashboard import store
from tests.afspraken.conftest import ACCOUNTS, record_update
from tests.conftest import Page

pytestmark = pytest.mark.browser
ACTORS = ("anoniem", "redacteur", "ander", "beheerder")
ALLOWED = {"anoniem": False, "redacteur": True, "ander": False, "beheerder": True}
REFUSAL = {"anoniem": "Log in om te kunnen wijzigen.",
           "ander": "U mag alleen wijzigen voor uw eigen regio's (GM0479)"}


def _new_agreement(title: str, region: str = "GM0363") -> dict:
    with store.session() as s:
        return store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
            "title": title, "text": "", "region_code": region, "parties": [], "partners": [],
            "targets": [], "manual_status": "op koers", "manual_justification": "Gestart.",
            "oogo_date": None, "review_date": None, "ambitie_id": None})


def _get(agreement_id: int) -> dict:
    with store.session(readonly=True) as s:
        return store.agreements.get(s, agreement_id, include_deleted=True)


def _history(agreement_id: int) -> int:
    with store.session(readonly=True) as s:
        return len(store.agreements.history(s, agreement_id))


def _titled(title: str) -> list[dict]:
    with store.session(readonly=True) as s:
        return [a for a in store.agreements.list(s, include_deleted=True) if a["title"] == title]


def _set(body: dict, component_id, value, prop: str = "value") -> dict:
    """The body with the state of `component_id`.`prop` replaced (exactly one must match)."""
    body = copy.deepcopy(body)
    hits = [item for item in body["state"] if isinstance(item, dict)
            and item.get("id") == component_id and item.get("property") == prop]
    assert len(hits) == 1, f"{component_id} not once in the recorded state"
    hits[0]["value"] = value
    return body


def _said(response) -> str:
    """The callback's answer as text (Dash escapes '/' in its JSON)."""
    return json.dumps(response.json(), ensure_ascii=False)


def _cookies(http, actor: str) -> dict:
    return {} if actor == "anoniem" else http.session_cookie(ACCOUNTS[actor]["email"])


@pytest.fixture(scope="module")
def recorded(served, http, browser):
    """The bodies of one real save (new), save (edit) and delete, as the browser sent them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.add_cookies(http.browser_cookies(ACCOUNTS["beheerder"]["email"]))
    page = Page(context.new_page(), served.url)
    p = page.open("/afspraak/nieuw?regio=GM0363")
    p.fill("#afspraak-form-title", "Opgenomen nieuwe afspraak")
    p.fill("#afspraak-form-manual-status", "op koers")
    p.fill("#afspraak-form-manual-justification", "Net begonnen.")
    page.settle()
    create = record_update(page, lambda: p.click("#afspraak-form-save"), "afspraak-form-goto")
    p.wait_for_url(re.compile(r".*/afspraak/\d+$"))
    target = _new_agreement("Opname bewerken")
    page.open(f"/afspraak/{target['id']}/bewerken")
    p.fill("#afspraak-form-title", "Opname bewerkt")
    page.settle()
    edit = record_update(page, lambda: p.click("#afspraak-form-save"), "afspraak-form-goto")
    p.wait_for_url(f"**/afspraak/{target['id']}")
    page.settle()
    delete = record_update(page, lambda: p.click("button:has-text('Verwijderen')"),
                           "afspraak-body")
    context.close()
    assert _get(target["id"])["deleted_at"], "the recorded delete did not delete"
    return {"create": create, "edit": edit, "delete": delete}


@pytest.mark.parametrize("actor", ACTORS)
def test_create_is_allowed_only_with_a_right_on_the_region(recorded, http, actor):
    """A new agreement for GM0363 is saved for its redacteur and the beheerder only."""
    title = f"Nieuw via de server door {actor}"
    body = _set(recorded["create"], "afspraak-form-title", title)
    r = http.update(body, _cookies(http, actor))
    assert r.status_code == 200
    assert len(_titled(title)) == (1 if ALLOWED[actor] else 0)
    if ALLOWED[actor]:
        assert f"/afspraak/{_titled(title)[0]['id']}" in _said(r)
    else:
        assert "Niet opgeslagen" in _said(r) and REFUSAL[actor] in _said(r)


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_is_allowed_only_with_a_right_on_the_region(recorded, http, actor):
    """An edit of a GM0363 agreement changes it for its redacteur and the beheerder only."""
    before = _new_agreement(f"Te bewerken door {actor}")
    body = _set(recorded["edit"], "afspraak-form-state",
                {"mode": "edit", "id": before["id"], "version": before["version"],
                 "targets": [], "region": "GM0363"}, prop="data")
    body = _set(body, "afspraak-form-title", f"Bewerkt door {actor}")
    r = http.update(body, _cookies(http, actor))
    assert r.status_code == 200
    after = _get(before["id"])
    if ALLOWED[actor]:
        assert after["title"] == f"Bewerkt door {actor}" and after["version"] == 2
    else:
        assert after == before and _history(before["id"]) == 1
        assert REFUSAL[actor] in _said(r)


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_is_allowed_only_with_a_right_on_the_region(recorded, http, actor):
    """A delete of a GM0363 agreement happens for its redacteur and the beheerder only."""
    before = _new_agreement(f"Te verwijderen door {actor}")
    body = _set(recorded["delete"], "afspraak-state",
                {"id": before["id"], "version": before["version"]}, prop="data")
    r = http.update(body, _cookies(http, actor))
    assert r.status_code == 200
    after = _get(before["id"])
    if ALLOWED[actor]:
        assert after["deleted_at"] and "De afspraak is verwijderd." in _said(r)
    else:
        assert after == before and _history(before["id"]) == 1
        assert REFUSAL[actor] in _said(r)


def test_forged_id_of_another_regions_agreement_is_refused(recorded, http):
    """The redacteur of GM0363 cannot edit or delete a GM0479 agreement by changing its id."""
    other = _new_agreement("Van Zaanstad", region="GM0479")
    cookies = _cookies(http, "redacteur")
    edit = _set(recorded["edit"], "afspraak-form-state",
                {"mode": "edit", "id": other["id"], "version": 1, "targets": [],
                 "region": "GM0479"}, prop="data")
    edit = _set(edit, "afspraak-form-title", "Overgenomen")
    delete = _set(recorded["delete"], "afspraak-state", {"id": other["id"], "version": 1},
                  prop="data")
    for body in (edit, delete):
        r = http.update(body, cookies)
        assert r.status_code == 200 and "U mag alleen wijzigen" in _said(r)
    assert _get(other["id"]) == other and _history(other["id"]) == 1


def test_garbled_state_gets_a_dutch_message_not_a_server_error(recorded, http):
    """A state that is not the form's own (wrong types, stale version) is answered in Dutch."""
    cookies = _cookies(http, "beheerder")
    target = _new_agreement("Verouderd formulier")
    for state in (None, "x", {"mode": "edit", "id": "1; DROP TABLE afspraken", "version": 1},
                  {"mode": "edit", "id": target["id"], "version": "twee"}):
        r = http.update(_set(recorded["edit"], "afspraak-form-state", state, prop="data"),
                        cookies)
        assert r.status_code == 200 and "Niet opgeslagen" in _said(r)
    stale = _set(recorded["delete"], "afspraak-state", {"id": target["id"], "version": 7},
                 prop="data")
    r = http.update(stale, cookies)
    assert r.status_code == 200 and "intussen gewijzigd" in _said(r)
    assert _get(target["id"]) == target
