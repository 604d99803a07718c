"""Every string a user reads exists in both languages, and every key the code uses exists."""

from __future__ import annotations

import re
import string

import pytest

from lstm_viz.i18n import I18N_DIR, LANGUAGES, Translator, language_from_locale, strings
from tests.support import ROOT

CODE_DIRS = ("home.py", "pages", "ui", "lstm_viz")
KEY_USE = re.compile(r"""\btr(?:\.term)?\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)?)["']""")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_files_and_keys():
    files = {lang: sorted(p.name for p in (I18N_DIR / lang).glob("*.json")) for lang in LANGUAGES}
    assert files["ko"] == files["en"]
    assert set(strings("ko")) == set(strings("en"))
    assert len(strings("en")) > 50


def test_templates_take_the_same_fields_in_both_languages():
    ko, en = strings("ko"), strings("en")
    mismatched = {key: (_fields(ko[key]), _fields(en[key])) for key in en if _fields(ko[key]) != _fields(en[key])}
    assert mismatched == {}


def test_no_string_is_empty_and_korean_is_korean():
    for lang in LANGUAGES:
        assert all(text.strip() for text in strings(lang).values())
    hangul = re.compile("[가-힣]")
    korean_nav = [text for key, text in strings("ko").items() if key.startswith("nav.")]
    assert all(hangul.search(text) for text in korean_nav)


def _code_files():
    for name in CODE_DIRS:
        path = ROOT / name
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def test_every_key_used_in_code_exists():
    used = {m.group(1) for path in _code_files() for m in KEY_USE.finditer(path.read_text(encoding="utf-8"))}
    assert used, "the key scanner found no keys; its pattern is broken"
    glossary_terms = {k for k in used if "." not in k}
    missing = {k for k in used - glossary_terms if k not in strings("en")}
    missing |= {k for k in glossary_terms if f"glossary.{k}" not in strings("en")}
    assert missing == set()


def test_translator_formats_and_looks_up_terms():
    tr = Translator("ko")
    assert tr.term("forget_gate") == "망각 게이트"
    assert Translator("en").term("cell_state") == "cell state"
    assert "7" in Translator("en")("common.notice_truncated", length=70, max=7)
    with pytest.raises(KeyError):
        tr("common.no_such_key")


@pytest.mark.parametrize(("locale", "lang"), [("ko-KR", "ko"), ("ko", "ko"), ("KO_kr", "ko"), ("en-US", "en"),
                                              ("de-DE", "en"), (None, "en"), ("", "en")])
def test_language_from_locale(locale, lang):
    assert language_from_locale(locale) == lang
