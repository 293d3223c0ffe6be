"""Helpers for the viewer tests (no tests here): the system's headless Chromium driven by Playwright.

Playwright never downloads a browser here: it launches Debian's `chromium` (/usr/bin/chromium, or
$DOCGROUND_CHROMIUM). Without one the browser tests are skipped, unless DOCGROUND_REQUIRE_BROWSER=1
(set by .ci/run), which makes them fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("DOCGROUND_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("DOCGROUND_REQUIRE_BROWSER") == "1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"DOCGROUND_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test module. Stopped when the module ends: Playwright's sync
    API keeps an event loop running in this thread, which breaks later `asyncio.run` calls."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    driver = sync_playwright().start()
    chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield chromium
    chromium.close()
    driver.stop()


class Viewer:
    """A viewer page opened in the browser, with the console errors it logged."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: self.requests.append(r.url))

    def ready(self) -> "Viewer":
        self.page.wait_for_selector("body[data-ready='1']", timeout=15_000)
        return self

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def row(self, path: str):
        return self.page.locator(f"#tree .row[data-path='{path}']")

    def boxes(self, path: str, cls: str = "box", pane: int = 0) -> list[dict]:
        """Bounding rects of the box elements of `path` (with class `cls`) in pane `pane`."""
        return self.js("""([path, cls, pane]) => [...document.querySelectorAll(`.pane[data-doc='${pane}'] .${cls}`)]
            .filter(b => b.dataset.path === path).map(b => {
              const r = b.getBoundingClientRect(), p = b.closest('.page');
              const q = p.getBoundingClientRect();
              return {x: r.x, y: r.y, w: r.width, h: r.height, page: Number(p.dataset.page),
                      px: q.x, py: q.y, pw: q.width, ph: q.height};
            })""", [path, cls, pane])

    def selected(self) -> str | None:
        return self.js("window.docground.state.selected")


def open_viewer(browser, url: str, **context_args) -> Viewer:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, **context_args)
    page = context.new_page()
    viewer = Viewer(page)
    page.goto(url)
    return viewer.ready()


def assert_at(rect: dict, xywh: list[float], tolerance: float = 2.0) -> None:
    """The element's rect sits at the normalized `xywh` of its page's rect, within `tolerance` px."""
    x, y, w, h = xywh
    want = (rect["px"] + x * rect["pw"], rect["py"] + y * rect["ph"], w * rect["pw"], h * rect["ph"])
    got = (rect["x"], rect["y"], rect["w"], rect["h"])
    assert all(abs(a - b) <= tolerance for a, b in zip(got, want)), (got, want)
