"""Test settings: the real stack, with a fast hasher and no compressed-manifest step."""

from __future__ import annotations

from mitra.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Documents written by tests go to a throwaway folder, never to the developer's data dir.
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="mitra-test-documents-")},
}

# Stashed job inputs, outputs and progress files too.
MITRA_JOBS_DIR = Path(tempfile.mkdtemp(prefix="mitra-test-jobs-"))

# Tasks run at once, inside the request, except in the tests that exercise the worker (they
# switch to the database backend and run `mitra worker`).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
