"""What each role may read, domain by domain, as the selectors decide it; and the README's table
says the same (a new engineer reads it there, in one look)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mitra.agreements import selectors as agreement_selectors
from mitra.documents import selectors as document_selectors
from mitra.liaison import selectors as liaison_selectors
from mitra.meetings import selectors as meeting_selectors
from mitra.partners import selectors as partner_selectors
from mitra.plans import selectors as plan_selectors
from mitra.roadmap import selectors as roadmap_selectors
from mitra.trade import selectors as trade_selectors

README = Path(__file__).resolve().parents[3] / "README.md"
DOMAINS = [partner_selectors, agreement_selectors, plan_selectors, meeting_selectors]
DOMAINS.append(document_selectors)
DOMAINS += [trade_selectors, roadmap_selectors]  # issue 15
DOMAINS.append(liaison_selectors)
ROLES = ["admin", "officer", "focal", "coordination", "viewer"]


def readme_table() -> dict[str, list[str]]:
    rows = re.findall(r"^\s*\| (\w+) \| (.+) \|$", README.read_text(), flags=re.M)
    # Only the table of what each role reads has a column per domain (the Security section has
    # another table keyed by role, with fewer columns).
    split = [(role, [c.strip() for c in cells.split("|")]) for role, cells in rows]
    # (The extraction scores' table has as many columns: its rows are not roles.)
    return {r: cells for r, cells in split if len(cells) == len(DOMAINS) and r in ROLES}


@pytest.mark.django_db
def test_the_readme_says_what_each_role_reads(personas):
    table = readme_table()
    assert sorted(table) == sorted(ROLES)
    for role in ROLES:
        read = [d.audience(personas[role]) or "—" for d in DOMAINS]
        assert read == table[role], role


@pytest.mark.django_db
def test_an_anonymous_visitor_reads_nothing_through_the_selectors():
    from django.contrib.auth.models import AnonymousUser

    assert [d.audience(AnonymousUser()) for d in DOMAINS] == [""] * len(DOMAINS)
