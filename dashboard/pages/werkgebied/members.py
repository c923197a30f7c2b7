"""The members of a werkgebied as the form handles them: gemeenten found from typed names or
codes (accent- and case-insensitive), the members of an SWV or jeugdregio with their weights
(the shortcut), weights shown and read in Dutch, and the member table of the form."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dash import dcc, html

from dashboard import formatting, ids, limits, queries
from dashboard.components import profile as pc

CODE_IN_LABEL = re.compile(r"\(([A-Za-z]{2}\d{2,4})\)\s*$")
GM_CODE = re.compile(r"^(?:GM)?(\d{4})$", re.IGNORECASE)
SHORTCUT_LEVELS = ("swv_po", "swv_vo", "jeugdregio")
WEIGHT_TEXT = ("Gewicht: het deel van een gemeente dat meetelt (1 = de hele gemeente). Een "
               "gemeente die over meerdere samenwerkingsverbanden verdeeld is, telt in een SWV "
               "mee naar het deel van haar jongeren (0-17 jaar) dat in dat SWV woont; "
               "‘alle gemeenten van …’ neemt die gewichten over.")


@lru_cache(maxsize=8192)  # every lookup folds each gemeente's name
def fold(text: str) -> str:
    """Text for matching: accents, case, hyphens and extra spaces ignored."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[-‐‑–—_]", " ", text).replace("’", "'").replace("`", "'")
    return " ".join(text.split())


def gemeenten() -> list[dict]:
    """The gemeenten of the latest layout: region_code, region_name."""
    df = queries.regions("gemeente")
    return df[["region_code", "region_name"]].to_dict("records")


def label(code: str, name: str) -> str:
    return f"{name} ({code})"


def gemeente_name(code: str) -> str:
    found = queries.region(code)
    return found["region_name"] if found else code


def resolve(text: str, rows: list[dict] | None = None) -> tuple[str | None, str | None]:
    """(code, None) for a gemeente named, coded or called by a common name ('Den Haag') in
    `text`; (None, Dutch message) otherwise.
    `rows`: the gemeenten(), when the caller resolves many texts."""
    text = str(text or "").strip()
    if not text:
        return None, None
    rows = gemeenten() if rows is None else rows
    codes = {r["region_code"] for r in rows}
    match = CODE_IN_LABEL.search(text) or GM_CODE.match(text)
    if match:
        digits = match.group(1).upper()
        code = digits if digits.startswith("GM") else "GM" + digits[-4:]
        if code in codes:
            return code, None
        year = queries.latest_classification_year()
        return None, f"‘{text}’ is geen gemeente in de indeling {year}."
    wanted = fold(text)
    exact = [r for r in rows if fold(r["region_name"]) == wanted]
    if not exact:
        aliases = queries.region_aliases()
        named = {c for a, c in zip(aliases["alias"], aliases["region_code"], strict=True)
                 if c in codes and fold(a) == wanted}
        if len(named) == 1:
            return named.pop(), None
    found = exact or [r for r in rows if fold(r["region_name"]).startswith(wanted)] or [
        r for r in rows if wanted in fold(r["region_name"])]
    if len(found) == 1:
        return found[0]["region_code"], None
    if not found:
        return None, f"Geen gemeente gevonden voor ‘{text}’."
    names = ", ".join(label(r["region_code"], r["region_name"]) for r in found[:6])
    return None, f"‘{text}’ past bij meer gemeenten: {names}{' …' if len(found) > 6 else ''}."


def parse(text: str) -> tuple[list[str], list[str]]:
    """The gemeenten named in `text` (separated by ';', new lines or commas — a comma inside a
    name such as 'Nuenen, Gerwen en Nederwetten' is kept) and the Dutch messages for the rest."""
    codes, problems, rows = [], [], gemeenten()
    if len(re.findall(r"[;\n,]", str(text or ""))) >= limits.MEMBER_NAMES:
        return [], [f"Geef hoogstens {limits.MEMBER_NAMES} gemeenten tegelijk op."]
    for chunk in re.split(r"[;\n]", str(text or "")):
        parts = [p.strip() for p in chunk.split(",")]
        i = 0
        while i < len(parts):
            for j in range(min(len(parts), i + 2), i, -1):  # a name holds at most one comma
                code, _msg = resolve(", ".join(parts[i:j]), rows)
                if code:
                    codes.append(code)
                    i = j
                    break
            else:
                _code, msg = resolve(parts[i], rows)
                if msg:
                    problems.append(msg)
                i += 1
    return list(dict.fromkeys(codes)), problems


def shortcut_regions() -> list[dict]:
    """SWVs and jeugdregio's offered by 'alle gemeenten van …': region_code, label."""
    df = queries.regions()
    df = df[df["region_level"].isin(SHORTCUT_LEVELS)]
    out = []
    for r in df.to_dict("records"):
        kind = {"swv_po": "SWV PO", "swv_vo": "SWV VO", "jeugdregio": "jeugdregio"}[
            r["region_level"]]
        name = r["region_name"]
        out.append({"region_code": r["region_code"],
                    "label": f"{kind} {name}" if name.startswith(r["region_code"])
                    else f"{kind} {name} ({r['region_code']})"})
    return out


def shortcut_code(text: str) -> str | None:
    """The SWV or jeugdregio named by a shortcut label or code; None when it names none."""
    text = str(text or "").strip()
    if not text:
        return None
    options = shortcut_regions()
    by_code = {o["region_code"] for o in options}
    for token in re.findall(r"[A-Za-z]{2}\d{2,4}", text):
        if token.upper() in by_code:
            return token.upper()
    wanted = fold(text)
    found = [o for o in options if fold(o["label"]) == wanted or wanted in fold(o["label"])]
    return found[0]["region_code"] if len(found) == 1 else None


def region_members(code: str) -> list[dict]:
    """The members of a standard region with their weights, as werkgebied members."""
    df = queries.region_member_list(code)
    return [{"gemeente_code": r["gemeente_code"], "weight": float(r["weight"]), "from": code}
            for r in df.to_dict("records")]


def merge(current: list[dict], added: list[dict]) -> list[dict]:
    """`added` appended to `current`; a gemeente already present keeps its weight."""
    have = {m["gemeente_code"] for m in current}
    return [*current, *[m for m in added if m["gemeente_code"] not in have]]


def weight_text(weight) -> str:
    """1.0 -> '1'; 0.5180839 -> '0,5181' (as shown in the weight field)."""
    try:
        w = float(weight)
    except (TypeError, ValueError):
        return str(weight)
    if w == int(w):
        return str(int(w))
    return formatting.number(w, 4).rstrip("0").rstrip(",")


def weight_value(text, stored):
    """The weight to save: the stored number while the field still shows it, else the text as
    typed (the validation reads Dutch numbers and reports a wrong one)."""
    if text is None or str(text).strip() == weight_text(stored):
        return stored
    return str(text).strip()


def with_typed_weights(members: list[dict], typed: dict[str, str]) -> list[dict]:
    """The members with the weights as typed in the form's fields (by gemeente code)."""
    return [{**m, "weight": weight_value(typed.get(m["gemeente_code"]), m["weight"])}
            for m in members]


def split_region(gemeente_code: str, weight: float) -> str | None:
    """The SWV in which a split gemeente counts with exactly this weight, if there is one."""
    cmp = queries.comparison_regions(gemeente_code)
    found = cmp[cmp["role"].str.startswith("swv") & ((cmp["weight"] - weight).abs() < 1e-9)]
    return None if found.empty else str(found["region_code"].iloc[0])


def weight_note(member: dict) -> str:
    """Why a member counts for less than all of it, in words ('' for a whole gemeente)."""
    try:
        w = float(member["weight"])
    except (TypeError, ValueError):
        return ""
    if w >= 1:
        return ""
    region = member.get("from") or split_region(member["gemeente_code"], w)
    if region:
        return (f"telt voor {pc.share(w)} mee: het deel van de jongeren (0-17 jaar) van deze "
                f"gemeente dat in {region} woont")
    return f"telt voor {pc.share(w)} mee (een deel van de gemeente, zelf opgegeven)"


def member_table(members: list[dict]) -> html.Div:
    """The form's member list: name, code, weight field, its explanation, remove button."""
    if not members:
        return html.P("Nog geen gemeenten gekozen.", className="caption")
    rows = []
    for m in members:
        code, name = m["gemeente_code"], gemeente_name(m["gemeente_code"])
        field = ids.werkgebied_member("weight", code)
        rows.append(html.Tr([
            html.Th(name, scope="row"), html.Td(code),
            # Wrapped in its label: a pattern-matching id cannot be named by `htmlFor`.
            html.Td(html.Label([html.Span(f"Gewicht van {name}", className="visually-hidden"),
                                dcc.Input(id=field, type="text", inputMode="decimal",
                                          value=weight_text(m["weight"]), debounce=True,
                                          className="weight-input")])),
            html.Td(weight_note(m), className="caption"),
            html.Td(html.Button("Verwijder", id=ids.werkgebied_member("remove", code),
                                n_clicks=0, type="button", className="small-button",
                                **{"aria-label": f"Verwijder {name}"})),
        ]))
    return html.Div([
        html.Table([
            html.Caption(f"{len(members)} gemeenten in dit werkgebied", className="caption"),
            html.Thead(html.Tr([html.Th(t, scope="col") for t in
                                ("Gemeente", "Code", "Gewicht", "Toelichting", "")])),
            html.Tbody(rows)], className="data member-table"),
    ], className="table-scroll")
