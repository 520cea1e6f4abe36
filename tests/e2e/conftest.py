"""Browser tests: Playwright drives Debian's Chromium against a live server; screenshots go to test-artifacts/.

Every page a test opens is watched: a JavaScript error, an error on the console, or a serious or critical
accessibility violation found by axe-core (run on every page load and at every screenshot) fails the test."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# axe-core's verdicts that fail every test; moderate and minor ones are fixed as they are found, and
# tests/e2e/test_accessibility.py holds chosen pages to none at all.
# The API's Swagger UI is a third party's widget: its own markup is not ours to fix, the page around it is.
FAILING_IMPACTS = ("serious", "critical")
AXE_RUN = """(impacts) => {
  const run = () => axe.run({exclude: ["#swagger-ui"]}, {resultTypes: ["violations"]}).then((result) =>
    result.violations
      .filter((violation) => impacts.includes(violation.impact))
      .map((violation) => `${violation.id} (${violation.impact}) at ${location.pathname}: `
        + violation.nodes.slice(0, 5).map((node) => node.target.join(" ")).join(", ")));
  // axe-core refuses a second run while one is going (the check on load and a screenshot's): they queue.
  window.axeTurn = (window.axeTurn || Promise.resolve()).then(run, run);
  return window.axeTurn;
}"""


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Chromium is not installed: run 'make test' as root, or 'sudo apt-get install chromium'.")
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def accessibility_violations(page, impacts=FAILING_IMPACTS) -> list[str]:
    """The violations of these impacts that axe-core finds on the page as it is now."""
    return page.evaluate(AXE_RUN, list(impacts))


def _audit_on_load(page, problems: list[str]) -> None:
    try:
        problems.extend(accessibility_violations(page))
    except PlaywrightError as error:
        # The test moved on before the check ended: the next page is checked when it loads.
        if "destroyed" not in str(error) and "closed" not in str(error):
            problems.append(f"axe-core could not check {page.url}: {error}")


def watch(page, problems: list[str]) -> None:
    """Collects the page's script errors, console errors and accessibility violations into problems."""
    page.set_default_timeout(15_000)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("load", lambda loaded: _audit_on_load(loaded, problems))


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a new browser context (a new person); every page it opens is watched."""
    contexts, problems = [], []

    def open_(**options):
        context = browser.new_context(
            **{"viewport": DESKTOP, "base_url": live_server.url, "locale": "en-GB", **options}
        )
        context.add_init_script(path=AXE)
        contexts.append(context)
        page = context.new_page()
        watch(page, problems)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, f"The browser reported problems: {problems}"


@pytest.fixture
def page(open_page):
    return open_page()


def snap(page, name: str) -> None:
    """Saves the page at desktop and at phone width: test-artifacts/<name>-desktop.png and -phone.png.
    Each width is also checked for serious accessibility violations."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate("() => new Promise(requestAnimationFrame)")
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
        violations = accessibility_violations(page)
        assert not violations, f"Accessibility violations on {name} at {label} width: {violations}"
    page.set_viewport_size(DESKTOP)
