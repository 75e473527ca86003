"""Whether registry data changed: a counter moved on by every write, and a small per-process
memo of figures keyed by it.

The counter is updated inside the writing transaction, so a reader sees a new number exactly
when it can see the new data: figures computed under a number are never older than that
number's data. Writes that bypass signals (bulk inserts, `QuerySet.update`) call `bump()`.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from mitra.core.models import DataVersion

T = TypeVar("T")

# The apps whose records the portfolio figures read (history rows are left out).
TRACKED_APPS = frozenset(
    {"accounts", "sharing", "partners", "agreements", "plans", "meetings", "documents"}
)


def current() -> int:
    return DataVersion.objects.filter(pk=1).values_list("n", flat=True).first() or 0


def bump() -> None:
    if not DataVersion.objects.filter(pk=1).update(n=F("n") + 1):
        DataVersion.objects.create(pk=1, n=1)


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
    bump()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"freshness-{signal}")


class Memo:
    """The last few values of an expensive function, each kept with the data version it was
    computed under and dropped when the version moves on. Per process, so nothing is pickled."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.values: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self.lock = threading.Lock()
        _memos.add(self)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = current()
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
