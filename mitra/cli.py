"""The `mitra` command: serve, demo, manage (DESIGN.md, "Interfaces that stay stable")."""

from __future__ import annotations

import argparse
import os
import sys


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
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "mitra.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="mitra", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="apply migrations and serve with gunicorn")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument("--workers", type=int, default=2)
    sub.add_parser("demo", help="load the demo data and users (idempotent)")
    sub.add_parser("manage", help="any Django management command", add_help=False)
    if argv[:1] == ["manage"]:
        _manage(argv[1:])
        return 0
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args.host, args.port, args.workers)
    return demo()


if __name__ == "__main__":
    sys.exit(main())
