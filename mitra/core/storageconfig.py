"""MITRA_STORAGE_URL → where stored documents live, parsed strictly (a typo stops start-up).

Unset or empty: files under MITRA_DATA_DIR/documents (a shared directory when several app
servers run). `s3://BUCKET?endpoint=URL&region=NAME&prefix=FOLDER&addressing=path|virtual`:
S3-compatible object storage through django-storages' S3 backend (boto3). Every option is
optional; without `endpoint` it is Amazon S3 itself.

The credentials are deliberately NOT part of the URL: boto3 takes them from the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment (or its other usual sources: a profile,
an instance role), so a secret never sits in a value that ends up in a process list, a log
line or an error message. A URL carrying `user:password@` is refused.

Objects are private: no ACL is sent (the bucket's own policy applies, private by default) and
no signed query-string URL is ever made, because browsers get documents only through Mitra's
download views, which check permissions and stream the bytes from the bucket.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
OPTIONS = ("endpoint", "region", "prefix", "addressing")
# S3 bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z0-9-]{1,40}$")
_PREFIX = re.compile(r"^[\w][\w.-]*(/[\w][\w.-]*)*$")
# Read from the bucket in pieces of this size into a spooled temporary file: a download keeps
# at most this much of a document in memory, the rest goes to a temporary file.
MAX_MEMORY_SIZE = 2 * 1024 * 1024


def _fail(reason: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"MITRA_STORAGE_URL: {reason}")


def parse_storage_url(raw: str, *, documents_dir: Any) -> dict[str, Any]:
    """The STORAGES["default"] entry a MITRA_STORAGE_URL names (unset: `documents_dir`)."""
    raw = raw.strip()
    if not raw:
        return {"BACKEND": FILESYSTEM, "OPTIONS": {"location": documents_dir}}
    parts = urlsplit(raw)
    if parts.scheme.lower() != "s3":
        raise _fail(f"the scheme must be s3 (e.g. s3://bucket?endpoint=…), not {parts.scheme!r}")
    if "@" in parts.netloc:
        raise _fail(
            "credentials do not go in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    bucket = parts.netloc
    if not _BUCKET.match(bucket):
        raise _fail(
            f"{bucket!r} is not a bucket name (3 to 63 lower-case letters, digits, dots, hyphens)"
        )
    if parts.path not in {"", "/"} or parts.fragment:
        raise _fail("the URL names only the bucket; a folder inside it goes in ?prefix=")
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in OPTIONS:
            raise _fail(f"unknown option {key!r} (known: {', '.join(OPTIONS)})")
        if key in options:
            raise _fail(f"option {key!r} is given twice")
        options[key] = value
    storage: dict[str, Any] = {
        "bucket_name": bucket,
        # Private objects, and never a URL a browser could fetch from the bucket itself.
        "default_acl": None,
        "querystring_auth": False,
        # Names are content hashes (documents.models._upload_path): same name, same bytes.
        "file_overwrite": True,
        "max_memory_size": MAX_MEMORY_SIZE,
        "signature_version": "s3v4",
    }
    endpoint = options.get("endpoint", "")
    if endpoint:
        point = urlsplit(endpoint)
        if point.scheme not in {"http", "https"} or not point.hostname:
            raise _fail(
                f"endpoint must be an http(s) URL such as https://s3.example.org, not {endpoint!r}"
            )
        if point.username or point.password:
            raise _fail("the endpoint carries no credentials; use AWS_ACCESS_KEY_ID")
        try:
            point.port  # noqa: B018 (a port outside 1–65535 raises here)
        except ValueError as exc:
            raise _fail("the endpoint's port must be a number between 1 and 65535") from exc
        storage["endpoint_url"] = endpoint
    region = options.get("region", "")
    if region:
        if not _REGION.match(region):
            raise _fail(f"{region!r} is not a region name (e.g. ap-southeast-3)")
        storage["region_name"] = region
    prefix = options.get("prefix", "").strip("/")
    if prefix:
        if not _PREFIX.match(prefix) or ".." in prefix.split("/"):
            raise _fail(f"{prefix!r} is not a folder name (letters, digits, . _ - and /)")
        storage["location"] = prefix
    addressing = options.get("addressing", "path" if endpoint else "")
    if addressing not in {"", "path", "virtual"}:
        raise _fail(f"addressing must be path or virtual, not {addressing!r}")
    # Most S3-compatible servers on a host of their own (MinIO, Ceph, Garage) want the bucket
    # in the path, not in the host name: the default when an endpoint is given.
    if addressing:
        storage["addressing_style"] = addressing
    return {"BACKEND": S3, "OPTIONS": storage}


def is_filesystem(storage: dict[str, Any]) -> bool:
    return bool(storage["BACKEND"] == FILESYSTEM)
