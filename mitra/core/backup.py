"""`mitra backup FILE` and `mitra restore FILE`: the database and the stored documents as one
archive, with a manifest of SHA-256 hashes and the schema version (DESIGN.md, CLI table).

The archive is a gzip-compressed tar whose first member is `manifest.json`; then the database
(`database.sqlite3`, a page-by-page copy through SQLite's online backup API inside one read
transaction, or `database.pgdump`, `pg_dump`'s custom format) and `documents/…`, the stored files.
The files are read and written through the document storage (STORAGES["default"]), so the same
archive holds them whether they live in a folder or in an S3 bucket (MITRA_STORAGE_URL), and
restores into either.
The manifest comes first so that a restore knows every member's size and hash before it reads a
byte of it: a foreign, damaged or truncated archive is refused before anything is installed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection, connections
from django.utils.translation import gettext as _

FORMAT = "mitra-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PGDUMP_MEMBER = "database.pgdump"
DOCUMENTS = "documents"
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# A document's path below the documents folder as Mitra writes it (`ab/ab…ef.pdf`, see
# documents.models._upload_path), or any other plain relative path without `..` or dot-files.
SAFE_PART = re.compile(r"^[\w][\w.-]*$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the user's language."""


# --- progress on a terminal ------------------------------------------------------------------


class Progress:
    """One line per step; on a terminal the line counts up in place."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream
        self.tty = bool(stream is not None and stream.isatty())
        self._open = False

    def update(self, label: str, done: int, total: int) -> None:
        if self.stream is None or not self.tty:
            return
        share = f"{100 * done // total}%" if total else f"{done}"
        self.stream.write(f"\r{label}: {share}   ")
        self.stream.flush()
        self._open = True

    def line(self, text: str) -> None:
        if self.stream is None:
            return
        if self._open:
            self.stream.write("\r")
            self._open = False
        self.stream.write(text + "\n")
        self.stream.flush()


# --- what the archive holds ------------------------------------------------------------------


@dataclass
class Manifest:
    vendor: str
    migrations: list[list[str]]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_at: str = ""

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "created_at": self.created_at,
                "database": {"vendor": self.vendor},
                "schema": {"migrations": self.migrations},
                "files": self.files,
            },
            indent=1,
            sort_keys=True,
        ).encode()

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise ValueError
            if raw.get("version") != VERSION:
                raise BackupError(
                    _("This backup has format version %(version)s, which this Mitra cannot read.")
                    % {"version": raw.get("version")}
                )
            manifest = cls(
                vendor=str(raw["database"]["vendor"]),
                migrations=[[str(a), str(n)] for a, n in raw["schema"]["migrations"]],
                files={
                    str(name): {"sha256": str(info["sha256"]), "size": int(info["size"])}
                    for name, info in raw["files"].items()
                },
                created_at=str(raw.get("created_at", "")),
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(
                _("This file is not a Mitra backup: its manifest is not one.")
            ) from exc
        for name in manifest.files:
            member_name(name)  # refuses a path that would leave the target folder
        return manifest


def member_name(name: str) -> str:
    """`name` if it is one Mitra writes: the manifest, the database, or a plain document path."""
    if name in (MANIFEST, SQLITE_MEMBER, PGDUMP_MEMBER):
        return name
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or len(path.parts) < 2
        or path.parts[0] != DOCUMENTS
        or not all(SAFE_PART.match(part) for part in path.parts[1:])
    ):
        raise foreign_member(name)
    return name


def foreign_member(name: str) -> BackupError:
    return BackupError(
        _("This backup holds a file Mitra never writes (%(name)s); nothing was restored.")
        % {"name": name[:200]}
    )


def database_member(vendor: str) -> str:
    return SQLITE_MEMBER if vendor == "sqlite" else PGDUMP_MEMBER


def document_storage() -> Storage:
    return storages["default"]


def storage_label() -> str:
    """Where the documents live, for messages: a folder, or s3://bucket/prefix."""
    options = cast(dict[str, Any], settings.STORAGES["default"]).get("OPTIONS", {})
    if "bucket_name" in options:
        return f"s3://{options['bucket_name']}/{options.get('location', '')}"
    return str(options.get("location", ""))


def applied_migrations(cursor: Any) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file the document storage holds, by its name there, in a stable order."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # a documents folder not made yet: nothing stored
        return
    # A link in a documents folder is none of Mitra's files (it writes none): left out, so that
    # a backup never carries what it points to.
    local = isinstance(storage, FileSystemStorage)
    for name in sorted(names):
        path = f"{folder}/{name}" if folder else name
        if not (local and os.path.islink(storage.path(path))):
            yield path
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _stored_hash(storage: Storage, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _HashingReader:
    """Hands tarfile a stored file's bytes and hashes them on the way: the bytes archived are
    checked against the manifest's hash, taken in an earlier pass."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        return chunk


# --- the database's side ---------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _sqlite_snapshot(target: Path, progress: Progress) -> None:
    """Copy the live SQLite database page by page, as of one moment, while others write.

    The read transaction opened first pins the snapshot (WAL: writers go on beside it), so the
    backup never restarts and what is copied is one consistent state.
    """
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupError(_("There is no database at %(path)s to back up.") % {"path": source_path})
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, isolation_level=None)
    destination = sqlite3.connect(target)
    try:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        label = _("database")

        def step(_status: int, remaining: int, total: int) -> None:
            progress.update(label, total - remaining, total)

        source.backup(destination, pages=2048, progress=step)
        source.execute("COMMIT")
    finally:
        destination.close()
        source.close()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools."""
    conf = connection.settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def pg_tool(name: str) -> str:
    """The pg_dump or pg_restore of the server's major version (or newer), or a clear error.

    An older client refuses a newer server's dump; Debian installs each version's tools under
    /usr/lib/postgresql/<major>/bin, with /usr/bin/<tool> choosing one of them.
    """
    connection.ensure_connection()
    server = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    candidates: list[tuple[int, str]] = []
    for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"):
        with contextlib.suppress(ValueError):
            candidates.append((int(path.parts[-3]), str(path)))
    on_path = shutil.which(name)
    if on_path:
        out = subprocess.run([on_path, "--version"], capture_output=True, text=True, check=False)
        found = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
        if found:
            candidates.append((int(found.group(1)), on_path))
    usable = sorted(c for c in candidates if c[0] >= server)
    if not usable:
        raise BackupError(
            _(
                "%(tool)s for PostgreSQL %(version)s or newer is needed "
                "(Debian: apt-get install postgresql-client-%(version)s)."
            )
            % {"tool": name, "version": server}
        )
    return usable[0][1]


def _run_pg(argv: list[str], env: dict[str, str], progress: Progress, total: int) -> None:
    """Run a client tool with --verbose, counting its per-table lines as progress."""
    label = _("database")
    done = 0
    errors: list[str] = []
    with subprocess.Popen(
        argv, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "contents of table" in line or "data for table" in line:
                done += 1
                progress.update(label, min(done, total), total)
            elif "error" in line.lower() or "fatal" in line.lower():
                errors.append(line.strip())
        code = proc.wait()
    if code != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(argv[0]).name, "error": " ".join(errors)[:1000] or code}
        )


def _pg_table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return int(cursor.fetchone()[0])


def _pg_snapshot(target: Path, progress: Progress) -> None:
    """pg_dump: one transaction's snapshot of the database, while Mitra keeps running."""
    args, env = _pg_env()
    argv = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    argv += ["--verbose", "--file", str(target), *args]
    _run_pg(argv, env, progress, _pg_table_count())


# --- backup ----------------------------------------------------------------------------------


def backup(path: Path, *, stream: IO[str] | None = None) -> Manifest:
    """Write the database and the stored documents to `path` (a .tar.gz with its manifest)."""
    progress = Progress(stream)
    vendor = connection.vendor
    path = path.resolve()
    if path.is_dir():
        raise BackupError(_("%(path)s is a folder; name the archive to write.") % {"path": path})
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mitra-backup-", dir=path.parent) as work:
        db_file = Path(work) / database_member(vendor)
        if vendor == "sqlite":
            _sqlite_snapshot(db_file, progress)
            with contextlib.closing(sqlite3.connect(db_file)) as snap:
                migrations = applied_migrations(snap.cursor())
        elif vendor == "postgresql":
            with connection.cursor() as cursor:
                migrations = applied_migrations(cursor)
            _pg_snapshot(db_file, progress)
        else:  # pragma: no cover - settings allow only these two
            raise BackupError(vendor)
        manifest = Manifest(
            vendor=vendor,
            migrations=migrations,
            created_at=dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        )
        storage = document_storage()
        stored = list(stored_names(storage))
        manifest.files[db_file.name] = {
            "sha256": _sha256_file(db_file),
            "size": db_file.stat().st_size,
        }
        for i, name in enumerate(stored):
            sha256, size = _stored_hash(storage, name)
            manifest.files[f"{DOCUMENTS}/{name}"] = {"sha256": sha256, "size": size}
            progress.update(_("checksums"), i + 1, len(stored))
        partial = Path(work) / "archive.partial"
        total = sum(info["size"] for info in manifest.files.values())
        written = 0
        label = _("archive")
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            with db_file.open("rb") as f:
                tar.addfile(_member_info(db_file.name, manifest, info.mtime), f)
            for name in stored:
                member = f"{DOCUMENTS}/{name}"
                try:
                    with storage.open(name, "rb") as f:
                        reader = _HashingReader(f)
                        tar.addfile(_member_info(member, manifest, info.mtime), reader)
                except OSError as exc:  # shorter now, or gone (FileNotFoundError)
                    raise _changed(member) from exc
                if reader.digest.hexdigest() != manifest.files[member]["sha256"]:
                    raise _changed(member)
                written += manifest.files[member]["size"]
                progress.update(label, written, total)
        partial.chmod(0o600)
        os.replace(partial, path)  # never a half-written archive under the name asked for
    progress.line(
        _("Backup written to %(path)s: database and %(count)s stored files, %(size)s MB.")
        % {
            "path": path,
            "count": len(stored),
            "size": f"{path.stat().st_size / 1e6:.1f}",
        }
    )
    return manifest


def _member_info(name: str, manifest: Manifest, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = manifest.files[name]["size"]
    info.mtime = mtime
    info.mode = 0o600
    return info


def _changed(name: str) -> BackupError:
    return BackupError(
        _("%(name)s changed while it was being backed up; try again.") % {"name": name}
    )


# --- restore ---------------------------------------------------------------------------------


def _target_is_empty() -> list[str]:
    """What the configured database and documents folder already hold (empty: nothing)."""
    held: list[str] = []
    if connection.vendor == "sqlite":
        db = _sqlite_path()
        if db.exists() and db.stat().st_size > 0:
            with contextlib.closing(sqlite3.connect(db)) as conn:
                tables = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()[0]
            if tables:
                held.append(_("the database %(path)s has %(n)s tables") % {"path": db, "n": tables})
    else:
        tables = _pg_table_count()
        if tables:
            held.append(
                _("the database %(name)s has %(n)s tables")
                % {"name": connection.settings_dict["NAME"], "n": tables}
            )
    if next(stored_names(document_storage()), None) is not None:
        held.append(_("the documents folder %(path)s is not empty") % {"path": storage_label()})
    return held


def _copy_member(
    source: IO[bytes], target: Path, expected: dict[str, Any], on_bytes: Callable[[int], None]
) -> None:
    """Write one member, reading no more than the manifest's size; refuse a wrong hash."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > expected["size"]:
                break
            digest.update(chunk)
            out.write(chunk)
            on_bytes(len(chunk))
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(
            _("%(name)s in this backup does not match its manifest: the archive is damaged.")
            % {"name": target.name}
        )


def _unpack(archive: Path, staging: Path, progress: Progress) -> Manifest:
    """Unpack and check every member into `staging`: returns the manifest once all is whole."""
    try:
        # Closed by `with tar:` below; opened apart so that its own errors read "not a backup".
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            _("This file is not a Mitra backup (not a gzip-compressed tar archive).")
        ) from exc
    seen: set[str] = set()
    try:
        with tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(_("This file is not a Mitra backup: it has no manifest."))
            if first.size > MANIFEST_MAX_BYTES:
                raise BackupError(_("This file is not a Mitra backup: its manifest is too big."))
            raw = tar.extractfile(first)
            assert raw is not None
            manifest = Manifest.parse(raw.read())
            total = sum(info["size"] for info in manifest.files.values())
            done = 0
            label = _("restoring files")

            def count(n: int) -> None:
                nonlocal done
                done += n
                progress.update(label, done, total)

            while (member := tar.next()) is not None:
                name = member_name(member.name)
                if not member.isfile() or name not in manifest.files or name in seen:
                    raise foreign_member(member.name)
                source = tar.extractfile(member)
                assert source is not None
                _copy_member(source, staging / name, manifest.files[name], count)
                seen.add(name)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(
            _("This backup is damaged or truncated (%(error)s); nothing was restored.")
            % {"error": str(exc)[:200] or type(exc).__name__}
        ) from exc
    missing = set(manifest.files) - seen
    if missing:
        raise BackupError(
            _("This backup is truncated: %(n)s files named in its manifest are missing.")
            % {"n": len(missing)}
        )
    return manifest


def _check_compatible(manifest: Manifest) -> None:
    vendor = connection.vendor
    if manifest.vendor != vendor:
        raise BackupError(
            _(
                "This backup was taken from a %(theirs)s database and this Mitra uses "
                "%(ours)s; restore it into a Mitra configured like the one it came from."
            )
            % {"theirs": manifest.vendor, "ours": vendor}
        )
    if database_member(vendor) not in manifest.files:
        raise BackupError(_("This backup holds no database."))
    unknown = {tuple(m) for m in manifest.migrations} - known_migrations()
    if unknown:
        app, name = sorted(unknown)[0]
        raise BackupError(
            _(
                "This backup was made by a newer Mitra (its schema has %(migration)s, unknown "
                "here); upgrade Mitra first."
            )
            % {"migration": f"{app}.{name}"}
        )


def _install_sqlite(snapshot: Path) -> None:
    db = _sqlite_path()
    connections.close_all()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    os.replace(snapshot, db)


def _install_postgresql(dump: Path, progress: Progress, force: bool) -> None:
    args, env = _pg_env()
    tables = subprocess.run(
        [pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
    ).stdout.count(" TABLE DATA ")
    argv = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    argv += ["--single-transaction", "--verbose", *args, str(dump)]
    if not force:
        _run_pg(argv, env, progress, tables)
        return
    # Replacing: the old schema is set aside, not dropped, until the new one is whole.
    aside = f"mitra_replaced_{dt.datetime.now(tz=dt.UTC):%Y%m%d%H%M%S}"
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER SCHEMA public RENAME TO "{aside}"')
        cursor.execute("CREATE SCHEMA public")
    try:
        _run_pg(argv, env, progress, tables)
    except BackupError:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute(f'ALTER SCHEMA "{aside}" RENAME TO public')
        raise
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{aside}" CASCADE')


def _install_documents(staged: Path) -> int:
    """Replace what the document storage holds with the checked files staged from the archive."""
    storage = document_storage()
    for name in list(stored_names(storage)):
        storage.delete(name)
    count = 0
    for path in sorted(staged.rglob("*")) if staged.is_dir() else []:
        if not path.is_file():
            continue
        name = path.relative_to(staged).as_posix()
        with path.open("rb") as f:
            saved = storage.save(name, File(f, name=name))
        if saved != name:  # pragma: no cover - the storage was emptied just above
            raise BackupError(
                _("%(name)s could not be restored under its own name.") % {"name": name}
            )
        count += 1
    return count


def restore(path: Path, *, force: bool = False, stream: IO[str] | None = None) -> Manifest:
    """Restore an archive written by `backup` into an empty database and documents folder.

    Everything is unpacked and checked against the manifest first; only a whole, matching
    archive touches the target. With `force`, what the target holds is replaced.
    """
    from django.core.management import call_command

    progress = Progress(stream)
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    held = _target_is_empty()
    if held and not force:
        raise BackupError(
            _("Mitra restores only into an empty place, and %(held)s. Use --force to replace it.")
            % {"held": "; ".join(held)}
        )
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mitra-restore-", dir=data_dir) as work:
        staging = Path(work)
        manifest = _unpack(path, staging, progress)
        _check_compatible(manifest)
        snapshot = staging / database_member(manifest.vendor)
        if manifest.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(snapshot)) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(_("The database in this backup is damaged."))
            _install_sqlite(snapshot)
        else:
            _install_postgresql(snapshot, progress, force)
        count = _install_documents(staging / DOCUMENTS)
    # A backup from an older Mitra gains this version's migrations.
    call_command("migrate", interactive=False, verbosity=0)
    progress.line(
        _("Restored from %(path)s (taken %(when)s): database and %(count)s stored files.")
        % {"path": path, "when": manifest.created_at, "count": count}
    )
    return manifest


def main_backup(file: str) -> int:
    try:
        backup(Path(file), stream=sys.stderr)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def main_restore(file: str, force: bool) -> int:
    try:
        restore(Path(file), force=force, stream=sys.stderr)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0
