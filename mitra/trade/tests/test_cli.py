"""`mitra import trade FILE`: the same import from the command line, with its exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from mitra import cli
from mitra.trade.models import TradeFlow

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "synthetic-trade-example.csv"


def test_the_synthetic_example_imports_and_a_second_run_changes_nothing(officer, capsys):
    assert cli.main(["import", "trade", str(EXAMPLE), "--user", "olga"]) == 0
    assert "imported: +5 ~0 =0" in capsys.readouterr().out
    assert cli.main(["import", "trade", str(EXAMPLE), "--user", "olga"]) == 0
    assert "imported: +0 ~0 =5" in capsys.readouterr().out
    assert set(TradeFlow.objects.values_list("source", flat=True)) == {
        "SYNTHETIC example - not real figures"
    }


def test_a_bad_row_is_printed_with_its_line_and_the_exit_code_says_it_failed(
    officer, capsys, tmp_path
):
    bad = tmp_path / "bad.csv"
    bad.write_text(EXAMPLE.read_text().replace("2024,VNM", "2024,VNX"))
    with translation.override("en"):
        assert cli.main(["import", "trade", str(bad), "--user", "olga"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv line 6:" in err and "“VNX”" in err
    assert not TradeFlow.objects.exists()
