"""A small interpreter of the IATI Standard's own rulesets (IATI/IATI-Rulesets standard.json).

It follows SPEC.rst beside the ruleset: each CONTEXT is an XPath selecting elements, each rule
name a kind of check over XPaths evaluated from that element (lxml). Rules with an
`idCondition` or the `ORG-ID-PREFIX` prefix list need the Registry's organisation identifiers
and are skipped offline, as the ruleset's README says. `failures()` returns every failed case of
the chosen severities as (rule id, message, where).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def shared(*parts: str) -> Path:
    """../shared beside the clone (or beside a worktree's parent): the nearest ancestor's."""
    here = Path(__file__).resolve()
    for ancestor in here.parents:
        candidate = ancestor / "shared" / Path(*parts)
        if candidate.exists():
            return candidate
    return here.parents[3].parent / "shared" / Path(*parts)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _xpath(element: etree._Element, expression: str) -> Any:
    return element.xpath(expression)


def _truth(value: Any) -> bool:
    """XPath's boolean(): a node set is true when not empty, a number when not 0 or NaN."""
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, float):
        return value == value and value != 0
    return bool(value)


def _texts(element: etree._Element, paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for path in paths:
        found = _xpath(element, path)
        if not isinstance(found, list):
            found = [found]
        for item in found:
            if isinstance(item, etree._Element):
                out.append(item.text or "")
            else:
                out.append(str(item))
    return out


def _nodes(element: etree._Element, paths: Iterable[str]) -> list[Any]:
    out: list[Any] = []
    for path in paths:
        found = _xpath(element, path)
        out.extend(found if isinstance(found, list) else [found] if _truth(found) else [])
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _dates(element: etree._Element, path: str, today: dt.date) -> list[dt.date]:
    if path == "NOW":
        return [today]
    return [d for d in (_date(t) for t in _texts(element, [path])) if d is not None]


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


def _one_or_all(element: etree._Element, one: str, all_: str) -> bool:
    """`one` exists on the element, or else every element that `all` names carries it:
    @xml:lang / lang → every narrative has xml:lang; @default-currency / currency → every value
    has @currency; sector / sector → every transaction has a sector."""
    if _truth(_xpath(element, one)):
        return True
    if all_ == "lang":
        return all(n.get(XML_LANG) for n in element.iter("narrative"))
    if all_ == "currency":
        return all(v.get("currency") for v in element.iter("value"))
    if all_ == "sector":
        transactions = element.findall("transaction")
        return bool(transactions) and all(t.find("sector") is not None for t in transactions)
    raise NotImplementedError(f"one_or_all with all={all_!r}")


def check(name: str, case: dict[str, Any], element: etree._Element, today: dt.date) -> bool:
    """True when the case passes (or does not apply) for this element."""
    if "idCondition" in case:
        return True  # needs the Registry's organisation identifiers
    condition = case.get("condition")
    if condition and not _truth(_xpath(element, condition)):
        return True
    paths = case.get("paths", [])
    if name == "atleast_one":
        return bool(_nodes(element, paths))
    if name == "no_more_than_one":
        return len(_nodes(element, paths)) <= 1
    if name == "only_one_of":
        if _nodes(element, case["excluded"]):
            return not _nodes(element, paths)
        return len(_nodes(element, paths)) == 1
    if name == "dependent":
        found = [bool(_nodes(element, [p])) for p in paths]
        return all(found) or not any(found)
    if name == "one_or_all":
        return _one_or_all(element, case["one"], case["all"])
    if name in ("strict_sum", "sum"):
        values = [_decimal(t) for t in _texts(element, paths)]
        if any(v is None for v in values):
            return False
        return sum(v for v in values if v is not None) == Decimal(str(case["sum"]))
    if name == "range":
        values = [_decimal(t) for t in _texts(element, paths)]
        low, high = Decimal(str(case.get("min", "-Infinity"))), Decimal(str(case["max"]))
        return all(v is not None and low <= v <= high for v in values)
    if name == "date_order":
        less = _dates(element, case["less"], today)
        more = _dates(element, case["more"], today)
        return all(a <= b for a in less for b in more)
    if name == "date_now":
        return all(d <= today for d in _dates(element, case["date"], today))
    if name == "time_limit":
        starts = _dates(element, case["start"], today)
        ends = _dates(element, case["end"], today)
        return all((end - start).days <= 365 for start in starts for end in ends)
    if name == "between_dates":
        starts = _dates(element, case["start"], today)
        ends = _dates(element, case["end"], today)
        return all(
            s <= d <= e for d in _dates(element, case["date"], today) for s in starts for e in ends
        )
    if name == "regex_matches":
        return all(re.search(case["regex"], t) for t in _texts(element, paths))
    if name == "regex_no_matches":
        return not any(re.search(case["regex"], t) for t in _texts(element, paths))
    if name == "startswith":
        if "ORG-ID-PREFIX" in case["prefix"]:
            return True  # needs the Registry's list of agency prefixes
        prefixes = _texts(element, case["prefix"])
        separator = case.get("separator", "")
        return all(
            any(t.startswith(p + separator) for p in prefixes) for t in _texts(element, paths)
        )
    if name == "unique":
        texts = _texts(element, paths)
        return len(texts) == len(set(texts))
    if name == "no_spaces":
        return all(t == t.strip() for t in _texts(element, paths))
    if name == "if_then":
        return not _truth(_xpath(element, case["if"])) or _truth(_xpath(element, case["then"]))
    raise NotImplementedError(name)


def _substitute(case: dict[str, Any], keys: list[str], value: str) -> dict[str, Any]:
    out = dict(case)
    for key in keys:
        if key not in out:
            continue
        if isinstance(out[key], list):
            out[key] = [p.replace("$1", value) for p in out[key]]
        else:
            out[key] = out[key].replace("$1", value)
    return out


def _cases(rules: dict[str, Any], element: etree._Element) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, body in rules.items():
        if name == "loop":
            for case in body["cases"]:
                values = dict.fromkeys(_texts(element, [case["foreach"]]))  # once each, in order
                for value in values:
                    for inner, inner_body in case["do"].items():
                        for inner_case in inner_body["cases"]:
                            yield inner, _substitute(inner_case, case.get("subs", []), value)
            continue
        for case in body["cases"]:
            yield name, case


def failures(
    ruleset: dict[str, Any],
    document: etree._Element,
    severities: tuple[str, ...] = ("error",),
    today: dt.date | None = None,
) -> list[tuple[str, str, str]]:
    """Every failed case of these severities: (rule id, message, identifier or path)."""
    today = today or dt.datetime.now(tz=dt.UTC).date()
    tree = document.getroottree()
    out: list[tuple[str, str, str]] = []
    for context, rules in ruleset.items():
        for element in tree.xpath(context):
            for name, case in _cases(rules, element):
                info = case.get("ruleInfo", {})
                if info.get("severity") not in severities:
                    continue
                if not check(name, case, element, today):
                    activity = next(
                        (a for a in element.iterancestors("iati-activity")),
                        element if element.tag == "iati-activity" else None,
                    )
                    where = (
                        activity.findtext("iati-identifier") if activity is not None else None
                    ) or tree.getpath(element)
                    out.append((info.get("id", "?"), info.get("message", name), where))
    return out
