"""The cross-validation command: fixed, stratified folds scored by the corpus's own scorer."""

from __future__ import annotations

from collections import Counter

import pytest

from mitra.intake import evaluation


@pytest.fixture(scope="module")
def items():
    shared = evaluation.shared_dir()
    if shared is None:
        pytest.skip("../shared/corpus not present")
    return evaluation.corpus(shared)


def test_the_35_texts_fall_into_five_fixed_folds_stratified_by_folder_and_language(items):
    folds = evaluation.folds(items)
    assert [len(f) for f in folds] == [7] * 5
    assert sorted(t.name for f in folds for t in f) == sorted(t.name for t in items)
    assert folds == evaluation.folds(list(reversed(items)))  # the order given does not matter
    english = [sum(t.gold["language"] == "en" for t in f) for f in folds]
    dev2 = [sum(t.folder == "dev2" for t in f) for f in folds]
    assert max(english) - min(english) <= 1 and max(dev2) - min(dev2) <= 1
    assert Counter(t.folder for t in items) == {"dev": 15, "dev2": 20}


def test_the_scorers_report_is_read_field_by_field():
    report = (
        "texts 7\npartners    precision 0.900 recall 0.800 F1 0.847  (gold 10, predicted 9)\n"
        "kind        accuracy 0.714\noverall F1 0.777\n"
    )
    score = evaluation.parse_report(report)
    assert (score.texts, score.f1["partners"], score.recall["partners"]) == (7, 0.847, 0.8)
    assert (score.kind, score.overall) == (0.714, 0.777)
