"""`mitra backup` / `mitra restore` with documents in S3-compatible object storage: the archive
holds every object of the bucket with its hash (the same archive format as with a folder), and
a restore puts them into another, empty bucket — or refuses a bucket that holds something."""

from __future__ import annotations

import hashlib
import json
import tarfile
import uuid

import pytest

from mitra.core.tests.test_backup import ON_POSTGRES, drop_database, environment, mitra
from mitra.documents.tests import s3
from mitra.documents.tests.files import pdf_bytes

MAKE_OFFICER = (
    "from mitra.accounts.models import User; "
    "User.objects.create_user(username='officer', role='officer')"
)


@pytest.fixture
def scratch_databases(django_db_blocker):
    made: list[str] = []

    def new() -> str:
        if not ON_POSTGRES:
            return ""
        name = f"mitra_backup_s3_{uuid.uuid4().hex[:8]}"
        made.append(name)
        with django_db_blocker.unblock():
            return drop_database(name, create=True)

    yield new
    with django_db_blocker.unblock():
        for name in made:
            drop_database(name)


def _env(tmp_path, name, server, bucket, database_url):
    env = environment(tmp_path / name, database_url)
    env.update(s3.CREDENTIALS, MITRA_STORAGE_URL=server.url(bucket))
    return env


@pytest.mark.django_db
def test_the_archive_holds_every_object_and_restores_into_another_bucket(
    tmp_path, s3_server, scratch_databases
):
    source_bucket, target_bucket = s3_server.new_bucket(), s3_server.new_bucket()
    source = _env(tmp_path, "source", s3_server, source_bucket, scratch_databases())
    mitra(source, "manage", "migrate", "-v", "0")
    mitra(source, "manage", "shell", "-c", MAKE_OFFICER)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "kunjungan.txt").write_text(
        "Menteri Kesehatan RI bertemu Menteri Kesehatan Kazakhstan di Astana pada 18 Januari 2024.",
        encoding="utf-8",
    )
    (texts / "mou.pdf").write_bytes(pdf_bytes("Memorandum of Understanding on health"))
    mitra(source, "ingest", *map(str, sorted(texts.iterdir())))
    stored = s3_server.objects(source_bucket)
    assert len(stored) == 2
    assert not (tmp_path / "source" / "documents").exists()  # in the bucket, not on disk

    archive = tmp_path / "mitra.tar.gz"
    done = mitra(source, "backup", str(archive))
    assert "2" in done.stderr  # "…database and 2 stored files…"
    assert s3.CREDENTIALS["AWS_SECRET_ACCESS_KEY"] not in done.stderr + done.stdout
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for key, data in stored.items():
            assert tar.extractfile(f"documents/{key}").read() == data
            assert manifest["files"][f"documents/{key}"] == {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }

    target = _env(tmp_path, "target", s3_server, target_bucket, scratch_databases())
    mitra(target, "restore", str(archive))
    assert s3_server.objects(target_bucket) == stored

    # A bucket that holds anything is not overwritten unless asked; then it holds the backup's.
    s3_server.client().put_object(Bucket=target_bucket, Key="stray.txt", Body=b"not ours")
    refused = mitra(target, "restore", str(archive), check=False)
    assert refused.returncode == 1
    assert f"s3://{target_bucket}/" in refused.stderr and "--force" in refused.stderr
    mitra(target, "restore", "--force", str(archive))
    assert s3_server.objects(target_bucket) == stored
