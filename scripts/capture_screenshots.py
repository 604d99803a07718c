"""Screenshots for the README and the home page's cards, taken from the real app.

    .venv/bin/python scripts/capture_screenshots.py [page ...]

Starts the app on a free loopback port, opens each page in Debian's headless Chromium
(/usr/bin/chromium; fonts-nanum for Hangul) and writes docs/screenshots/<page>-<lang>.png
and assets/cards/<page>-<lang>.png (a picture of each page's main figure, in each language);
only for the pages named, if any are.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
CARDS = ROOT / "assets" / "cards"
VIEWS = {
    "home": "/",
    "step": "/step?seq=hello&t=3&hidden=4",
    "gradients": "/gradients",
    "shapes": "/shapes",
    "playground": "/playground?exp=silent&o=fixed&o_v=1&o_from=8&o_before=0&f=fixed&f_v=1&f_from=2"
                  "&i=fixed&i_v=0&i_from=2&t=8&weights=hand",
    "train": "/train",
    "glossary": "/glossary?term=forget_gate&q=gate",
    "lessons": "/lessons?lesson=four_stages&screen=3",
}
# The element each card shows: the page's signature figure.
CARD_SELECTORS = {
    "step": ".lstm-diagram",
    "gradients": '[data-testid="stPlotlyChart"]',
    "shapes": ".shapes-table",
    "playground": ".play-panels",
    "train": '[data-testid="stPlotlyChart"]',
    "glossary": "table.glossary:not(.glossary-linked)",
    "lessons": ".st-key-lessons_path",
}
# Pages whose picture needs a click first: the button's label in each language.
CLICKS = {"train": {"en": "Train", "ko": "학습"}}


def main(names: list[str]) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    CARDS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(port, ROOT / "streamlit-screenshots.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for lang in ("en", "ko"):
                for name, path in VIEWS.items():
                    if names and name not in names:
                        continue
                    sep = "&" if "?" in path else "?"
                    page.goto(f"http://127.0.0.1:{port}{path}{sep}lang={lang}")
                    page.wait_for_selector(APP_IDLE, timeout=60_000)
                    # Widgets and charts load lazily: wait until no placeholder is left.
                    page.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')", timeout=60_000)
                    if name in CLICKS:
                        page.get_by_role("button", name=CLICKS[name][lang], exact=True).click()
                        page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
                        page.wait_for_selector(APP_IDLE, timeout=60_000)
                    page.wait_for_timeout(1500)  # let Plotly and KaTeX settle
                    page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=True)
                    if name in CARD_SELECTORS:
                        page.locator(CARD_SELECTORS[name]).first.screenshot(path=str(CARDS / f"{name}-{lang}.png"))
                    print(f"{name}-{lang}")
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(sys.argv[1:])
