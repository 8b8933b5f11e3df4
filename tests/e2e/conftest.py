"""Browser journeys: Playwright for Python driving Debian's chromium against a live server.

Fixtures
- `browser`: one chromium for the session, launched from /usr/bin/chromium (never a
  downloaded browser).
- `journey`: a fresh browser context (own cookies) and page against pytest-django's
  `live_server`, 1280 px wide; `@pytest.mark.parametrize("journey", ["phone"], indirect=True)`
  makes it 375 px wide. `journey.shot(name)` saves the page at both widths into
  artifacts/screenshots/<test>/ and checks, at every step, that nothing scrolls
  sideways at 375 px and that the page logged no console error and no CSP violation.
  `journey.axe()` runs axe-core and fails on serious or critical violations.
  `with journey.refused(400):` wraps a step the app refuses on purpose (bad input is a
  4xx), so Chromium's log line for that answer is not counted as a console error.
- A console error or CSP violation fails the test even when no shot() follows it.
- Pages run with reduced motion: no transitions, so axe and screenshots see settled colours.

Playwright's sync API runs an asyncio event loop in this thread, which would make Django
refuse ORM calls from the test body; DJANGO_ALLOW_ASYNC_UNSAFE lifts that while the
browser runs, for this package only (the ORM is still used from one thread at a time;
set for the whole session it would also leak into `manage.py check --deploy`).
"""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILING_IMPACTS = {"serious", "critical"}

# Reports CSP violations to the test: init scripts and bindings are installed through the
# DevTools protocol, so the page's own CSP does not apply to them.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__netwerkCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile || document.URL}:${event.lineNumber}`
  );
});
"""


@pytest.fixture(scope="package")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"The browser journeys need Debian's chromium at {CHROMIUM} (apt-get install chromium).")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield chromium
            chromium.close()


# How Chromium logs a response with an error status, for the document and for htmx alike.
FAILED_RESPONSE = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})\b")


@dataclass
class Watch:
    """What went wrong in the page since the last check."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    refusals_expected: set[int] = field(default_factory=set)

    def console_error(self, text: str) -> None:
        status = FAILED_RESPONSE.search(text)
        if status and int(status.group(1)) in self.refusals_expected:
            return
        self.console_errors.append(text)

    def problems(self) -> list[str]:
        return [f"console error: {m}" for m in self.console_errors] + [
            f"CSP violation: {m}" for m in self.csp_violations
        ]

    def forget(self) -> None:
        self.console_errors.clear()
        self.csp_violations.clear()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Journey:
    """A member's browser session: the page, the live server and the step recorder."""

    page: Page
    base_url: str
    viewport: str
    folder: Path
    watch: Watch
    steps: int = 0

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        response = self.page.goto(self.url(path))
        self.page.wait_for_load_state("load")
        return response

    @contextmanager
    def refused(self, status: int):
        """A step the app refuses on purpose with a 4xx (bad input: the house rule). Chromium
        logs every error answer in the console; inside this block, answers with this status
        are not counted as console errors. The test asserts the refusal itself."""
        self.watch.refusals_expected.add(status)
        try:
            yield
        finally:
            self.watch.refusals_expected.discard(status)

    def assert_clean(self) -> None:
        problems = self.watch.problems()
        assert problems == [], f"{self.page.url}: " + "; ".join(problems)

    def scrolls_sideways(self) -> bool:
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        )

    def assert_no_sideways_scroll_on_a_phone(self) -> None:
        original = self.page.viewport_size
        self.page.set_viewport_size(VIEWPORTS["phone"])
        try:
            wide = self.page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))"""
            )
            assert not self.scrolls_sideways(), f"{self.page.url} scrolls sideways at 375 px: {wide}"
        finally:
            self.page.set_viewport_size(original)

    def shot(self, name: str) -> list[Path]:
        """Screenshot this step at 1280 and at 375 px, and check the page is sound."""
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_load_state("load")
        self.assert_clean()
        original = self.page.viewport_size
        paths = []
        for viewport_name, size in VIEWPORTS.items():
            self.page.set_viewport_size(size)
            path = self.folder / f"{self.steps:02d}-{slug(name)}-{viewport_name}.png"
            # caret="initial": hiding the caret would leave style="" on every field.
            self.page.screenshot(path=str(path), full_page=True, caret="initial")
            paths.append(path)
            if viewport_name == "phone":
                assert not self.scrolls_sideways(), f"{name}: {self.page.url} scrolls sideways at 375 px"
        self.page.set_viewport_size(original)
        return paths

    def axe_violations(self) -> list[dict]:
        """axe-core's serious and critical violations on the current page. The source is
        evaluated through the DevTools protocol, so the page keeps its strict CSP."""
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")
        results = self.page.evaluate(
            """async () => {
                const result = await window.axe.run(document, {resultTypes: ["violations"]});
                return result.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
                }));
            }"""
        )
        return [v for v in results if v["impact"] in AXE_FAILING_IMPACTS]

    def axe(self) -> None:
        violations = self.axe_violations()
        assert violations == [], f"axe on {self.page.url}: {violations}"


@pytest.fixture
def journey(request, browser, live_server):
    viewport = getattr(request, "param", "desktop")
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing: run `npm ci --no-audit --no-fund` (scripts/test does it).")
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        # No transitions (Bootstrap honours the preference): axe would otherwise read a
        # button's colours halfway through its hover fade, and screenshots would vary.
        reduced_motion="reduce",
    )
    watch = Watch()
    context.expose_function("__netwerkCspViolation", lambda text: watch.csp_violations.append(text))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    # Generous: CI runs two test processes on two cores beside a live server and chromium.
    page.set_default_timeout(45_000)
    page.on("console", lambda message: message.type == "error" and watch.console_error(message.text))
    page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
    folder = SCREENSHOTS / slug(request.node.name)
    for old in folder.glob("*.png"):
        old.unlink()
    trip = Journey(page=page, base_url=live_server.url, viewport=viewport, folder=folder, watch=watch)
    yield trip
    problems = watch.problems()
    context.close()
    if problems:
        pytest.fail("; ".join(problems))
