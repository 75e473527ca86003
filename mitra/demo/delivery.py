"""Demo delivery: the Kazakhstan action plan and three meetings, as the seed texts tell them.

What a text does not say stays empty: no activity has dates, an owner unit or a horizon; the
Phnom Penh meeting has no date (the article says only "hari ini"); no follow-up has a due date,
so each is marked "due date not stated in the source" for the bureau to set.
"""

from __future__ import annotations

import datetime as dt

from mitra.accounts.models import Unit, User
from mitra.agreements.models import Agreement
from mitra.meetings import services as meeting_services
from mitra.meetings.models import Meeting, Participant
from mitra.meetings.services import FollowUpIn, ParticipantIn
from mitra.partners.models import Partner
from mitra.plans import services as plan_services
from mitra.plans.models import ActionPlan, Activity
from mitra.taxonomy.models import CooperationArea
from mitra.workflow import services as workflow_services
from mitra.workflow.models import Obligation

# Seed 002: topics "that have the potential to become part of the action plan".
KAZ_TOPICS = [
    ("Pelayanan kesehatan dasar", "primary-care", Activity.Kind.OTHER),
    ("Industri farmasi", "pharma-industry", Activity.Kind.OTHER),
    ("Kolaborasi pengembangan vaksin", "vaccines", Activity.Kind.OTHER),
    ("Digitalisasi teknologi", "digital-health", Activity.Kind.OTHER),
    ("Bioteknologi", "research-biotech", Activity.Kind.OTHER),
    ("Medical tourism", "medical-tourism", Activity.Kind.OTHER),
    (
        "Pertukaran kebijakan terkait nutrisi (kadar trans-fat dalam produk makanan)",
        "nutrition",
        Activity.Kind.POLICY_DIALOGUE,
    ),
]
NO_DUE_DATE = "Teks sumber tidak menyebut tenggat."


def _areas(*codes: str) -> list[CooperationArea]:
    return list(CooperationArea.objects.filter(code__in=codes).order_by("position"))


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _kazakhstan(officer: User) -> None:
    kaz = Partner.objects.get(code="KAZ")
    mou = Agreement.objects.get(parties__partner=kaz, kind=Agreement.Kind.MOU)
    title = "Rencana aksi implementasi MoU kerja sama kesehatan Indonesia–Kazakhstan"
    if not ActionPlan.objects.filter(agreement=mou, title=title).exists():
        plan = plan_services.plan_create(
            user=officer,
            title=title,
            agreement=mou,
            start_year=2025,
            end_year=2027,
            status=ActionPlan.Status.PROPOSED,
            summary=(
                "Direkomendasikan oleh Menteri Kesehatan Kazakhstan pada pertemuan 28 April 2025. "
                "Topik-topik kerja sama akan didiskusikan lebih lanjut oleh divisi kerja sama "
                "kedua kementerian kesehatan sebelum dituangkan dalam rencana aksi."
            ),
        )
        areas = {a.code: a for a in _areas(*(code for _t, code, _k in KAZ_TOPICS))}
        for topic, code, kind in KAZ_TOPICS:
            plan_services.activity_create(
                user=officer, plan=plan, title=topic, kind=kind, area=areas[code]
            )

    title = "Pertemuan Duta Besar RI dengan Menteri Kesehatan Kazakhstan"
    if Meeting.objects.filter(title=title).exists():
        return
    meeting_services.meeting_create(
        user=officer,
        title=title,
        kind=Meeting.Kind.VISIT,
        level=Meeting.Level.AMBASSADOR,
        date=dt.date(2025, 4, 28),
        place="Kantor Kementerian Kesehatan Kazakhstan, Astana",
        organiser=_unit("kbri-astana"),
        summary=(
            "Kedua pihak mendiskusikan langkah-langkah untuk memastikan implementasi MoU kerja "
            "sama di bidang kesehatan Indonesia–Kazakhstan yang ditandatangani pada 2021. Topik "
            "yang dibahas: pelayanan kesehatan dasar, industri farmasi, kolaborasi pengembangan "
            "vaksin, digitalisasi teknologi, bioteknologi, medical tourism, serta pertukaran "
            "kebijakan terkait nutrisi (kadar trans-fat dalam produk makanan)."
        ),
        decisions=(
            "Dubes Fadjroel mengusulkan dialog bilateral reguler pada level teknis antara "
            "Kementerian Kesehatan Indonesia dan Kazakhstan, difasilitasi oleh KBRI Astana.\n"
            "Menteri Kesehatan Kazakhstan merekomendasikan pembentukan rencana aksi implementasi "
            "MoU untuk periode 2025 hingga 2027."
        ),
        partners=[kaz],
        agreements=[mou],
        areas=_areas(*(code for _t, code, _k in KAZ_TOPICS)),
        participants=[
            ParticipantIn(
                name="Fadjroel Rachman",
                role_title="Duta Besar Republik Indonesia untuk Kazakhstan dan Tajikistan",
                side=Participant.Side.OURS,
                unit=_unit("kbri-astana"),
            ),
            ParticipantIn(
                name="Akmaral Alnazarova",
                role_title="Menteri Kesehatan Kazakhstan",
                side=Participant.Side.PARTNER,
                partner=kaz,
            ),
        ],
        followups=[
            FollowUpIn(
                description=(
                    "Dialog bilateral reguler pada level teknis antara Kementerian Kesehatan "
                    "Indonesia dan Kazakhstan, difasilitasi oleh KBRI Astana"
                ),
                owner_unit=_unit("kbri-astana"),
                due_date=None,
                due_date_unknown=True,
                note=NO_DUE_DATE,
            )
        ],
    )


def _cambodia(officer: User) -> None:
    title = "Pertemuan Duta Besar RI dengan Menteri Kesehatan Kamboja"
    if Meeting.objects.filter(title=title).exists():
        return
    khm = Partner.objects.get(code="KHM")
    agreement = Agreement.objects.get(parties__partner=khm)
    meeting_services.meeting_create(
        user=officer,
        title=title,
        kind=Meeting.Kind.VISIT,
        level=Meeting.Level.AMBASSADOR,
        date=None,  # the article says "hari ini" and carries no date
        place="Phnom Penh",
        organiser=_unit("kbri-phnom-penh"),
        summary=(
            "Tanggal pertemuan tidak disebut dalam teks sumber. Tiga bidang fokus kerja sama: "
            "(1) kerangka kerja sama melalui perjanjian bilateral di bidang kesehatan; "
            "(2) peningkatan kapasitas sumber daya manusia melalui beasiswa, magang dan "
            "interaksi langsung antara tenaga medis dan tenaga kesehatan; (3) peningkatan "
            "perdagangan produk kesehatan, termasuk obat-obatan, suplemen herbal dan alat "
            "kesehatan. Prioritas Pemerintah Kamboja Mandat ke-7: pencegahan penyakit menular, "
            "penanganan penyakit tidak menular, pengembangan jaminan sosial, peningkatan sumber "
            "daya manusia, dan pengembangan kesehatan digital."
        ),
        decisions=(
            "Kedua belah pihak sepakat bahwa terdapat banyak ruang bagi Indonesia dan Kamboja "
            "untuk bekerja sama mengatasi permasalahan tersebut."
        ),
        partners=[khm],
        agreements=[agreement],
        areas=_areas(
            "scholarships-internships",
            "workforce-exchange",
            "health-trade",
            "traditional-medicine",
            "communicable-disease-control",
            "ncd",
            "health-financing",
            "digital-health",
            "health-promotion",
        ),
        participants=[
            ParticipantIn(
                name="H.E. Santo Darmosumarto",
                role_title="Duta Besar Indonesia untuk Kerajaan Kamboja",
                side=Participant.Side.OURS,
                unit=_unit("kbri-phnom-penh"),
            ),
            ParticipantIn(
                name="H.E. Prof Chheang Ra",
                role_title="Menteri Kesehatan Kamboja",
                side=Participant.Side.PARTNER,
                partner=khm,
            ),
        ],
        followups=[
            FollowUpIn(
                description=(
                    "Penyuluhan kesehatan yang lebih banyak bagi masyarakat Indonesia yang "
                    "tinggal di Kamboja, dengan dukungan Kementerian Kesehatan Kamboja"
                ),
                owner_unit=_unit("kbri-phnom-penh"),
                due_date=None,
                due_date_unknown=True,
                note=NO_DUE_DATE + " Permintaan Duta Besar ditanggapi positif oleh Menteri.",
            )
        ],
    )


def _workshop(officer: User, countries: list[str]) -> None:
    title = "Workshop Peningkatan Kerja Sama Bilateral 2018"
    if Meeting.objects.filter(title=title).exists():
        return
    partners = list(Partner.objects.filter(code__in=countries))
    bureau = _unit("biro-kerja-sama")
    meeting_services.meeting_create(
        user=officer,
        title=title,
        kind=Meeting.Kind.WORKSHOP,
        date=dt.date(2018, 1, 18),
        organiser=bureau,
        attendance=150,
        attendance_approximate=True,
        summary=(
            "Membahas potensi kerja sama bilateral kesehatan, termasuk peluang dan tantangannya. "
            "Peserta: perwakilan seluruh unit eselon I Kemenkes, Rumah Sakit vertikal Kemenkes, "
            "serta Politeknik Kesehatan Kemenkes. Saat ini terdapat 14 MoU bilateral sektor "
            "kesehatan, 7 di antaranya dihasilkan pada 2017; 10 negara mitra yang sudah memiliki "
            "MoU dengan Kemenkes RI dibahas sebagai potensi kerja sama."
        ),
        decisions=(
            "Kemenkes perlu membuat Roadmap potensi Kesehatan, termasuk kekuatan dan "
            "kelemahannya, yang bisa dikerjasamakan/dipersaingkan di tingkat global, utamanya "
            "sektor farmasi dan alat kesehatan.\n"
            "Kemenkes perlu membentuk Tim Globalisasi Kesehatan yang terdiri dari Kemenkes, "
            "Kemenlu, Kemendag, Kemenkumham dan BKPM."
        ),
        partners=partners,
        agreements=list(Agreement.objects.filter(parties__partner__in=partners)),
        areas=_areas("pharma-devices", "health-workforce", "primary-care"),
        followups=[
            FollowUpIn(
                description=(
                    "Roadmap potensi kesehatan, termasuk kekuatan dan kelemahannya, yang bisa "
                    "dikerjasamakan atau dipersaingkan di tingkat global (utamanya farmasi dan "
                    "alat kesehatan)"
                ),
                owner_unit=bureau,
                due_date=None,
                due_date_unknown=True,
                note=NO_DUE_DATE,
            ),
            FollowUpIn(
                description=(
                    "Tim Globalisasi Kesehatan bersama Kemenlu, Kemendag, Kemenkumham dan BKPM"
                ),
                owner_unit=bureau,
                due_date=None,
                due_date_unknown=True,
                note=NO_DUE_DATE,
            ),
        ],
    )


# The review of the Kazakhstan action plan 2025–2027 before it ends (issue 13): the one
# obligation of the demo. Its date is the bureau's choice, not a seed fact: the first working
# day of the plan's last quarter, leaving that quarter to agree what follows the plan.
KAZ_REVIEW = "Tinjauan rencana aksi Indonesia–Kazakhstan 2025–2027 sebelum berakhir"
KAZ_REVIEW_DUE = dt.date(2027, 10, 1)


def _kazakhstan_review(officer: User) -> None:
    mou = Agreement.objects.get(parties__partner__code="KAZ", kind=Agreement.Kind.MOU)
    if Obligation.objects.filter(agreement=mou, title=KAZ_REVIEW).exists():
        return
    workflow_services.obligation_create(
        user=officer,
        agreement=mou,
        title=KAZ_REVIEW,
        start=KAZ_REVIEW_DUE,
        interval_months=12,
        end=dt.date(2027, 12, 31),  # the plan's last day: one review, before it ends
        owner_unit=_unit("biro-kerja-sama"),
    )


def load(*, officer: User, workshop_countries: list[str]) -> None:
    """Plans and meetings from seeds 000, 001 and 002; safe to run again."""
    _kazakhstan(officer)
    _kazakhstan_review(officer)
    _cambodia(officer)
    _workshop(officer, workshop_countries)
