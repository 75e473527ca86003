"""Named rules of trade figures: a year-on-year change said in words.

The bands are chosen so that the words stay true when read aloud in a meeting: "doubled" is
said of a ratio from 1.8 to 2.2 (a reader would round 1.9 to "doubled"), "fell by a third" of
0.6 to 0.72 (a third off is 0.667), "halved" of 0.4 to 0.6. Between the named bands the change
is given in per cent. The boundaries are tested in tests/test_rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

DOUBLED = (Decimal("1.8"), Decimal("2.2"))
STEADY = (Decimal("0.95"), Decimal("1.05"))
A_THIRD_LESS = (Decimal("0.6"), Decimal("0.72"))
HALVED = (Decimal("0.4"), Decimal("0.6"))


@dataclass(frozen=True)
class Change:
    """How a figure moved from one year to the next: a kind and, for the plain ones, per cent."""

    kind: str  # started, more_than_doubled, doubled, rose, steady, fell, third, halved, ...
    percent: int = 0


def change(previous: Decimal, current: Decimal) -> Change | None:
    """The change from `previous` to `current`; None when both are zero (nothing to say)."""
    if previous <= 0:
        return Change("started") if current > 0 else None
    if current == 0:
        return Change("stopped")
    ratio = current / previous
    percent = int(((ratio - 1) * 100).copy_abs().quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if ratio > DOUBLED[1]:
        return Change("more_than_doubled", percent)
    if ratio >= DOUBLED[0]:
        return Change("doubled", percent)
    if ratio > STEADY[1]:
        return Change("rose", percent)
    if ratio >= STEADY[0]:
        return Change("steady", percent)
    if ratio > A_THIRD_LESS[1]:
        return Change("fell", percent)
    if ratio >= A_THIRD_LESS[0]:
        return Change("third", percent)
    if ratio >= HALVED[0]:
        return Change("halved", percent)
    return Change("more_than_halved", percent)


def words(c: Change) -> str:
    """The change as a verb phrase in the active language ("doubled", "fell by a third")."""
    phrases = {
        "started": _("rose from nothing"),
        "stopped": _("fell to nothing"),
        "more_than_doubled": _("more than doubled"),
        "doubled": _("doubled"),
        "steady": _("held steady"),
        "third": _("fell by a third"),
        "halved": _("halved"),
        "more_than_halved": _("fell by more than half"),
    }
    if c.kind == "rose":
        return _("rose by %(percent)s%%") % {"percent": c.percent}
    if c.kind == "fell":
        return _("fell by %(percent)s%%") % {"percent": c.percent}
    return str(phrases[c.kind])
