"""Browser tests: Playwright's sync API driving Debian's Chromium at /usr/bin/chromium (never a
downloaded browser). Without Chromium they skip, unless REQUIRE_E2E=1 (CI), where they fail.

Fixtures for every app's journeys:
- `browser` (session): the headless Chromium;
- `page`: a fresh context per test (English, 1280x900), closed afterwards;
- `live_server`: pytest-django's server, with the data of the migrations (roles...) restored for
  each test, since a live-server test empties the tables when it ends;
- `screenshot(page, name)`: saves tests/e2e/screenshots/<test>/<name>.png (git-ignored);
- `login(page, live_server, username, password)`: logs in through the login form;
- `wait_until(page, "() => ...")`: polls a JavaScript function until it returns a truthy value.
`screenshot`, `login` and `wait_until` are also importable from `tests.e2e.conftest`."""
import os
import re
import time
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; Django's ORM must still be usable.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
REQUIRE_E2E = os.environ.get("REQUIRE_E2E", "").strip().lower() in {"1", "true", "yes", "on"}
# Generous: a shared two-core machine can take seconds per page while image and PDF work runs.
TIMEOUT_MS = 45_000


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).resolve().parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)


def _chromium_missing(reason: str):
    message = f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'): {reason}"
    if REQUIRE_E2E:
        pytest.fail(message + " - REQUIRE_E2E=1, so this is a failure", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _chromium_missing("not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        _chromium_missing(f"playwright is not importable ({exc})")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        manager.stop()
        _chromium_missing(f"it did not start ({exc})")
    yield browser
    browser.close()
    manager.stop()


_INITIAL_DATA: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _initial_data(django_db_setup):
    """The test database as the migrations left it (roles and other seeded rows). Django saves it
    when the database is created, because the `live_server` below asks for serialized rollback;
    it is taken over here, before Playwright starts, and restored by `live_server` itself.

    Django's own restore is switched off (the attribute is removed) for two reasons: once
    Playwright's loop runs in this thread Django's connection objects are new ones that do not
    carry the saved contents, and on PostgreSQL a flush by an earlier transactional test re-creates
    the content types under new ids, so reloading the saved ones on top of them would collide."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _INITIAL_DATA[alias] = contents
            del connection._test_serialized_contents


def _restore_initial_data() -> None:
    """Empties every table, then reloads the rows the migrations created."""
    from django.core.management import call_command
    from django.db import connections

    for alias, contents in _INITIAL_DATA.items():
        call_command("flush", verbosity=0, interactive=False, database=alias, allow_cascade=True,
                     inhibit_post_migrate=True)
        connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def live_server(live_server, django_db_serialized_rollback):
    """pytest-django's live server; the test starts from the migrations' rows (roles...), whatever
    an earlier live-server or transactional test left, since those empty every table when they end."""
    _restore_initial_data()
    return live_server


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.screenshot_folder = SCREENSHOTS / _safe(request.node.name)
    yield page
    context.close()


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")


def screenshot(page, name: str) -> Path:
    """Saves a full-page PNG of the current page and returns its path."""
    folder = getattr(page, "screenshot_folder", SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, username: str, password: str) -> None:
    """Logs in through the form and waits until the login page is left."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def wait_until(page, function: str, timeout_ms: int = TIMEOUT_MS, interval_s: float = 0.05) -> None:
    """Polls `function` (a JavaScript function source) in the page until it returns a truthy value.

    Used instead of Playwright's `wait_for_function`: once its first check is false, that one
    re-creates the predicate in the page with `new Function`, which our content security policy
    (no 'unsafe-eval') blocks. `page.evaluate` goes through the DevTools protocol, outside the CSP,
    so the policy the users get stays the one the tests run under."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(function):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_ms} ms waiting for: {function}")
        time.sleep(interval_s)


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    return screenshot


@pytest.fixture(name="login")
def login_fixture():
    return login
