"""MITRA_STORAGE_URL is parsed strictly: a mistake stops start-up with a message that says what
is wrong, and a secret is never accepted in (or echoed from) the URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mitra.core.storageconfig import FILESYSTEM, S3, parse_storage_url


def test_unset_means_the_documents_folder_in_the_data_dir(tmp_path):
    assert parse_storage_url("", documents_dir=tmp_path) == {
        "BACKEND": FILESYSTEM,
        "OPTIONS": {"location": tmp_path},
    }


def test_an_s3_url_names_a_private_bucket_behind_an_endpoint():
    storage = parse_storage_url(
        "s3://mitra-docs?endpoint=https://s3.kemkes.example:9000&region=ap-southeast-3"
        "&prefix=prod/documents",
        documents_dir=None,
    )
    assert storage["BACKEND"] == S3
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "mitra-docs"
    assert options["endpoint_url"] == "https://s3.kemkes.example:9000"
    assert options["region_name"] == "ap-southeast-3"
    assert options["location"] == "prod/documents"
    assert options["addressing_style"] == "path"  # what MinIO and most self-hosted servers want
    # No ACL sent (private), no signed links ever made for a browser.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert "access_key" not in options and "secret_key" not in options


def test_amazon_s3_itself_needs_only_the_bucket():
    options = parse_storage_url("s3://mitra-docs", documents_dir=None)["OPTIONS"]
    assert options["bucket_name"] == "mitra-docs"
    assert "endpoint_url" not in options and "addressing_style" not in options


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://mitra-docs", "the scheme must be s3"),
        ("s3://", "is not a bucket name"),
        ("s3://Mitra_Docs", "is not a bucket name"),
        ("s3://mitra-docs/documents", "a folder inside it goes in ?prefix="),
        ("s3://mitra-docs?endpoint=s3.example.org", "endpoint must be an http(s) URL"),
        ("s3://mitra-docs?endpoint=http://h:99999", "port must be a number"),
        ("s3://mitra-docs?bucket=x", "unknown option 'bucket'"),
        ("s3://mitra-docs?region=a&region=b", "given twice"),
        ("s3://mitra-docs?region=Jakarta Raya", "is not a region name"),
        ("s3://mitra-docs?prefix=../etc", "is not a folder name"),
        ("s3://mitra-docs?endpoint=http://h:9000&addressing=dns", "path or virtual"),
    ],
)
def test_a_malformed_url_is_refused_with_what_is_wrong(url, message):
    with pytest.raises(ImproperlyConfigured, match="MITRA_STORAGE_URL") as raised:
        parse_storage_url(url, documents_dir=None)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "url",
    [
        "s3://AKIAEXAMPLE:hunter2-secret@mitra-docs",
        "s3://mitra-docs?endpoint=http://AKIAEXAMPLE:hunter2-secret@minio:9000",
    ],
)
def test_credentials_in_the_url_are_refused_and_never_repeated(url):
    with pytest.raises(ImproperlyConfigured, match="AWS_ACCESS_KEY_ID") as raised:
        parse_storage_url(url, documents_dir=None)
    assert "hunter2" not in str(raised.value)


def test_mitra_does_not_start_with_a_malformed_storage_url(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITRA_")}
    env.update(
        DJANGO_SETTINGS_MODULE="mitra.settings",
        MITRA_DATA_DIR=str(tmp_path),
        MITRA_STORAGE_URL="s3://mitra-docs?endpoint=minio:9000",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mitra.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "MITRA_STORAGE_URL: endpoint must be an http(s) URL" in done.stderr
