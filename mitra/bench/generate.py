"""`mitra generate --scale N`: deterministic synthetic data at N× a real ministry, marked as such.

Scale 1 is a large bureau: 500 partners, 1,000 agreements, 10,000 activities, 50,000 indicator
results, 2,000 meetings, 1,000 documents; scale 100 is a hundred times that. Everything is
written with bulk inserts (no history rows, no per-row signals) from a fixed seed, and marked:
partner codes start with "syn-", agreement references with "SYN-", titles with "[SINTETIS]".
The search index is filled in bulk for the same records.

Dates are laid out around the day it runs (`today`, by default the date in MITRA_TIME_ZONE):
agreements signed in the ten years before it, plans running from two years back to next year,
follow-ups due 200 days either side, results for the year before. So a benchmark run soon after
generating sees about as many overdue and expiring items as a live registry; the day is kept in
`core.SyntheticData` with the scale and seed (the same seed and day give the same data).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

from django.db import transaction

from mitra.search import stemming

MARK = "[SINTETIS]"
PER_SCALE = {
    "partners": 500,
    "agreements": 1_000,
    "plans": 1_000,
    "activities": 10_000,
    "indicators": 10_000,
    "results": 50_000,
    "meetings": 2_000,
    "followups": 4_000,
    "documents": 1_000,
}
BATCH = 5_000

TOPICS_ID = [
    "pelayanan kesehatan primer",
    "pengembangan vaksin",
    "industri farmasi",
    "kesehatan digital",
    "pelatihan tenaga kesehatan",
    "pengendalian penyakit menular",
    "gizi masyarakat",
    "kesehatan ibu dan anak",
    "penelitian bioteknologi",
    "pembiayaan kesehatan",
    "alat kesehatan",
    "obat tradisional",
    "surveilans penyakit",
    "kesiapsiagaan darurat",
    "wisata medis",
    "promosi kesehatan",
    "kesehatan jiwa",
    "penguatan rumah sakit",
]
TOPICS_EN = [
    "primary health care",
    "vaccine development",
    "pharmaceutical industry",
    "digital health",
    "health workforce training",
    "communicable disease control",
    "community nutrition",
    "maternal and child health",
    "biotechnology research",
    "health financing",
    "medical devices",
    "traditional medicine",
    "disease surveillance",
    "emergency preparedness",
    "medical tourism",
    "health promotion",
    "mental health",
    "hospital strengthening",
]
VERBS = [
    "bekerja sama",
    "menandatangani",
    "membahas",
    "memperkuat",
    "mengembangkan",
    "meningkatkan",
    "menyepakati",
    "melaksanakan",
]


def _sentence(rng: random.Random) -> str:
    topic = rng.choice(TOPICS_ID)
    other = rng.choice(TOPICS_ID)
    return (
        f"Kedua pihak {rng.choice(VERBS)} di bidang {topic} dan {other}, "
        f"termasuk {rng.choice(TOPICS_EN)} and {rng.choice(TOPICS_EN)}."
    )


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


class _Writer:
    """Bulk inserts in batches from generators, so scale 100 never holds a table in memory;
    each batch's search entries are written with it, and progress goes to `progress`."""

    def __init__(self, progress: IO[str] | None) -> None:
        self.progress = progress
        self.started = time.perf_counter()
        self.indexed = 0

    def write(
        self,
        model: Any,
        rows: Iterable[Any],
        total: int,
        label: str,
        entries: Callable[[list[Any]], Iterable[Any]] | None = None,
    ) -> list[Any]:
        from mitra.search.models import SearchEntry

        kept: list[Any] = []
        done = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            batch = model.objects.bulk_create(batch)
            if entries is not None:
                index = list(entries(batch))
                for entry in index:
                    entry.stemmed = stemming.stem_text(f"{entry.title} {entry.body}")
                SearchEntry.objects.bulk_create(index)
                self.indexed += len(index)
            kept.extend(_Row(o) for o in batch)
            done += len(batch)
            if self.progress is not None:
                elapsed = time.perf_counter() - self.started
                self.progress.write(f"\r{label}: {done:,}/{total:,} ({elapsed:.0f} s)")
                self.progress.flush()
        if self.progress is not None:
            self.progress.write("\n")
        return kept


class _Row:
    """What later tables need of an inserted row (its key and foreign keys), without the model
    instance and its text."""

    __slots__ = ("pk", "plan_id")

    def __init__(self, obj: Any) -> None:
        self.pk = obj.pk
        self.plan_id = getattr(obj, "plan_id", None)


class AlreadyGenerated(Exception):
    """Synthetic data is already in this database: generate into an empty data directory."""


@transaction.atomic
def generate(
    *,
    scale: int,
    seed: int = 7,
    today: dt.date | None = None,
    progress: IO[str] | None = sys.stderr,
) -> dict[str, int]:
    """Write the synthetic records laid out around `today`; returns how many of each were made."""
    from django.utils import timezone

    from mitra.accounts.models import Unit, User
    from mitra.agreements.models import Agreement, AgreementParty
    from mitra.core.models import SyntheticData
    from mitra.documents.models import Document
    from mitra.meetings.models import FollowUp, Meeting
    from mitra.partners.models import Partner
    from mitra.plans.models import ActionPlan, Activity, Indicator, Result
    from mitra.search.models import SearchEntry
    from mitra.taxonomy.models import CooperationArea

    if Partner.objects.filter(code__startswith="syn-").exists():
        raise AlreadyGenerated(AlreadyGenerated.__doc__)
    rng = random.Random(seed)
    n = {k: v * scale for k, v in PER_SCALE.items()}
    areas = list(CooperationArea.objects.values_list("pk", flat=True))
    units = list(Unit.objects.values_list("pk", flat=True)) or [
        Unit.objects.create(
            code="syn-unit", kind=Unit.Kind.MINISTRY_UNIT, name_id=f"{MARK} Unit"
        ).pk
    ]
    reporter = User.objects.filter(role=User.Role.OFFICER).first() or User.objects.create_user(
        username="syn-officer", role=User.Role.OFFICER, unit_id=units[0]
    )
    writer = _Writer(progress)
    kinds = [k for k in Partner.Kind.values if k != Partner.Kind.COUNTRY]
    partners = writer.write(
        Partner,
        (
            Partner(
                kind=rng.choice(kinds),
                code=f"syn-{i:06d}",
                name_id=f"{MARK} Mitra {i}",
                name_en=f"{MARK} Partner {i}",
                region=rng.choice(Partner.Region.values),
                notes=_text(rng, 1),
            )
            for i in range(n["partners"])
        ),
        n["partners"],
        "partners",
        lambda batch: (
            SearchEntry(
                kind="partner",
                object_id=p.pk,
                title=p.name_id,
                body=p.notes,
                partner_codes=p.code,
                url=f"/partners/{p.code}/",
                audience="public",
            )
            for p in batch
        ),
    )
    today = today or timezone.localdate()
    SyntheticData.objects.create(generated_on=today, scale=scale, seed=seed)

    def agreement(i: int) -> Agreement:
        signed = today - dt.timedelta(days=rng.randint(0, 3650))
        status = rng.choice(["in_force", "in_force", "in_force", "signed", "exploring", "expired"])
        dated = status != "exploring"
        return Agreement(
            title=f"{MARK} Nota kesepahaman {rng.choice(TOPICS_ID)} {i}",
            title_en=f"{MARK} MoU on {rng.choice(TOPICS_EN)} {i}",
            kind=rng.choice(Agreement.Kind.values),
            status=status,
            reference_number=f"SYN-{i:07d}",
            summary=_text(rng, 2),
            date_signed=signed if dated else None,
            signed_year=signed.year if dated else None,
            date_in_force=signed + dt.timedelta(days=30)
            if status in ("in_force", "expired")
            else None,
            date_expiry=signed + dt.timedelta(days=rng.randint(365, 3650)) if dated else None,
            is_public=rng.random() < 0.3,
            responsible_unit_id=rng.choice(units),
        )

    agreements = writer.write(
        Agreement,
        (agreement(i) for i in range(n["agreements"])),
        n["agreements"],
        "agreements",
        lambda batch: (
            SearchEntry(
                kind="agreement",
                object_id=a.pk,
                title=a.title,
                body=a.summary,
                url=f"/agreements/{a.pk}/",
                audience="public" if a.is_public else "internal",
            )
            for a in batch
        ),
    )
    writer.write(
        AgreementParty,
        (AgreementParty(agreement_id=a.pk, partner_id=rng.choice(partners).pk) for a in agreements),
        len(agreements),
        "parties",
    )
    through = Agreement.areas.through
    writer.write(
        through,
        (
            through(agreement_id=a.pk, cooperationarea_id=area)
            for a in agreements
            for area in rng.sample(areas, 3)
        ),
        len(agreements) * 3,
        "agreement areas",
    )
    plans = writer.write(
        ActionPlan,
        (
            ActionPlan(
                title=f"{MARK} Rencana aksi {i}",
                agreement_id=agreements[i % len(agreements)].pk,
                start_year=today.year - 2,
                end_year=today.year + 1,
                status=rng.choice(ActionPlan.Status.values),
                approved_on=dt.date(today.year - 2, 1, 15),
            )
            for i in range(n["plans"])
        ),
        n["plans"],
        "plans",
    )

    def activity(i: int) -> Activity:
        start = today - dt.timedelta(days=731) + dt.timedelta(days=rng.randint(0, 900))
        status = rng.choice(["planned", "ongoing", "completed", "cancelled"])
        actual = start if status in ("ongoing", "completed") and start <= today else None
        return Activity(
            plan_id=plans[i % len(plans)].pk,
            title=f"{MARK} {rng.choice(TOPICS_ID).capitalize()} {i}",
            description=_text(rng, 1),
            kind=rng.choice(Activity.Kind.values),
            horizon=rng.choice(Activity.Horizon.values),
            area_id=rng.choice(areas),
            owner_unit_id=rng.choice(units),
            planned_start=start,
            planned_end=start + dt.timedelta(days=rng.randint(30, 400)),
            actual_start=actual,
            actual_end=actual + dt.timedelta(days=10)
            if actual and status == "completed" and actual + dt.timedelta(days=10) <= today
            else None,
            status=status if not (status == "completed" and not actual) else "planned",
            budget=Decimal(rng.randint(10, 5000)) * 1_000_000,
            currency="IDR",
        )

    activities = writer.write(
        Activity,
        (activity(i) for i in range(n["activities"])),
        n["activities"],
        "activities",
        lambda batch: (
            SearchEntry(
                kind="activity",
                object_id=a.pk,
                title=a.title,
                body=a.description,
                url=f"/plans/{a.plan_id}/#activity-{a.pk}",
            )
            for a in batch
        ),
    )
    indicators = writer.write(
        Indicator,
        (
            Indicator(
                plan_id=a.plan_id,
                activity_id=a.pk,
                name=f"{MARK} Orang terlatih {i}",
                unit="orang",
                baseline=Decimal(0),
                target=Decimal(rng.randint(10, 500)),
            )
            for i, a in enumerate(activities[: n["indicators"]])
        ),
        min(n["indicators"], len(activities)),
        "indicators",
    )
    per = max(1, n["results"] // max(1, len(indicators)))
    writer.write(
        Result,
        (
            Result(
                indicator_id=indicator.pk,
                period_start=dt.date(today.year - 1, 1 + (k * 12 // per) % 12, 1),
                period_end=dt.date(today.year - 1, 1 + (k * 12 // per) % 12, 28),
                value=Decimal(rng.randint(0, 400)),
                status=rng.choice(["submitted", "approved", "approved"]),
                reported_by_id=reporter.pk,
            )
            for indicator in indicators
            for k in range(per)
        ),
        per * len(indicators),
        "results",
    )
    meetings = writer.write(
        Meeting,
        (
            Meeting(
                title=f"{MARK} Pertemuan {rng.choice(TOPICS_ID)} {i}",
                kind=rng.choice(Meeting.Kind.values),
                date=today - dt.timedelta(days=rng.randint(0, 1500)),
                place=rng.choice(["Jakarta", "Astana", "Phnom Penh", "Jenewa", "Hanoi"]),
                summary=_text(rng, 2),
                decisions=_text(rng, 1),
                organiser_id=rng.choice(units),
            )
            for i in range(n["meetings"])
        ),
        n["meetings"],
        "meetings",
        lambda batch: (
            SearchEntry(
                kind="meeting",
                object_id=m.pk,
                title=m.title,
                body=m.summary,
                url=f"/meetings/{m.pk}/",
            )
            for m in batch
        ),
    )
    mthrough = Meeting.partners.through
    writer.write(
        mthrough,
        (mthrough(meeting_id=m.pk, partner_id=rng.choice(partners).pk) for m in meetings),
        len(meetings),
        "meeting partners",
    )

    def followup(i: int) -> FollowUp:
        status = rng.choice(["open", "open", "done"])
        return FollowUp(
            meeting_id=meetings[i % len(meetings)].pk,
            description=f"{MARK} {_sentence(rng)}",
            owner_unit_id=rng.choice(units),
            due_date=today + dt.timedelta(days=rng.randint(-200, 200)),
            status=status,
            closed_on=today if status == "done" else None,
        )

    writer.write(
        FollowUp, (followup(i) for i in range(n["followups"])), n["followups"], "follow-ups"
    )
    writer.write(
        Document,
        (
            Document(
                title=f"{MARK} Laporan {i}",
                kind=Document.Kind.REPORT,
                file=f"synthetic/{i}.txt",
                original_name=f"laporan-{i}.txt",
                content_type="text/plain",
                extension=".txt",
                size=3000,
                sha256=f"{i:064x}",
                text=_text(rng, 20),
                language="id",
            )
            for i in range(n["documents"])
        ),
        n["documents"],
        "documents",
        lambda batch: (
            SearchEntry(
                kind="document",
                object_id=d.pk,
                title=d.title,
                body=d.text,
                url=f"/documents/{d.pk}/",
            )
            for d in batch
        ),
    )
    return {
        "partners": len(partners),
        "agreements": len(agreements),
        "plans": len(plans),
        "activities": len(activities),
        "indicators": len(indicators),
        "results": per * len(indicators),
        "meetings": len(meetings),
        "followups": n["followups"],
        "documents": n["documents"],
        "search_entries": writer.indexed,
    }
