"""Full-text search across documents and records, one interface over SQLite FTS5 and
PostgreSQL text search, with highlighted snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mitra.agreements import selectors as agreement_selectors
from mitra.core.permissions import can
from mitra.documents import selectors as document_selectors
from mitra.meetings import selectors as meeting_selectors
from mitra.plans import selectors as plan_selectors
from mitra.search import stemming
from mitra.search.models import SearchEntry

LIMIT = 50
# Records ranked at most for one query: the newest matches (see search()).
RANK_WINDOW = 5_000
WORD = re.compile(r"\w+")
WINDOW = 110


@dataclass
class Hit:
    entry: SearchEntry
    rank: float
    snippet: SafeString


def query_stems(q: str) -> list[str]:
    return list(dict.fromkeys(stemming.stem_text(q).split()))[:12]


def _windowed(sql: str, args: list[Any]) -> tuple[list[tuple[int, Any]], bool]:
    """(id, rank) rows of a ranking query whose third column counts the window, and whether
    the window was full (more matches than were ranked)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    found = rows[0][2] if rows else 0
    return [(row[0], row[1]) for row in rows], found >= RANK_WINDOW


def _ids_sqlite(
    stems: list[str], where: list[str], params: list[Any]
) -> tuple[list[tuple[int, float]], bool]:
    match = " ".join(f'"{s}"' for s in stems)
    # The WHERE fragments are fixed strings chosen in search(); every value is a parameter.
    # The newest RANK_WINDOW matches are read in index order (no sort over all matches), and
    # only they are ranked: one pass over the index.
    sql = (
        "SELECT id, rank, count(*) OVER () FROM ("
        "SELECT e.id AS id, bm25(search_fts) AS rank FROM search_fts "
        "JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s {''.join(' AND ' + w for w in where)} "
        "ORDER BY search_fts.rowid DESC LIMIT %s"
        ") ORDER BY rank, id LIMIT %s"
    )
    rows, windowed = _windowed(sql, [match, *params, RANK_WINDOW, LIMIT])
    return [(pk, -rank) for pk, rank in rows], windowed  # bm25: lower is better


def _ids_postgres(
    q: str, stems: list[str], where: list[str], params: list[Any]
) -> tuple[list[tuple[int, float]], bool]:
    # As for SQLite: the newest matches by walking the primary key backwards, ranked once.
    sql = (
        "SELECT id, rank, count(*) OVER () FROM ("
        "SELECT e.id, ts_rank(e.vector, query) AS rank FROM search_searchentry e, "
        "(SELECT plainto_tsquery('indonesian', %s) || plainto_tsquery('english', %s) AS query) q "
        f"WHERE e.vector @@ query {''.join(' AND ' + w for w in where)} "
        "ORDER BY e.id DESC LIMIT %s"
        ") recent ORDER BY rank DESC, id LIMIT %s"
    )
    rows, windowed = _windowed(sql, [" ".join(stems), q, *params, RANK_WINDOW, LIMIT])
    return [(pk, float(rank)) for pk, rank in rows], windowed


def _shared(user: Any) -> tuple[str, list[Any]]:
    """A WHERE fragment for a coordination member: partners, and the records each domain's
    selectors say are shared with their organisation (subqueries compiled by the ORM, so every
    value stays a parameter)."""
    readable = {
        "agreement": agreement_selectors.visible_to(user),
        "activity": plan_selectors.activities_visible_to(user),
        "meeting": meeting_selectors.visible_to(user),
        "followup": meeting_selectors.followups_visible_to(user),
        "document": document_selectors.document_list(user=user),
    }
    parts = ["e.kind = 'partner'"]
    params: list[Any] = []
    for kind, qs in readable.items():
        try:
            sql, args = qs.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # nothing of this kind is shared: no fragment
            continue
        parts.append(f"(e.kind = '{kind}' AND e.object_id IN ({sql}))")
        params.extend(args)
    return "(" + " OR ".join(parts) + ")", params


class Hits(list[Hit]):
    """The hits, best first; `windowed` when more than RANK_WINDOW records matched and the best
    were chosen among the newest RANK_WINDOW of them."""

    windowed: bool = False


def search(*, user: Any, q: str, kind: str = "", partner: str = "") -> Hits:
    """The best matches first, for what this user may read; at most 50.

    A word found in a quarter of a large registry ("vaksin") matches hundreds of thousands of
    records, and ranking all of them takes longer than a reader should wait. Ranking is
    therefore done among the newest RANK_WINDOW matches; the page says so when it happens.
    """
    stems = query_stems(q)
    if not stems:
        return Hits()
    where: list[str] = []
    params: list[Any] = []
    if kind:
        where.append("e.kind = %s")
        params.append(kind)
    if partner:
        where.append("(' ' || e.partner_codes || ' ') LIKE %s")
        params.append(f"% {partner.strip()} %")
    if can(user, "shared.view"):
        shared_where, shared_params = _shared(user)
        where.append(shared_where)
        params.extend(shared_params)
    elif not can(user, "internal.view"):
        where.append("e.audience = 'public'")
    if connection.vendor == "postgresql":
        ranked, windowed = _ids_postgres(q, stems, where, params)
    else:
        ranked, windowed = _ids_sqlite(stems, where, params)
    entries = SearchEntry.objects.in_bulk([pk for pk, _rank in ranked])
    hits = Hits(
        Hit(entries[pk], rank, snippet(entries[pk], set(stems)))
        for pk, rank in ranked
        if pk in entries
    )
    hits.windowed = windowed
    return hits


def snippet(entry: SearchEntry, stems: set[str]) -> SafeString:
    """A window of the text around the first matching word, matches in <mark>, all escaped."""
    first = None
    for text in (entry.body, entry.title):  # the body's words first, else the title's
        words = WORD.finditer(text)  # lazily: stop at the first match of a long document
        first = next((w for w in words if stemming.stem_word(w.group(0)) in stems), None)
        if first is not None:
            break
    if first is None:
        text = entry.body or entry.title
    if first is None:
        start, end = 0, min(len(text), 2 * WINDOW)
    else:
        start = max(0, first.start() - WINDOW)
        end = min(len(text), first.end() + WINDOW)
    out: list[str] = ["…" if start else ""]
    cursor = start
    for w in WORD.finditer(text[start:end]):
        a, b = start + w.start(), start + w.end()
        out.append(escape(text[cursor:a]))
        word = escape(text[a:b])
        out.append(f"<mark>{word}</mark>" if stemming.stem_word(text[a:b]) in stems else word)
        cursor = b
    out.append(escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped
