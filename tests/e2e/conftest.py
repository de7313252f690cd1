"""Browser fixtures: Playwright for Python driving Debian's chromium against the live test server.

`page` is a phone-sized page (most of the public arrives from a phone), `desktop_page` a
desktop-sized one; both open a fresh context per test, in Chinese and Beijing time, with the live
server as base URL, so `page.goto("/")` opens the portal. Data made in the test is visible to the
server: the live server makes the test transactional, and on SQLite shares its in-memory database.
A failing test leaves a screenshot in test-results/.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VOCWEEK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One chromium for the session."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which trips Django's async-safety
    # check on every ORM call the test makes; the calls are synchronous, so allow them while the
    # browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _open_page(request, browser, live_server, device: dict):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        **device,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    """A phone-sized page in a fresh browser context."""
    yield from _open_page(request, browser, live_server, PHONE)


@pytest.fixture
def desktop_page(request, browser, live_server):
    """A desktop-sized page in a fresh browser context."""
    yield from _open_page(request, browser, live_server, DESKTOP)
