"""Several app servers behind nginx on one database (issue 18, "Past one machine").

What the README's deployment section describes, started on one machine: each app server is the
gunicorn command `mitra serve` runs (as on its own host; the database is migrated and the static
files are served from the package, so the migrate and collectstatic steps before it are left
out to start in seconds), all of them with the same environment
(database, secret key, a shared MITRA_DATA_DIR for documents and job files), and nginx from
Debian in front, balancing between them. The two-server test and `mitra bench --only cluster`
both start it from here. nginx runs as a child process with its whole prefix (configuration,
logs, temporary files, pid) in a folder of ours, so no system nginx is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import gunicorn

from mitra.core.serving import gunicorn_argv

MITRA = str(Path(sys.executable).parent / "mitra")
# gunicorn 27 opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl): servers
# sharing a host would take it from each other (and from anyone else's), and Mitra uses none.
_OWN_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn.version_info >= (27,) else []
# nginx answers with the app server that served each request, so a test can tell them apart.
UPSTREAM_HEADER = "X-Mitra-Upstream"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None
    )


def free_ports(count: int) -> list[int]:
    """`count` free loopback ports: from MITRA_PORTS (`8661-8669`) when it is set, so that on a
    shared machine everyone keeps to their own range; otherwise any the system hands out."""
    wanted = os.environ.get("MITRA_PORTS", "")
    if wanted:
        low, _, high = wanted.partition("-")
        candidates = list(range(int(low), int(high or low) + 1))
    else:
        candidates = [0] * count
    held: list[socket.socket] = []  # kept open until all are found, so none comes twice
    try:
        for candidate in candidates:
            s = socket.socket()
            if candidate:
                # As gunicorn and nginx bind: a port of the range whose last connections
                # linger in TIME_WAIT (a server stopped a moment ago) is free for them too.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                s.close()
                continue
            held.append(s)
            if len(held) == count:
                return [int(h.getsockname()[1]) for h in held]
    finally:
        for h in held:
            h.close()
    raise RuntimeError(f"{count} free ports were needed; MITRA_PORTS={wanted!r} has fewer")


def nginx_conf(prefix: Path, listen: int, upstreams: list[int]) -> str:
    """The balancer: round robin over the app servers, the client's Host (with its port, which
    Django's CSRF check compares with the Origin) and address passed on."""
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in upstreams)
    # As root nginx would switch its worker to `nobody`, who cannot write our temp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log {prefix / "access.log"};
{temp}
    client_max_body_size 250m;
    upstream mitra {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{listen};
        location / {{
            proxy_pass http://mitra;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 300s;
            add_header {UPSTREAM_HEADER} $upstream_addr always;
        }}
    }}
}}
"""


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (our loopback)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Cluster:
    """App servers (by port) and the balancer in front of them."""

    port: int  # nginx's
    app_ports: list[int]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def app_env(data_dir: Path, database_url: str, secret_key: str) -> dict[str, str]:
    """What every app server shares: the same database, key and data directory."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mitra.settings",
        "MITRA_DATA_DIR": str(data_dir),
        "MITRA_DATABASE_URL": database_url,
        "MITRA_SECRET_KEY": secret_key,
        "MITRA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MITRA_DAILY_COMMANDS": "",
    }


@contextmanager
def running(*, env: dict[str, str], servers: int, workers: int, folder: Path) -> Iterator[Cluster]:
    """`servers` app servers of `workers` gunicorn workers each, behind nginx, on a migrated
    database; all stopped on leaving."""

    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx-light)")
    folder.mkdir(parents=True, exist_ok=True)
    ports = free_ports(servers + 1)
    cluster = Cluster(port=ports[0], app_ports=ports[1:])
    try:
        for n, port in enumerate(cluster.app_ports):
            log = folder / f"app-{n + 1}.log"
            process = subprocess.Popen(
                gunicorn_argv("127.0.0.1", port, workers) + _OWN_CONTROL_SOCKET,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            cluster.processes.append(process)
        for n, port in enumerate(cluster.app_ports):
            log = folder / f"app-{n + 1}.log"
            _wait_for(f"http://127.0.0.1:{port}/healthz", cluster.processes[n], log, 120)
        prefix = folder / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(prefix, cluster.port, cluster.app_ports))
        log = prefix / "stdout.log"
        process = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        cluster.processes.append(process)
        _wait_for(f"{cluster.url}/healthz", process, prefix / "error.log", 30)
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            _stop(process)
