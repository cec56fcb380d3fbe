"""Services the fault tests start and stop themselves, on 127.0.0.1 ports of their own."""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

from django.db import connection, connections


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def start_redis(port, folder):
    """A Redis on ``port`` keeping nothing on disk; stop it with ``stop()``."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server.port = port
    wait_for(port)
    return server


def tolerant_cache_settings(port, timeout=1):
    """The production cache setting, pointed at the Redis on ``port``."""
    return {
        "default": {
            "BACKEND": "newsroom.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


@contextmanager
def paused(process):
    """``process`` stopped (SIGSTOP) for the block, as a stalled machine or a long pause would."""
    os.kill(process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(process.pid, signal.SIGCONT)


def stop(process):
    """Stop a process the test started (resumed first, in case the test paused it)."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def drop_database_connection():
    """Terminate the PostgreSQL server process behind Django's connection, as a restart does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()
