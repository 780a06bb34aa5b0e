"""Helpers for the site-wide tests: free loopback ports and the environment of child processes."""
import os
import socket
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (closed again before it is returned)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def child_env(tmp_path):
    """Environment for a child Python process: this interpreter's, with the project importable,
    and with the embedded defaults (no database, broker or store from the parent's environment)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "S3_BUCKET", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env["PYTHONPATH"] = str(BASE_DIR)
    env["DJANGO_SETTINGS_MODULE"] = "archive_site.settings"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'child.sqlite3'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    return env


@pytest.fixture
def python():
    return sys.executable
