"""Extraction: unit rules, and the score on the labelled development set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mitra.documents import dates
from mitra.documents.language import language
from mitra.intake import evaluation
from mitra.intake.extract import extract

SHARED = evaluation.shared_dir() or Path(__file__).resolve().parents[3].parent / "shared"
DEV = SHARED / "corpus" / "dev" / "texts"
SEEDS = SHARED / "corpus" / "seeds"


def needs_corpus() -> None:
    if not DEV.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{DEV} is missing; CI has ../shared beside the clone")
        pytest.skip("../shared/corpus not present")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pada Senin (28/4/2025) di Astana", dt.date(2025, 4, 28)),
        ("Pada tanggal 18 Januari 2018, Biro", dt.date(2018, 1, 18)),
        ("pada tanggal 9-10 Juli 2019.", dt.date(2019, 7, 9)),
        ("on October 27–28, 2022.", dt.date(2022, 10, 27)),
        ("dikutip pada Sabtu (21/02/26)", dt.date(2026, 2, 21)),
    ],
)
def test_indonesian_and_english_dates(text, expected):
    assert [f.date for f in dates.find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text", ["MoU yang ditandatangani pada 2021.", "Senin (8/6) lalu", "31 Februari 2020"]
)
def test_a_date_the_text_does_not_give_stays_out(text):
    assert dates.find_dates(text) == []


def test_partners_by_their_indonesian_names_and_not_indonesia():
    result = extract(
        "Kerja sama RI-RRT\nJAKARTA - Indonesia dan Republik Rakyat Tiongkok (RRT) serta Korea "
        "Selatan sepakat. Arab Saudi memberi hibah US$5 juta, kata Kemenkes."
    )
    assert {p["iso3"] for p in result["partners"]} == {"CHN", "KOR", "SAU"}


def test_a_quoted_on_date_is_not_an_event_and_a_dateline_is_the_publication():
    result = extract(
        "Judul\nRabu, 25 November 2020 - 14:11 WIB\nPada 27 Oktober 2020 telah dilaksanakan "
        "pertemuan pertama, dalam siaran pers yang diterima, Rabu (25/11/2020)."
    )
    assert result["published"] == "2020-11-25"
    assert [e["date"] for e in result["events"]] == ["2020-10-27"]


def test_seed_002_gives_the_meeting_people_and_kazakhstan():
    needs_corpus()
    result = extract((SEEDS / "002_7f8de734f38217f6.txt").read_text(encoding="utf-8"))
    countries = [p["iso3"] for p in result["partners"] if p["type"] == "country"]
    assert countries == ["KAZ"]  # not Tajikistan: the ambassador's other accreditation
    assert "2025-04-28" in [e["date"] for e in result["events"]]
    assert "2025-05-02" not in [e["date"] for e in result["events"]]  # "dikutip Jumat (2/5/2025)"
    people = {p["name"]: p["role"] for p in result["people"]}
    assert people["Fadjroel Rachman"].startswith("Duta Besar Republik Indonesia untuk Kazakhstan")
    assert people["Akmaral Alnazarova"] == "Menteri Kesehatan Kazakhstan"
    assert result["agreements"][0]["type"] == "MoU"
    codes = {a["code"] for a in result["areas"]}
    assert {"vaccines", "research-biotech"} <= codes


def test_a_field_named_outside_any_list_counts_in_both_languages():
    """A sentence about cooperation that names a field on its own gives it as an area, with the
    words that make it that field, mapped to the taxonomy through English inflections; a term
    inside a body's name, or in a sentence that is not about cooperation, gives none."""
    english = extract(
        "Jakarta and Canberra sign a health pact\n"
        "The partnership supports routine immunization programmes.\n"
        "Its second project funds tuberculosis care.\n"
        "The Director General of Pharmaceuticals joined the partnership talks.\n"
        "Vaccines arrived at the port on Monday.\n"
    )
    assert [(a["phrase"], a["code"]) for a in english["areas"]] == [
        ("routine immunization programmes", "vaccines"),
        ("tuberculosis care", "communicable-disease-control"),
    ]
    indonesian = extract(
        "Indonesia dan Australia teken kerja sama\n"
        "Kerja sama ini mendukung cakupan vaksinasi serta transfer teknologi di Papua.\n"
        "Vaksin tiba di pelabuhan pada hari Senin.\n"
    )
    assert [a["phrase"] for a in indonesian["areas"]] == ["cakupan vaksinasi", "transfer teknologi"]
    assert indonesian["areas"][0]["code"] == "vaccines"


def test_fields_joined_by_and_and_fields_named_in_title_case():
    """Two fields in Title Case joined by "dan" are two areas; two fields a sentence joins by
    "dan" outside any list are one area, as written; a verb left alone is no area."""
    result = extract(
        "RSCM dan rumah sakit Korea teken kerja sama\n"
        "Kerja sama meliputi pelatihan di bidang Bedah Jantung Anak dan Radiologi Intervensi "
        "antara kedua rumah sakit.\n"
        "Kerja sama ini juga mendukung industri farmasi dan alat kesehatan di dalam negeri.\n"
        "Kedua pihak sepakat bekerja sama dalam bidang memajukan.\n"
    )
    assert [(a["phrase"], a["code"]) for a in result["areas"]] == [
        ("Bedah Jantung Anak", "ncd"),
        ("Radiologi Intervensi", None),
        ("industri farmasi dan alat kesehatan", "pharma-devices"),
    ]


def test_language_detection():
    assert language("Kementerian Kesehatan dan WHO menandatangani perjanjian kerja sama.") == "id"
    assert language("The Ministry of Health has signed an agreement with the WHO.") == "en"
    assert language("Le ministère de la Santé a signé un accord avec l'OMS hier soir.") == "other"


def test_the_cross_validated_score_on_the_35_dev_texts_holds():
    """The issue's measure on texts the trained parts did not see: 5-fold cross-validated
    overall F1 over dev/ and dev2/ (0.888 when measured; the bar leaves margin), and within
    0.05 of the fitted full-dev figure."""
    needs_corpus()
    shared = evaluation.shared_dir()
    assert shared is not None
    result = evaluation.cross_validate(
        evaluation.corpus(shared),
        shared / "tools" / "score_extraction.py",
        evaluation.train,
        evaluation.run,
    )
    assert result.pooled.texts == 35
    assert result.pooled.overall >= 0.85, evaluation.table(result)
    assert result.full.overall - result.pooled.overall <= 0.05, evaluation.table(result)
