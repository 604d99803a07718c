"""The training page in a real browser: the live curve grows while a model trains, Stop
keeps the model reached, Open in step-through shows it on /step, the model downloads and
uploads back; screenshots in both languages at 1280 × 720 and 1920 × 1080."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import chart_titled, expect_idle, expect_no_exception

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
# a long training (62 characters, 32 units × 3 layers, 2000 steps: the page's largest sizes): several seconds
LONG = ("/train?lang=en&text=the+quick+brown+fox+jumps+over+the+lazy+dog+while+a+cat+sleeps"
        "&hidden=32&layers=3&steps=2000")


def curve_length(page: Page) -> int:
    """How many points the live loss curve holds (Plotly's own data in the browser; 0 while
    the fragment's redraw has a new chart not yet plotted)."""
    plot = chart_titled(page, EN["train.loss_title"]).locator(".js-plotly-plot")
    return plot.evaluate("gd => (gd._fullData && gd._fullData[0]) ? gd._fullData[0]._length : 0")


def curve_lengths(page: Page, seconds: float) -> list[int]:
    """The live curve's point counts sampled every 0.1 s for ``seconds`` (the plotted ones)."""
    seen = []
    for _ in range(int(seconds * 10)):
        seen.append(curve_length(page))
        page.wait_for_timeout(100)
    return [n for n in seen if n > 0]


def test_train_watch_stop_open_on_step_download_and_upload(open_app, artifacts, tmp_path):
    page = open_app(LONG)
    expect(page.get_by_role("heading", name=EN["train.title"])).to_be_visible()
    page.get_by_role("button", name=EN["train.train"], exact=True).click()
    expect(chart_titled(page, EN["train.loss_title"])).to_be_visible(timeout=20_000)
    seen = curve_lengths(page, 2.0)
    assert len(set(seen)) >= 2 and seen[-1] > seen[0], seen  # the curve grows while the model trains
    page.get_by_role("button", name=EN["train.stop"]).click()
    expect(page.get_by_text(re.compile("^Stopped after"))).to_be_visible(timeout=5_000)
    expect_idle(page)
    expect_no_exception(page)

    with page.expect_download() as download:
        page.get_by_role("button", name=EN["train.download"]).click()
    saved = tmp_path / "model.npz"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"

    page.get_by_role("button", name=EN["train.open_step"]).click()
    expect(page).to_have_url(re.compile(r"/step\?"))
    expect(page.get_by_role("radio", name=EN["step.weights_session"])).to_be_checked()
    expect(page.get_by_text(re.compile("The LSTM trained on the training page: 3 layer"))).to_be_visible()
    expect(page.locator(".lstm-diagram").first).to_be_visible()
    expect_no_exception(page)

    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=EN["nav.train"]).click()
    expect(page.get_by_role("heading", name=EN["train.title"])).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
    expect(page.get_by_text(EN["train.uploaded_summary"].format(cell="LSTM"))).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(tmp_path / "bad.npz"))
    expect(page.get_by_text(EN["train.refused_not_npz"])).to_be_visible(timeout=20_000)
    expect(page.get_by_text(EN["train.uploaded_summary"].format(cell="LSTM"))).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_screenshots_after_training(open_app, artifacts, lang, size):
    page = open_app(f"/train?lang={lang}")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    table = EN if lang == "en" else KO
    page.get_by_role("button", name=table["train.train"], exact=True).click()
    expect(page.get_by_role("button", name=table["train.download"])).to_be_visible(timeout=30_000)
    expect_idle(page)
    expect_no_exception(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / f"train-{lang}-{size[0]}x{size[1]}.png"))
    page.get_by_text(table["train.use_title"]).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / f"train-{lang}-{size[0]}x{size[1]}-lower.png"))
