"""The make targets and CI script: present, well-formed, and free of registry host names."""
import re
import subprocess

import pytest

from .conftest import BASE_DIR


def make_dry_run(target: str) -> str:
    result = subprocess.run(["make", "-n", target], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.tools("make")
@pytest.mark.parametrize(("target", "expected"), [
    ("demo", ["sync --frozen", "compile_translations", "migrate", "seed_demo", "runserver 127.0.0.1:8000"]),
    ("test", ["sync --frozen", "compile_translations", "-m pytest"]),
    ("lint", ["ruff check"]),
    ("bench", ["-m bench"]),
    ("messages", ["makemessages", "-l kk -l ru"]),
])
def test_make_targets(target, expected):
    commands = make_dry_run(target)
    for fragment in expected:
        assert fragment in commands, (target, fragment)


@pytest.mark.tools("make")
def test_demo_honours_port():
    result = subprocess.run(["make", "-n", "demo", "PORT=8123"], cwd=BASE_DIR, capture_output=True, text=True)
    assert "runserver 127.0.0.1:8123" in result.stdout


def test_ci_script_is_strict_bash():
    script = BASE_DIR / ".ci" / "run"
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    for fragment in ("make lint", "REQUIRE_E2E=1", "REQUIRE_POSTGRES=1", "DATABASE_URL=postgres://"):
        assert fragment in text


def test_no_registry_host_names_in_tooling_and_docs():
    pattern = re.compile(r"\b(?:[a-z0-9-]+\.)*(?:pypi\.org|pythonhosted\.org|npmjs\.(?:org|com)|docker\.io|"
                         r"debian\.org|ubuntu\.com|quay\.io|ghcr\.io)\b", re.IGNORECASE)
    for name in ("Makefile", ".ci/run", "README.md", "Dockerfile", "docker-compose.yml"):
        path = BASE_DIR / name
        if path.exists():
            assert not pattern.search(path.read_text()), name


def test_bench_runner_runs_with_no_benchmarks_or_all_of_them():
    import bench.__main__ as runner

    names = runner.discover([])
    assert names == sorted(names)
    assert all(name.startswith("bench_") for name in names)
    with pytest.raises(SystemExit):
        runner.discover(["no-such-benchmark"])
