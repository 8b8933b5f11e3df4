"""Shared machinery for the reliability scripts: a database of their own, gunicorn on
127.0.0.1, signed-in HTTP sessions, figures. Traffic goes to 127.0.0.1 only; every
process started here is stopped here (by its own pid)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
VENV_BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"
LOCAL = "127.0.0.1"


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCAL, 0))
        return sock.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", LOCAL, "-U", "postgres", "-q", "-c", sql], check=True, capture_output=True, timeout=60)


def environment(database: str, redis_url: str | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"{PG}/{database}",
        DJANGO_SETTINGS_MODULE="netwerk.settings",
        PYTHONUNBUFFERED="1",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        # Log-in throttling is per user and IP: the load's many log-ins from 127.0.0.1 all
        # succeed, so it stays on as in production.
        **extra,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextmanager
def own_database(name: str, keep: bool = False):
    """A fresh PostgreSQL database for the script, dropped afterwards (unless keep)."""
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        if not keep:
            try:
                psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except (subprocess.SubprocessError, OSError) as error:
                say(f"(could not drop database {name}: {error})")


def manage(env: dict, *args: str, timeout: int = 900) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Process:
    """A child process we started, stopped by its own pid (TERM, then KILL)."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self.handle = open(log, "w")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, grace: float = 15) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)
        self.handle.close()


class Server(str):
    """The base URL, which also knows the gunicorn master's pid."""

    def __new__(cls, base: str, pid: int):
        server = super().__new__(cls, base)
        server.pid = pid
        return server


@contextmanager
def gunicorn(env: dict, workers: int = 2, log_dir: Path | None = None, timeout: int = 30):
    """gunicorn with `workers` sync workers on a free port of 127.0.0.1; yields the base URL."""
    port = free_port()
    log_dir = log_dir or Path(os.environ.get("BENCH_LOG_DIR", ROOT / "artifacts"))
    log_dir.mkdir(parents=True, exist_ok=True)
    process = Process(
        [
            str(VENV_BIN / "gunicorn"),
            "netwerk.wsgi:application",
            "--bind",
            f"{LOCAL}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--backlog",
            "2048",
        ],
        env,
        log_dir / f"gunicorn-{port}.log",
    )
    base = f"http://{LOCAL}:{port}"
    try:
        wait_until(lambda: requests.get(f"{base}/login/", timeout=2).status_code == 200, 60, "gunicorn to start")
        yield Server(base, process.popen.pid)
    finally:
        process.stop()


def wait_until(predicate, seconds: float, what: str) -> float:
    """Poll `predicate` until true; return how long it took. Raises after `seconds`."""
    start = time.monotonic()
    while True:
        try:
            if predicate():
                return time.monotonic() - start
        except (requests.RequestException, OSError):
            pass
        if time.monotonic() - start > seconds:
            raise TimeoutError(f"gave up waiting for {what} after {seconds:.0f} s")
        time.sleep(0.2)


def signed_in_session(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"log-in as {username} failed: {response.status_code}")
    return session


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def finish(ok: bool, summary: str) -> None:
    say(("PASS " if ok else "FAIL ") + summary)
    sys.exit(0 if ok else 1)


class Traffic:
    """Light, steady traffic from a few signed-in clients (and /health/), every answer
    recorded with the moment it came: (time, label, status, body)."""

    def __init__(self, base: str, clients: list[tuple[object, list[tuple[str, str]]]], pause: float = 0.1):
        """`clients`: (requests session, [(label, path), ...]) pairs, each run in its own thread."""
        self.base, self.clients, self.pause = base, clients, pause
        self.records: list[tuple[float, str, object, str]] = []
        self._stop = False
        self._lock = __import__("threading").Lock()
        self._threads = []

    def _loop(self, session, paths, offset):
        index = offset
        while not self._stop:
            label, path = paths[index % len(paths)]
            index += 1
            try:
                response = session.get(self.base + path, timeout=15)
                record = (time.monotonic(), label, response.status_code, response.text)
            except requests.RequestException as error:
                record = (time.monotonic(), label, type(error).__name__, "")
            with self._lock:
                self.records.append(record)
            time.sleep(self.pause)

    def __enter__(self):
        import threading

        for offset, (session, paths) in enumerate(self.clients):
            thread = threading.Thread(target=self._loop, args=(session, paths, offset), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc):
        self._stop = True
        for thread in self._threads:
            thread.join(20)

    def between(self, start: float, end: float) -> list:
        with self._lock:
            return [r for r in self.records if start <= r[0] < end]


def worker_pids(master_pid: int) -> set[int]:
    """The gunicorn workers (children of the master), to prove none was restarted."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()
