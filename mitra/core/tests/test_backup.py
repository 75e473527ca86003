"""`mitra backup` / `mitra restore`, run as the operator runs them: the real command line against
a real data dir (SQLite) or real databases (PostgreSQL), comparing every row and every file."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from mitra.documents.tests.files import docx_bytes, pdf_bytes

ON_POSTGRES = bool(os.environ.get("MITRA_DATABASE_URL"))


def mitra(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "mitra.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"mitra {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITRA_")}
    env["DJANGO_SETTINGS_MODULE"] = "mitra.settings"
    env["MITRA_DATA_DIR"] = str(data_dir)
    env["MITRA_SECRET_KEY"] = "backup-test-key"
    env["LANGUAGE"] = "id"
    if database_url:
        env["MITRA_DATABASE_URL"] = database_url
    return env


# --- what a data dir holds, row by row and file by file --------------------------------------


def sqlite_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}  # noqa: S608


def postgres_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        rows = {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
            for t in tables
        }
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
        rows["(sequences)"] = sorted(sequences, key=repr)
        return rows


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- a source instance: the demo data, two stored documents, their review proposals ----------


class Instance:
    def __init__(self, root: Path, name: str, database_url: str = "") -> None:
        self.data_dir = root / name
        self.database_url = database_url
        self.env = environment(self.data_dir, database_url)

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        if self.database_url:
            return postgres_rows(self.database_url)
        return sqlite_rows(self.data_dir / "mitra.sqlite3")

    def documents(self) -> dict[str, str]:
        return files(self.data_dir / "documents")

    def is_empty(self) -> bool:
        docs = self.data_dir / "documents"
        return not any(t for t, _ in self.rows().items() if t != "(sequences)") and not (
            docs.exists() and any(docs.iterdir())
        )


def drop_database(name: str, *, create: bool = False, template: str = "") -> str:
    """Drop a scratch PostgreSQL database beside the test database (and create it anew, as a
    copy of `template` if given)."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{auth}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture(scope="module")
def instances(tmp_path_factory, django_db_blocker) -> Iterator[dict[str, Any]]:
    """A source with data and documents, its archive, and a factory of empty targets."""
    root = tmp_path_factory.mktemp("backup")
    made: list[str] = []

    def new(name: str) -> Instance:
        url = ""
        if ON_POSTGRES:
            with django_db_blocker.unblock():
                db = f"mitra_backup_{name}_{uuid.uuid4().hex[:8]}"
                url = drop_database(db, create=True)
            made.append(db)
        return Instance(root, name, url)

    source = new("source")
    mitra(source.env, "demo")
    texts = root / "texts"
    texts.mkdir()
    (texts / "kunjungan.txt").write_text(
        "Menteri Kesehatan RI bertemu Menteri Kesehatan Kazakhstan di Astana pada "
        "18 Januari 2024 dan menandatangani nota kesepahaman kerja sama kesehatan.",
        encoding="utf-8",
    )
    (texts / "mou.pdf").write_bytes(pdf_bytes("Memorandum of Understanding on health"))
    (texts / "notulen.docx").write_bytes(
        docx_bytes(
            "Notulen rapat teknis kerja sama vaksin antara Kementerian Kesehatan dan "
            "Kementerian Kesehatan Jepang di Jakarta pada tanggal 5 Maret 2024."
        )
    )
    mitra(source.env, "ingest", *map(str, sorted(texts.iterdir())))
    archive = root / "mitra.tar.gz"
    mitra(source.env, "backup", str(archive))
    try:
        yield {"source": source, "archive": archive, "new": new, "root": root}
    finally:
        with django_db_blocker.unblock():
            for db in made:
                drop_database(db)


@pytest.mark.django_db
def test_a_restored_copy_has_every_row_of_every_table_and_every_file(instances):
    source, archive = instances["source"], instances["archive"]
    target = instances["new"]("copy")

    done = mitra(target.env, "restore", str(archive))

    assert "3" in done.stderr  # "…database and 3 stored files."
    before, after = source.rows(), target.rows()
    assert set(after) == set(before)
    assert len(before) > 40  # every app's tables, their history, sessions, migrations
    assert sum(map(len, before.values())) > 200
    for table, rows in before.items():
        assert after[table] == rows, table
    assert len(source.documents()) == 3
    assert target.documents() == source.documents()


@pytest.mark.django_db
def test_the_archive_names_every_member_with_its_hash_and_the_schema(instances):
    with tarfile.open(instances["archive"], "r:gz") as tar:
        names = tar.getnames()
        manifest = __import__("json").load(tar.extractfile("manifest.json"))

    assert names[0] == "manifest.json"
    assert manifest["format"] == "mitra-backup"
    assert manifest["database"]["vendor"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert ["agreements", "0001_initial"] in manifest["schema"]["migrations"]
    assert set(manifest["files"]) == set(names[1:])
    for info in manifest["files"].values():
        assert len(info["sha256"]) == 64
        assert info["size"] > 0


@pytest.mark.django_db
def test_it_refuses_to_overwrite_a_database_that_has_data_unless_forced(instances):
    archive = instances["archive"]
    target = instances["new"]("full")
    mitra(target.env, "restore", str(archive))
    mitra(target.env, "manage", "shell", "-c", CHANGE_SOMETHING)
    (target.data_dir / "documents" / "stray.txt").write_text("not from the backup")
    before = target.rows()
    assert before != instances["source"].rows()

    refused = mitra(target.env, "restore", str(archive), check=False)

    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert "kosong" in refused.stderr  # told in Indonesian, the default language
    assert target.rows() == before

    mitra(target.env, "restore", "--force", str(archive))
    assert target.rows() == instances["source"].rows()
    assert target.documents() == instances["source"].documents()


CHANGE_SOMETHING = (
    "from mitra.partners.models import Partner; "
    "Partner.objects.filter(code='KAZ').update(name_en='Changed since the backup')"
)


def damaged(archive: Path, out: Path) -> Path:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


def truncated(archive: Path, out: Path) -> Path:
    data = archive.read_bytes()
    out.write_bytes(data[: len(data) * 2 // 3])
    return out


def without_manifest(archive: Path, out: Path) -> Path:
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers()[1:]:
            dst.addfile(member, src.extractfile(member))
    return out


def escaping(archive: Path, out: Path) -> Path:
    """A genuine manifest followed by a member that would land outside the data dir."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        first = src.getmembers()[0]
        dst.addfile(first, src.extractfile(first))
        info = tarfile.TarInfo("documents/../../escaped.txt")
        info.size = 4
        dst.addfile(info, io.BytesIO(b"evil"))
    return out


def not_an_archive(_archive: Path, out: Path) -> Path:
    out.write_bytes(b"MZ\x90\x00" + os.urandom(4096))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (damaged, "rusak"),
        (truncated, "rusak"),
        (without_manifest, "bukan cadangan Mitra"),
        (escaping, "tidak pernah ditulis Mitra"),
        (not_an_archive, "bukan cadangan Mitra"),
    ],
)
def test_it_refuses_a_damaged_truncated_or_foreign_archive_and_leaves_the_target_empty(
    instances, spoil, message
):
    bad = spoil(instances["archive"], instances["root"] / f"bad-{spoil.__name__}.tar.gz")
    target = instances["new"](spoil.__name__)

    refused = mitra(target.env, "restore", str(bad), check=False)

    assert refused.returncode == 1, refused.stderr
    assert message in refused.stderr
    assert "Traceback" not in refused.stderr
    assert target.is_empty()
    assert not (instances["root"] / "escaped.txt").exists()
    leftovers = [p.name for p in target.data_dir.glob(".mitra-restore-*")]
    assert leftovers == []


@pytest.mark.skipif(ON_POSTGRES, reason="pg_dump's snapshot is PostgreSQL's own; this is SQLite's")
@pytest.mark.django_db
def test_a_backup_taken_while_someone_writes_is_one_consistent_moment(instances):
    """A writer adds pairs of rows in transactions during the backup: the copy holds whole
    pairs only, and the writer is never refused."""
    source = instances["new"]("busy")
    shutil.copytree(instances["source"].data_dir, source.data_dir)
    db = source.data_dir / "mitra.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE pair_probe (n INTEGER)")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=20)\n"
            "while True:\n"
            "    c.execute('BEGIN IMMEDIATE')\n"
            "    c.execute('INSERT INTO pair_probe VALUES (1)')\n"
            "    c.execute('INSERT INTO pair_probe VALUES (2)')\n"
            "    c.execute('COMMIT')\n",
            str(db),
        ],
        stderr=subprocess.PIPE,
    )
    try:
        with sqlite3.connect(db) as conn:  # the writer is writing before the backup starts
            while not conn.execute("SELECT count(*) FROM pair_probe").fetchone()[0]:
                pass
        archive = instances["root"] / "busy.tar.gz"
        mitra(source.env, "backup", str(archive))
    finally:
        writer.kill()
        _, errors = writer.communicate()
    assert b"locked" not in errors
    target = instances["new"]("busy-copy")
    mitra(target.env, "restore", str(archive))
    with sqlite3.connect(target.data_dir / "mitra.sqlite3") as conn:
        ones, twos = conn.execute("SELECT sum(n = 1), sum(n = 2) FROM pair_probe").fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert ones == twos
