"""URL parameters are parsed without trusting the URL: bounded, with a notice, never raising."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from lstm_viz import escape
from ui.params import ChoiceParam, FloatParam, IntParam, TextParam, clean_text

HIDDEN = IntParam("hidden", 4, 1, 32)


def test_int_in_range_is_kept_without_notice():
    assert HIDDEN.parse("7") == (7, None)
    assert HIDDEN.parse(" 32 ") == (32, None)


def test_int_out_of_range_is_clamped_with_notice():
    value, notice = HIDDEN.parse("999")
    assert value == 32
    assert notice.key == "common.notice_clamped" and notice.values["used"] == 32 and notice.values["hi"] == 32
    assert HIDDEN.parse("-5")[0] == 1


def test_int_with_hundreds_of_digits_is_clamped_not_a_crash():
    """Found by the hostile corpus: int("1" + 400 zeros) is a Python int too large for a float,
    and the finiteness check converted it (OverflowError, a traceback on every page)."""
    value, notice = HIDDEN.parse("1" + "0" * 400)
    assert value == 32 and notice.key == "common.notice_clamped" and notice.values["raw"].endswith("…")
    assert HIDDEN.parse("-" + "9" * 400)[0] == 1


def test_int_garbage_falls_back_to_default():
    for raw in ("abc", "3.5", "", "1e3", "<script>"):
        value, notice = HIDDEN.parse(raw)
        assert value == 4 and notice.key == "common.notice_invalid"


def test_float_rejects_nan_and_inf_and_clamps():
    scale = FloatParam("scale", 1.0, 0.1, 3.0)
    assert scale.parse("nan")[0] == 1.0 and scale.parse("inf")[1].key == "common.notice_invalid"
    assert scale.parse("10")[0] == 3.0
    assert scale.parse("0.5") == (0.5, None)
    assert scale.format(0.5) == "0.5"


def test_choice_is_case_insensitive_and_falls_back():
    act = ChoiceParam("act", "tanh", ("tanh", "sigmoid", "relu"))
    assert act.parse("ReLU") == ("relu", None)
    value, notice = act.parse("gelu")
    assert value == "tanh" and notice.key == "common.notice_choice"


def test_text_is_nfc_cut_and_cleaned():
    seq = TextParam("seq", "hello", 64)
    assert seq.parse("hello") == ("hello", None)
    decomposed = "\u1100\u1161"  # ᄀ + ᅡ, which NFC composes into 가
    assert seq.parse(decomposed)[0] == "가"
    value, notice = seq.parse("x" * 100)
    assert value == "x" * 64 and notice.key == "common.notice_truncated" and notice.values["length"] == 100
    assert clean_text("a\tb\x00c", 64) == ("a bc", [clean_text("\x00", 5)[1][0]])


@given(st.text(max_size=300))
def test_any_url_text_gives_a_bounded_clean_sequence(raw):
    text, _ = clean_text(raw, 64)
    assert len(text) <= 64
    assert all(ch not in "\x00\n\r\t" for ch in text)


@given(st.text(max_size=50) | st.integers().map(str) | st.from_regex(r"-?[0-9]{300,500}", fullmatch=True))
def test_parsers_never_raise(raw):
    for param in (HIDDEN, FloatParam("scale", 1.0, 0.1, 3.0), ChoiceParam("act", "tanh", ("tanh", "relu"))):
        value, _ = param.parse(raw)
        assert value is not None


def test_markdown_escape_neutralises_markup():
    hostile = "<script>alert(1)</script> **bold** $x^2$ :red[x] [a](b) `c`"
    escaped = escape.markdown(hostile)
    for ch in "<>*$:[]()`":
        assert ch not in escaped.replace("\\" + ch, "")
    assert escape.html_text("<b>&") == "&lt;b&gt;&amp;"
    assert escape.visible_char(" ") == "␣" and escape.visible_char("\u200b") == "U+200B"


def test_markdown_escape_keeps_bare_addresses_text():
    """Found by the hostile corpus: GFM links a bare address after reading the escapes, so
    /gradients' caption turned “see https://evil.example/x” into a link; a word joiner stops it."""
    escaped = escape.markdown("see https://evil.example/x, www.evil.example or me@evil.example")
    read = re.sub(r"\\(.)", r"\1", escaped)  # what the renderer's autolinker reads
    assert not re.search(r"https?://|www\.|@\w", read)
    assert read.replace(escape.WORD_JOINER, "") == "see https://evil.example/x, www.evil.example or me@evil.example"
    assert escape.markdown("hello") == "hello" and escape.markdown("안녕 a@") == "안녕 a\\@" + escape.WORD_JOINER
