"""The browser tier: the system Chromium, driven by Playwright, against a live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures here are ordinary blocking calls, which Django must be told are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every page reports what the Content-Security-Policy blocked to the console, where
# the page's watcher collects it along with the browser's own CSP messages.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
  + ` in ${e.sourceFile || document.URL}:${e.lineNumber}`));
"""
_VIOLATIONS: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


def csp_violations(page: Page) -> list[str]:
    """What the Content-Security-Policy blocked on this page so far."""
    return _VIOLATIONS[page]


def watched_page(context: BrowserContext) -> Page:
    """A new page of `context` whose CSP violations are collected."""
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    _VIOLATIONS[page] = violations

    def collect(message: ConsoleMessage) -> None:
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", collect)
    return page


def _page(browser: Browser, **options: Any) -> Iterator[Page]:
    context = browser.new_context(**options)
    page = watched_page(context)
    yield page
    context.close()
    # Every browser test also proves its pages work under the policy.
    assert csp_violations(page) == [], "the Content-Security-Policy blocked something"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
