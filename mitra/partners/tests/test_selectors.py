from __future__ import annotations

import pytest

from mitra.core.errors import NotFound
from mitra.partners import selectors


def test_partner_get_takes_any_case_and_404s_alike_for_missing(officer, viewer, kazakhstan):
    assert selectors.partner_get(user=viewer, code="kaz") == kazakhstan
    with pytest.raises(NotFound):
        selectors.partner_get(user=officer, code="ZZZ")


def test_nobody_signed_out_reads_partners(kazakhstan):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotFound):
        selectors.partner_get(user=AnonymousUser(), code="KAZ")
    assert not selectors.partner_list(user=AnonymousUser()).exists()


def test_codes_turn_into_partners_once_in_any_case_and_unknown_ones_are_named(kazakhstan):
    from django.core.exceptions import ValidationError

    assert selectors.partners_by_codes(["kaz", "KAZ"]) == [kazakhstan]
    with pytest.raises(ValidationError) as exc:
        selectors.partners_by_codes(["kaz", "xyz"])
    assert "xyz" in exc.value.message_dict["partners"][0]
