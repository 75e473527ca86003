"""The year-on-year change in words, at the edges of its bands (trade/rules.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from mitra.trade import rules


@pytest.mark.parametrize(
    ("before", "now", "kind"),
    [
        ("100", "0", "stopped"),
        ("0", "5", "started"),
        ("100", "39.9", "more_than_halved"),
        ("100", "40", "halved"),
        ("100", "59.9", "halved"),
        ("100", "60", "third"),
        ("100", "66.7", "third"),
        ("100", "72", "third"),
        ("100", "72.1", "fell"),
        ("100", "94.9", "fell"),
        ("100", "95", "steady"),
        ("100", "105", "steady"),
        ("100", "105.1", "rose"),
        ("100", "179.9", "rose"),
        ("100", "180", "doubled"),
        ("100", "200", "doubled"),
        ("100", "220", "doubled"),
        ("100", "220.1", "more_than_doubled"),
    ],
)
def test_the_bands_meet_at_their_stated_boundaries(before, now, kind):
    change = rules.change(Decimal(before), Decimal(now))
    assert change is not None and change.kind == kind


def test_nothing_is_said_when_both_years_are_zero():
    assert rules.change(Decimal(0), Decimal(0)) is None


def test_plain_changes_give_the_rounded_percentage():
    assert rules.change(Decimal(200), Decimal(250)) == rules.Change("rose", 25)
    assert rules.change(Decimal(200), Decimal(170)) == rules.Change("fell", 15)


@pytest.mark.parametrize(
    ("before", "now", "en", "id_"),
    [
        ("100", "200", "doubled", "naik dua kali lipat"),
        ("90", "60", "fell by a third", "turun sepertiga"),
        ("100", "125", "rose by 25%", "naik 25%"),
        ("100", "50", "halved", "turun separuh"),
    ],
)
def test_the_words_are_said_in_english_and_indonesian(before, now, en, id_):
    change = rules.change(Decimal(before), Decimal(now))
    assert change is not None
    with translation.override("en"):
        assert rules.words(change) == en
    with translation.override("id"):
        assert rules.words(change) == id_
