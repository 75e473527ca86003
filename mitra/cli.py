"""The `mitra` command: serve, demo, manage (DESIGN.md, "Interfaces that stay stable")."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from mitra.core.serving import gunicorn_argv


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mitra.settings")
    import django

    django.setup()


def _manage(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mitra.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mitra manage", *args])


def serve(host: str, port: int, workers: int) -> int:
    _django()
    from django.core.management import call_command

    from mitra.agreements.services import agreements_expire_due

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    expired = agreements_expire_due()
    if expired:
        print(f"{expired} agreement(s) past their expiry date marked expired.")
    print(f"Mitra: http://{host}:{port}/", flush=True)
    argv = gunicorn_argv(host, port, workers)
    os.execv(sys.executable, argv)
    return 0  # not reached


def demo() -> int:
    _django()
    from django.core.management import call_command

    from mitra import demo as demo_data

    call_command("migrate", interactive=False, verbosity=0)
    password = os.environ.get("MITRA_DEMO_PASSWORD") or demo_data.DEFAULT_PASSWORD
    summary = demo_data.load(password=password)
    print(summary)
    print("Demo users: " + ", ".join(demo_data.USERNAMES) + f"  password: {password}")
    return 0


def extract(files: list[str], out: str | None) -> int:
    """Write the extraction JSON of each file (stdout, or DIR/<name>.json with --out)."""
    import json
    from pathlib import Path

    _django()
    from django.core.exceptions import ValidationError

    from mitra.intake.extract import extract as run
    from mitra.intake.reading import read_file

    target = Path(out) if out else None
    if target:
        target.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in files:
        try:
            result = run(read_file(Path(name)))
        except (OSError, ValidationError) as exc:
            print(f"{name}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", file=sys.stderr)
            failed += 1
            continue
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if target:
            (target / f"{Path(name).stem}.json").write_text(text, encoding="utf-8")
        else:
            print(text)
    return 1 if failed else 0


def ingest(files: list[str], username: str) -> int:
    """Store each file and queue its proposals for review, as the given user."""
    from pathlib import Path

    _django()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.accounts.models import User
    from mitra.documents import services as document_services
    from mitra.documents.models import Document
    from mitra.intake import services as intake_services

    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"No user named {username!r}.", file=sys.stderr)
        return 2
    failed = 0
    for name in files:
        path = Path(name)
        try:
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            document = document_services.document_store(
                upload=upload, title=path.stem, kind=Document.Kind.NEWS, user=user
            )
            submission = intake_services.ingest(user=user, document=document)
        except (OSError, ValidationError) as exc:
            print(f"{name}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", file=sys.stderr)
            failed += 1
            continue
        print(f"{name}: {submission.proposals.count()} proposals queued for review.")
    return 1 if failed else 0


def export(kind: str, table: str, out: str | None) -> int:
    """Write partners, agreements and activities (xlsx: all sheets; csv: one table), or IATI."""
    from pathlib import Path

    _django()
    from mitra.accounts.models import User
    from mitra.interop import spreadsheets

    user = User.objects.filter(role=User.Role.OFFICER, is_active=True).first()
    if kind == "iati":
        from mitra.interop import iati

        data = iati.export_activities(user=user)
        Path(out or "mitra-iati.xml").write_bytes(data)
        print(f"IATI 2.03 activities written to {out or 'mitra-iati.xml'}.")
        return 0
    tables = spreadsheets.export_tables(user, [table] if table else spreadsheets.ORDER)
    if kind == "xlsx":
        Path(out or "mitra.xlsx").write_bytes(spreadsheets.write_xlsx(tables))
        print(
            f"Written {out or 'mitra.xlsx'}: "
            + ", ".join(f"{k} {len(v)}" for k, v in tables.items())
        )
        return 0
    name = table or "agreements"
    text = spreadsheets.write_csv(name, tables[name])
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def import_(
    kind: str, path: str, table: str, dry_run: bool, valid_only: bool, username: str
) -> int:
    """Import a spreadsheet (all rows or none, unless --valid-only) or an IATI file."""
    from pathlib import Path

    _django()
    from django.core.exceptions import ValidationError

    from mitra.accounts.models import User
    from mitra.interop import spreadsheets

    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"No user named {username!r}.", file=sys.stderr)
        return 2
    file = Path(path)
    if kind == "trade":
        return import_trade(user, file, dry_run)
    try:
        if kind == "iati":
            from mitra.interop import iati

            summary = iati.import_file(user=user, path=file, dry_run=dry_run, progress=sys.stderr)
            print(summary)
            return 0
        tables = spreadsheets.read_tables(file.read_bytes(), file.name, table)
    except (OSError, ValidationError) as exc:
        print(f"{path}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", file=sys.stderr)
        return 1
    report = spreadsheets.import_tables(
        user=user, tables=tables, dry_run=dry_run, valid_only=valid_only
    )
    for problem in report.problems:
        where = f"{problem.table} row {problem.row}" + (
            f", {problem.column}" if problem.column else ""
        )
        print(f"{where}: {problem.message}", file=sys.stderr)
    done = ", ".join(f"{k} +{v}" for k, v in report.created.items())
    changed = ", ".join(f"{k} ~{v}" for k, v in report.updated.items())
    verb = "would import" if dry_run else "imported"
    print(
        f"{report.rows} rows read; {len(report.problems)} problems; {verb}: {done or '-'} {changed}"
    )
    return 0 if report.ok else 1


def import_trade(user: Any, file: Any, dry_run: bool) -> int:
    """Import trade figures (Mitra's template or a UN Comtrade CSV): all rows or none."""
    from django.core.exceptions import ValidationError

    from mitra.trade import reading
    from mitra.trade import services as trade_services

    try:
        reading.check_size(file.stat().st_size)  # before the file is read into memory
        report = trade_services.trade_import(
            user=user, data=file.read_bytes(), filename=file.name, dry_run=dry_run
        )
    except (OSError, ValidationError) as exc:
        print(f"{file}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(f"{file.name} line {problem.line}: {problem.message}", file=sys.stderr)
    for reason, count, line in report.skipped:
        print(f"skipped {count} rows (first on line {line}): {reason}", file=sys.stderr)
    if not report.ok:
        print(f"{report.rows} rows read; {len(report.problems)} problems; nothing imported.")
        return 1
    verb = "would import" if dry_run else "imported"
    print(
        f"{report.rows} rows read ({report.layout}); {verb}: +{report.created} "
        f"~{report.updated} ={report.unchanged}"
    )
    return 0


def worker(args: list[str]) -> int:
    """Run background tasks and the daily commands until stopped (Ctrl-C, SIGTERM)."""
    _manage(["worker", *args])
    return 0


def generate(scale: int, seed: int, today: str | None = None) -> int:
    """Write synthetic data at N× a real ministry (marked [SINTETIS] / syn- / SYN-), laid out
    around today (or --today YYYY-MM-DD)."""
    import datetime as dt
    import time

    _django()
    from django.core.management import call_command
    from django.db import connection

    from mitra.bench.generate import AlreadyGenerated
    from mitra.bench.generate import generate as run

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        print(f"--today must be a date such as 2026-12-04, not {today!r}", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    start = time.perf_counter()
    try:
        counts = run(scale=scale, seed=seed, today=day)
    except AlreadyGenerated as exc:
        print(exc, file=sys.stderr)
        return 1
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    from mitra.core.models import SyntheticData

    laid = SyntheticData.objects.latest("generated_at").generated_on
    print(f"Generated scale {scale} in {time.perf_counter() - start:.0f} s, around {laid}.")
    start = time.perf_counter()
    with connection.cursor() as cursor:  # the planner's statistics, for the new sizes
        cursor.execute("ANALYZE")
    print(f"Analyzed in {time.perf_counter() - start:.0f} s.")
    return 0


def bench(
    scale: int, only: str, iati_mb: int, out: str | None, requests: int, profile: str | None
) -> int:
    _django()
    from mitra.bench import suite

    report = suite.run(
        scale=scale,
        only=only.split(","),
        iati_mb=iati_mb,
        out=out,
        requests=requests,
        profile_dir=profile,
    )
    print(suite.markdown(report))
    return 0


def remind(dry_run: bool) -> int:
    """The reminders due today, then the outbox delivered (or, --dry-run, the list only)."""
    _django()
    from django.core.management import call_command

    call_command("remind", dry_run=dry_run)
    if not dry_run:
        call_command("send_outbox", verbosity=2)  # say it, even when nothing was due
    return 0


def backup(file: str) -> int:
    """A consistent copy of the database and the stored documents, while Mitra runs."""
    _django()
    from mitra.core import backup as archive

    return archive.main_backup(file)


def restore(file: str, force: bool) -> int:
    """Restore a backup into an empty database and documents folder (or replace, with --force)."""
    _django()
    from mitra.core import backup as archive

    return archive.main_restore(file, force)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="mitra", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="apply migrations and serve with gunicorn")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument("--workers", type=int, default=2)
    sub.add_parser("demo", help="load the demo data and users (idempotent)")
    p_extract = sub.add_parser("extract", help="read texts and write the extraction JSON")
    p_extract.add_argument("files", nargs="+")
    p_extract.add_argument("--out", help="a folder for one NAME.json per file")
    p_ingest = sub.add_parser("ingest", help="store texts and queue their proposals for review")
    p_ingest.add_argument("files", nargs="+")
    p_ingest.add_argument("--user", default="officer", help="the reviewing officer")
    p_import = sub.add_parser("import", help="import a spreadsheet, an IATI file or trade figures")
    p_import.add_argument("kind", choices=["xlsx", "csv", "iati", "trade"])
    p_import.add_argument("file")
    p_import.add_argument("--table", default="", help="partners, agreements or activities")
    p_import.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    p_import.add_argument("--valid-only", action="store_true", help="keep the valid rows")
    p_import.add_argument("--user", default="officer")
    p_export = sub.add_parser("export", help="export spreadsheets or IATI XML")
    p_export.add_argument("kind", choices=["xlsx", "csv", "iati"])
    p_export.add_argument("--table", default="")
    p_export.add_argument("--out")
    p_generate = sub.add_parser("generate", help="synthetic data at N× a real ministry")
    p_generate.add_argument("--scale", type=int, default=1)
    p_generate.add_argument("--seed", type=int, default=7)
    p_generate.add_argument("--today", help="lay the dates around this day (default: today)")
    p_bench = sub.add_parser("bench", help="the benchmark suite, each figure beside a baseline")
    p_bench.add_argument("--scale", type=int, default=1)
    p_bench.add_argument("--out", help="write the JSON here")
    p_bench.add_argument(
        "--only", default="pages,extraction,iati,trade", help="sections, comma-separated"
    )
    p_bench.add_argument("--requests", type=int, default=160, help="per page and concurrency")
    p_bench.add_argument("--iati-mb", type=int, default=200, help="size of the synthetic IATI file")
    p_bench.add_argument(
        "--profile", metavar="DIR", help="write a pyinstrument call tree of each page here"
    )
    p_remind = sub.add_parser("remind", help="send the reminders due today, or list them")
    p_remind.add_argument("--dry-run", action="store_true", help="list only; send nothing")
    p_backup = sub.add_parser("backup", help="copy the database and documents to one archive")
    p_backup.add_argument("file", help="the archive to write (.tar.gz)")
    p_restore = sub.add_parser("restore", help="restore an archive written by `mitra backup`")
    p_restore.add_argument("file")
    p_restore.add_argument(
        "--force", action="store_true", help="replace what the database and documents hold"
    )
    sub.add_parser("manage", help="any Django management command", add_help=False)
    sub.add_parser(
        "worker", help="run background tasks and the daily commands (mitra manage worker --help)"
    )
    if argv[:1] == ["manage"]:
        _manage(argv[1:])
        return 0
    if argv[:1] == ["worker"]:
        return worker(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args.host, args.port, args.workers)
    if args.command == "extract":
        return extract(args.files, args.out)
    if args.command == "ingest":
        return ingest(args.files, args.user)
    if args.command == "import":
        return import_(args.kind, args.file, args.table, args.dry_run, args.valid_only, args.user)
    if args.command == "export":
        return export(args.kind, args.table, args.out)
    if args.command == "generate":
        return generate(args.scale, args.seed, args.today)
    if args.command == "remind":
        return remind(args.dry_run)
    if args.command == "bench":
        return bench(args.scale, args.only, args.iati_mb, args.out, args.requests, args.profile)
    if args.command == "backup":
        return backup(args.file)
    if args.command == "restore":
        return restore(args.file, args.force)
    return demo()


if __name__ == "__main__":
    sys.exit(main())
