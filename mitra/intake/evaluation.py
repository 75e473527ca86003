"""Measuring the extractor as one does when the test set is hidden: fixed folds of the labelled
development texts, each scored by the corpus's own scorer on texts the trained parts never saw.

The corpus (`../shared/corpus/dev` and `dev2`) and its scorer (`../shared/tools/
score_extraction.py`) live beside the clone, not in it; the scorer is run, not copied, so the
figures are the ones anybody gets with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDERS = ("dev", "dev2")
FOLDS = 5
FIELDS = ("partners", "agreements", "events", "people", "areas")


def shared_dir() -> Path | None:
    """`shared/` beside the clone (/work/main → /work/shared), or beside the folder of
    worktrees (/work/wt/NAME → /work/shared)."""
    root = Path(__file__).resolve().parents[2]
    for candidate in (root.parent / "shared", root.parent.parent / "shared"):
        if (candidate / "corpus").is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class Labelled:
    """One development text and its gold labels."""

    name: str  # "031": the scorer pairs NNN.json files by name
    folder: str
    text_path: Path
    gold_path: Path

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    @property
    def gold(self) -> dict[str, Any]:
        return json.loads(self.gold_path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def corpus(shared: Path) -> list[Labelled]:
    """Every labelled text of the development folders, in name order."""
    out = []
    for folder in FOLDERS:
        for gold in sorted((shared / "corpus" / folder / "texts").glob("*.json")):
            out.append(Labelled(gold.stem, folder, gold.with_suffix(".txt"), gold))
    return out


def folds(items: list[Labelled], k: int = FOLDS) -> list[list[Labelled]]:
    """k fixed folds, stratified by folder and language: the texts sorted by (folder, language,
    name) are dealt out in turn, so each fold holds its share of English and of dev2."""
    ordered = sorted(items, key=lambda t: (t.folder, t.gold.get("language", ""), t.name))
    out: list[list[Labelled]] = [[] for _ in range(k)]
    for index, item in enumerate(ordered):
        out[index % k].append(item)
    return [sorted(fold, key=lambda t: t.name) for fold in out]


@dataclass
class Score:
    """What score_extraction.py prints: F1 per field, kind accuracy and the overall F1."""

    texts: int = 0
    f1: dict[str, float] = field(default_factory=dict)
    precision: dict[str, float] = field(default_factory=dict)
    recall: dict[str, float] = field(default_factory=dict)
    kind: float = 0.0
    overall: float = 0.0
    report: str = ""


def parse_report(report: str) -> Score:
    score = Score(report=report)
    for line in report.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "texts":
            score.texts = int(words[1])
        elif words[0] in FIELDS:
            score.precision[words[0]] = float(words[2])
            score.recall[words[0]] = float(words[4])
            score.f1[words[0]] = float(words[6])
        elif words[0] == "kind":
            score.kind = float(words[2])
        elif words[:2] == ["overall", "F1"]:
            score.overall = float(words[2])
    return score


def score(scorer: Path, items: list[Labelled], predictions: dict[str, dict[str, Any]]) -> Score:
    """Run the corpus's scorer over these texts' gold labels and predictions."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir, pred_dir = Path(tmp) / "gold", Path(tmp) / "pred"
        gold_dir.mkdir()
        pred_dir.mkdir()
        for item in items:
            (gold_dir / f"{item.name}.json").write_bytes(item.gold_path.read_bytes())
            (pred_dir / f"{item.name}.json").write_text(
                json.dumps(predictions[item.name], ensure_ascii=False), encoding="utf-8"
            )
        report = subprocess.run(
            [sys.executable, str(scorer), "--gold", str(gold_dir), "--pred", str(pred_dir)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return parse_report(report)


Trainer = Callable[[list[Labelled]], Any]
Extractor = Callable[[str, Any], dict[str, Any]]


@dataclass
class CrossValidation:
    full: Score  # trained on all texts, scored on all: the fitted figure
    pooled: Score  # every text predicted by the model trained without its fold
    per_fold: list[tuple[list[str], Score]]


def cross_validate(
    items: list[Labelled], scorer: Path, train: Trainer, run: Extractor, k: int = FOLDS
) -> CrossValidation:
    """The full-dev score and the k-fold held-out scores (per fold and pooled)."""
    model = train(items)
    full_predictions = {item.name: run(item.text, model) for item in items}
    held_out: dict[str, dict[str, Any]] = {}
    per_fold = []
    for fold in folds(items, k):
        names = {item.name for item in fold}
        fold_model = train([item for item in items if item.name not in names])
        predictions = {item.name: run(item.text, fold_model) for item in fold}
        held_out.update(predictions)
        per_fold.append((sorted(names), score(scorer, fold, predictions)))
    return CrossValidation(
        full=score(scorer, items, full_predictions),
        pooled=score(scorer, items, held_out),
        per_fold=per_fold,
    )


def table(result: CrossValidation) -> str:
    """The figures as a Markdown table: F1 per field, full-dev, pooled held-out, each fold."""
    head = ["field", "full dev", "cross-validated"] + [
        f"fold {i + 1}" for i in range(len(result.per_fold))
    ]
    rows = [head, ["---"] + ["---:"] * (len(head) - 1)]
    scores = [result.full, result.pooled] + [s for _names, s in result.per_fold]
    for name in FIELDS:
        rows.append([name] + [f"{s.f1.get(name, 0.0):.3f}" for s in scores])
    rows.append(["kind (accuracy)"] + [f"{s.kind:.3f}" for s in scores])
    rows.append(["**overall F1**"] + [f"**{s.overall:.3f}**" for s in scores])
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    folds_line = "; ".join(
        f"fold {i + 1}: {', '.join(names)}" for i, (names, _s) in enumerate(result.per_fold)
    )
    return "\n".join(lines) + "\n\n" + folds_line


def train(items: list[Labelled]) -> Any:
    """The extractor's trained parts, fitted on these texts only."""
    return None


def run(text: str, model: Any) -> dict[str, Any]:
    from mitra.intake.extract import extract

    return extract(text)
