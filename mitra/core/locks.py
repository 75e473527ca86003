"""Writers that must take turns: a named lock held to the end of the current transaction.

SQLite needs nothing: every transaction begins IMMEDIATE (settings), so writers already queue.
PostgreSQL lets two transactions write side by side; two imports of overlapping files would each
look for the rows they are about to insert, both find none, and the second would fail on the
unique index once the first commits. `take_turns` makes the second wait for the first instead,
so it finds the first one's rows and updates them.
"""

from __future__ import annotations

import zlib

from django.db import connection


def take_turns(name: str) -> None:
    """Wait until no other transaction holds the lock `name`; hold it until this one ends.
    Call inside transaction.atomic()."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("take_turns() outside a transaction would hold nothing")
    key = zlib.crc32(f"mitra:{name}".encode())  # a stable 32-bit key for the name
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
