"""Two replicas of the dashboard over one PostgreSQL database, behind nginx, on loopback.

`python -m deploy.replicas` starts, in the foreground until Ctrl-C:

1. a fresh PostgreSQL database (or `--db URL`), prepared with `python -m dashboard init-db`
   and `python -m dashboard seed`;
2. `streamlit run streamlit_app.py` twice (ports 8601 and 8602), both with
   `LEARNING_CITY_DB_URL` pointing at that one database;
3. nginx from `deploy/nginx.conf.template` on 127.0.0.1:8600, with a temporary prefix folder
   (no system service): sticky sessions, websocket upgrade, the static bundle from disk
   (deploy/bundle.py: fonts reduced, gzip and Brotli ahead of time, long cache lifetimes),
   passive health checks, `/healthz`.

The bench (`bench/load.py`) and `tests/test_replicas.py` use `running()` with free ports.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deploy import bundle
from deploy.processes import dashboard_cli, free_port, stop, wait_healthy

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
PG_ADMIN_URL = os.environ.get(
    "LEARNING_CITY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
START_TIMEOUT_S = 90.0
UPLOAD_MB = 50  # = server.maxUploadSize in .streamlit/config.toml
MAX_FAILS, FAIL_TIMEOUT_S = 1, 10
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # Debian's


def nginx_binary() -> str | None:
    """nginx on PATH or in /usr/sbin (root's PATH has it, a user's may not)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def pg_unreachable(admin_url: str = PG_ADMIN_URL) -> str | None:
    """None when PostgreSQL answers, else the reason."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except OperationalError as exc:
        return f"PostgreSQL not reachable at {admin_url}: {str(exc.orig).strip().splitlines()[0]}"
    finally:
        engine.dispose()


def missing() -> str | None:
    """Why the replicas cannot start here (no nginx, no PostgreSQL), or None."""
    if nginx_binary() is None:
        return "nginx is not installed (`apt-get install nginx`; `make install-dev` does it)"
    return pg_unreachable()


@contextlib.contextmanager
def fresh_database(admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database for the run; dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"lc_replicas_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Replica:
    """One `streamlit run` of the dashboard."""

    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        """As nginx names it in $upstream_addr (the X-Served-By header)."""
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop(self.proc)


@dataclass
class Deployment:
    """The proxy's URL and what runs behind it."""

    url: str
    db_url: str
    replicas: list[Replica]
    nginx: subprocess.Popen[bytes]
    prefix: Path
    pids: list[int] = field(default_factory=list)

    def replica(self, address: str) -> Replica:
        """The replica nginx names `address` (e.g. from X-Served-By)."""
        return next(r for r in self.replicas if r.address == address)


def render_config(
    prefix: Path, listen: str, ports: Sequence[int], published: Path, user: str | None = None
) -> str:
    """deploy/nginx.conf.template with its placeholders filled in."""
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;"
        for p in ports
    )
    template = string.Template(TEMPLATE.read_text())
    brotli = BROTLI_MODULE.exists()
    # nginx variables ($host, ...) use the same sigil: substitute only our own names.
    values = {
        "PREFIX": str(prefix), "LISTEN": listen, "SERVERS": servers, "UPLOAD_MB": UPLOAD_MB,
        "BUNDLE": str(published),
        "MODULES": f"load_module {BROTLI_MODULE};" if brotli else "# no Brotli module: gzip only",
        "BROTLI_STATIC": "brotli_static on;" if brotli else "",
        # Started by root, nginx's workers would drop to an account that cannot read our private
        # temporary folder; this loopback copy keeps them as root. A server uses www-data.
        "USER_LINE": f"user {user};" if user else "user root;" if os.geteuid() == 0 else "",
    }  # fmt: skip
    return template.safe_substitute(values)


def start_replica(
    port: int, db_url: str, folder: Path, cookie_secret: str, script: str = "streamlit_app.py"
) -> Replica:
    """`streamlit run streamlit_app.py` (or the bench's `script`) on loopback `port`, over
    `db_url`.

    Every replica gets the same cookie secret: a signed-in visitor's cookie, signed by one
    replica, must be valid on the other when the first goes down.
    """
    folder.mkdir(parents=True, exist_ok=True)
    secrets_file = folder / "secrets.toml"  # a developer's own secrets.toml would win over the env
    secrets_file.write_text("# empty: the replica reads LEARNING_CITY_DB_URL\n")
    env = dict(
        os.environ,
        LEARNING_CITY_DB_URL=db_url,
        LEARNING_CITY_DATA_DIR=str(folder),
        STREAMLIT_SERVER_COOKIE_SECRET=cookie_secret,
        LEARNING_CITY_TRUSTED_PROXY="127.0.0.1",  # nginx, on this machine
    )
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("streamlit")), "run", script,
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--secrets.files", str(secrets_file),
            ],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    return Replica(port, proc, log)


@contextlib.contextmanager
def running(
    tmp: Path,
    *,
    port: int | None = None,
    replica_ports: Sequence[int] | None = None,
    db_url: str | None = None,
    script: str = "streamlit_app.py",
) -> Iterator[Deployment]:
    """Database, two replicas and nginx, all on loopback; everything stopped on exit.

    `script` runs another app the same way (the bench's floor app, with a `db_url` it ignores).
    """
    if reason := missing():
        raise RuntimeError(reason)
    tmp.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    replica_ports = list(replica_ports or [free_port(), free_port()])
    with contextlib.ExitStack() as stack:
        if db_url is None:
            db_url = stack.enter_context(fresh_database())
            dashboard_cli(["init-db"], db_url)
            dashboard_cli(["seed"], db_url)
        replicas = []
        cookie_secret = secrets.token_urlsafe(32)
        for i, p in enumerate(replica_ports, start=1):
            replica = start_replica(p, db_url, tmp / f"replica{i}", cookie_secret, script)
            stack.callback(replica.stop)
            replicas.append(replica)
        for replica in replicas:
            wait_healthy(f"{replica.url}/_stcore/health", replica.proc, replica.log)

        prefix = tmp / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(render_config(prefix, f"127.0.0.1:{port}", replica_ports, bundle.cached()))
        nginx = nginx_binary()
        assert nginx is not None
        check = subprocess.run(
            [nginx, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True
        )
        if check.returncode:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        log = prefix / "nginx.out"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [nginx, "-p", str(prefix), "-c", str(conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        stack.callback(stop, proc)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(f"{url}/healthz", proc, prefix / "error.log")
        yield Deployment(url, db_url, replicas, proc, prefix)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__)
    parser.add_argument("--port", type=int, default=8600, help="nginx's port on 127.0.0.1")
    parser.add_argument("--replica-ports", default="8601,8602", help="comma-separated")
    parser.add_argument("--db", help="an already prepared database URL (default: a fresh one)")
    parser.add_argument(
        "--render",
        metavar="PREFIX",
        type=Path,
        help="for a server: publish the bundle (deploy/bundle.py) to PREFIX/bundle, print "
        "nginx.conf (listening on --listen, replicas on --replica-ports) and exit",
    )
    parser.add_argument("--listen", default="127.0.0.1:8600", help="with --render")
    args = parser.parse_args(argv)
    ports = [int(p) for p in args.replica_ports.split(",")]
    if args.render:
        prefix = args.render.resolve()
        published = bundle.publish(prefix / "bundle")
        print(render_config(prefix, args.listen, ports, published, user="www-data"))
        return 0
    # systemd and `kill` stop us with SIGTERM: clean up as for Ctrl-C (replicas, nginx, database).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    with (
        tempfile.TemporaryDirectory(prefix="lc-replicas-") as tmp,
        running(Path(tmp), port=args.port, replica_ports=ports, db_url=args.db) as deployment,
    ):
        print(f"nginx {deployment.url} -> {', '.join(r.url for r in deployment.replicas)}")
        print(f"database {deployment.db_url}; logs under {tmp}; Ctrl-C stops everything")
        with contextlib.suppress(KeyboardInterrupt):
            while all(r.proc.poll() is None for r in deployment.replicas):
                time.sleep(1)
            print("a replica exited; stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
