"""Whether registry data changed: counters moved on by every write (the registry's and the
written app's), and a small per-process memo of figures keyed by them.

The counter is updated inside the writing transaction, so a reader sees a new number exactly
when it can see the new data: figures computed under a number are never older than that
number's data. Writes that bypass signals (bulk inserts, `QuerySet.update`) call `bump()`.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import cached_property

from mitra.core.models import DataVersion

T = TypeVar("T")

# The apps whose records the portfolio figures read (history rows are left out). The area
# taxonomy is one: the coverage panel and the area filter read its labels and its two levels.
TRACKED_APPS = frozenset(
    {"accounts", "sharing", "partners", "agreements", "plans", "meetings", "documents", "taxonomy"}
)


def current() -> int:
    """The version of the whole registry."""
    return DataVersion.objects.filter(scope="").values_list("n", flat=True).first() or 0


def versions() -> dict[str, int]:
    """Every counter in one query: "" for the whole registry, and one per tracked app."""
    return dict(DataVersion.objects.values_list("scope", "n"))


def of(found: dict[str, int], app_labels: Iterable[str]) -> tuple[int, ...]:
    """The version of what reads only these apps, from `versions()`."""
    return tuple(found.get(label, 0) for label in sorted(app_labels))


def bump(app_label: str | None = None) -> None:
    """Move on the registry's counter and this app's (every app's when none is named: a bulk
    write that does not say what it touched)."""
    scopes = list(TRACKED_APPS) if app_label is None else [app_label]
    if _move(scopes) < len(scopes) + 1:
        # A counter not created yet: made (a concurrent writer may make it first), then moved.
        DataVersion.objects.bulk_create(
            [DataVersion(scope=scope, n=0) for scope in ["", *scopes]], ignore_conflicts=True
        )
        _move(scopes)


def _move(scopes: list[str]) -> int:
    # The registry's row first, in a statement of its own: a writer holds it before it takes
    # an app's row, so two writers on PostgreSQL never wait for each other's rows (deadlock).
    moved = DataVersion.objects.filter(scope="").update(n=F("n") + 1)
    return moved + DataVersion.objects.filter(scope__in=scopes).update(n=F("n") + 1)


def _tracked(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    return (
        meta is not None
        and meta.apps is apps  # not a migration's historical model
        and meta.app_label in TRACKED_APPS
        and not sender.__name__.startswith("Historical")
    )


def _changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _tracked(sender):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    bump(sender._meta.app_label)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"freshness-{signal}")


class Memo:
    """The last few values of an expensive function, each kept with the data version it was
    computed under and dropped when the version moves on. Per process, so nothing is pickled."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.values: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self.lock = threading.Lock()
        _memos.add(self)

    def get(self, key: Hashable, compute: Callable[[], T], version: Hashable = None) -> T:
        """The value kept for `key` under this version (by default the registry's, read
        now), or `compute()`."""
        version = current() if version is None else version
        with self.lock:
            hit = self.values.get(key)
            if hit is not None and hit[0] == version:
                self.values.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            self.values[key] = (version, value)
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


_memos: weakref.WeakSet[Memo] = weakref.WeakSet()


def forget() -> None:
    """Empty every memo (tests roll the database back, so version numbers repeat)."""
    for memo in list(_memos):
        memo.clear()


# Counts of paged lists, per statement and data version.
_counts = Memo(size=256)


def count(qs: QuerySet[Any]) -> int:
    """How many rows `qs` holds, kept per data version for the same statement: its SQL and
    parameters say everything the count depends on (the filters, what this reader may read,
    the day), so readers who may read different rows never share a count."""
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter that can match nothing
        return 0
    return _counts.get((qs.db, sql, repr(params)), qs.count)


class KeptCountPaginator(Paginator):
    """A paginator that counts its list once per data version (`count`): a list filtered to
    thousands of rows counts them all for every page asked, and the count is most of what
    the database does for the page."""

    @cached_property
    def count(self) -> int:
        found = self.object_list
        return count(found) if isinstance(found, QuerySet) else len(found)
