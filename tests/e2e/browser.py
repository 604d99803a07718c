"""Interaction helpers for the browser tests (Streamlit 1.67 DOM)."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# Every text of the diagram's SVG with its size on screen: font size × drawn width / viewBox width.
TEXT_SIZES = """img => {
    const bytes = Uint8Array.from(atob(img.src.split(',')[1]), c => c.charCodeAt(0));
    const svg = new DOMParser().parseFromString(new TextDecoder().decode(bytes), 'image/svg+xml').documentElement;
    const scale = img.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => ({
        text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale,
        number: t.hasAttribute('data-column') || t.hasAttribute('data-unit-number')}));
}"""


def expect_idle(page: Page) -> None:
    """Call after asserting the new output: the script finished and the socket is up."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


def expect_no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def chart_titled(page: Page, text: str):
    """The Plotly chart whose title contains ``text``."""
    return page.locator('[data-testid="stPlotlyChart"]').filter(
        has=page.locator(".gtitle", has_text=text)).first


def screenshot(page: Page, path) -> None:
    page.wait_for_timeout(300)  # let Plotly finish its transitions
    page.screenshot(path=str(path), full_page=True)


def full_screenshot(page: Page, path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the window to fit."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(height + 100, 16_000)})
    page.wait_for_timeout(1_000)  # Plotly redraws at the new size
    screenshot(page, path)
    page.set_viewport_size(size)


def open_section(page: Page, label: str) -> None:
    """Open a section drawn only when opened (an expander) by its label; wait for its rerun."""
    section = page.get_by_test_id("stExpander").filter(has=page.locator("summary", has_text=label))
    expect_idle(page)  # a key press during a run can be lost to the run's redraw
    # Enter on the focused summary, not a click: a click goes to where the summary was, and a
    # table or chart above it that is still sizing itself can move it away in between.
    section.locator("summary").press("Enter")
    expect(section.get_by_test_id("stExpanderDetails").get_by_test_id("stElementContainer").first).to_be_attached(
        timeout=40_000)  # drawn by the rerun that opening it started (after Plotly's first chart, under load)
    expect_idle(page)


class ScriptRuns:
    """Counts the app's finished script runs, full and fragment-only, as the server reports
    them on Streamlit's websocket (``script_finished``), so a test can prove that an
    interaction reran only a fragment. Create it before the page opens the app."""

    def __init__(self, page: Page) -> None:
        self.full = self.fragment = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._count))

    def settled(self, page: Page) -> tuple[int, int]:
        """(full, fragment) once no run has finished for half a second: the websocket's
        events reach the test a little after the page shows the run's output."""
        counts = None
        while counts != (counts := (self.full, self.fragment)):
            page.wait_for_timeout(500)
        return counts

    def _count(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        if message.WhichOneof("type") != "script_finished":
            return
        if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.full += 1
        elif message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.fragment += 1
