"""Every string a user reads exists in both languages, and every key the code uses exists."""

from __future__ import annotations

import importlib
import re
import string

import pytest

from lstm_viz.i18n import I18N_DIR, LANGUAGES, TERM_LINK, Translator, language_from_locale, strings
from lstm_viz.korean import is_particle
from tests.support import ROOT
from ui.frame import PAGES

CODE_DIRS = ("home.py", "pages", "ui", "lstm_viz")
KEY_USE = re.compile(r"""\btr(?:\.term)?\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)?)["']""")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _read(lang: str) -> dict[str, str]:
    """Every string as a reader reads it: a term marked as a glossary link is its words."""
    return {key: TERM_LINK.sub(r"\1", text) for key, text in strings(lang).items()}


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


# ------------------------------------------------------------------ Korean particles
FIELD_THEN_PARTICLE = re.compile(  # a field, maybe a closing quote or bold, then a particle written by hand
    r"\}(?:\*\*|[”’\"'`])*(?:으로|로|이나|이라|이랑|이며|이다|(?:은|는|이|가|을|를|과|와|나|랑|며|다)(?![가-힣]))")
PARTICLE = re.compile(r"(?:이나|이라|이랑|이며|(?:으로|로|은|는|이|가|을|를|과|와)(?![가-힣]))")
SAMPLES = ("0", "1", "3", "10", "100", "200", "0.25", "0.900", "-0.968", "1.234e-05", "∞", "NaN", "hello",
           "안녕", "tanh", "ReLU", "T", "h", "👍")


def _specs(template: str) -> list[tuple[str, str, str | None]]:
    return [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]


def test_no_korean_template_writes_a_particle_after_a_field_by_hand():
    """A particle after a number or symbol depends on its reading: the template must name
    it in the field ({seed:로}, “{text}”{text!을}) so that no "100는" can slip in."""
    hand_written = {key: m.group(0) for key, text in strings("ko").items()
                    for m in FIELD_THEN_PARTICLE.finditer(text)}
    assert hand_written == {}


def test_particles_after_symbols_written_in_the_text_agree_with_their_reading():
    """"σ는", "LSTM은", "‖W_hh‖₂ 값을", "tanh(c)": every particle written after a Latin
    letter, digit or symbol is the one its reading takes."""
    from lstm_viz.korean import ending, particle

    checked, wrong = 0, {}
    for key, text in _read("ko").items():
        for m in PARTICLE.finditer(text):
            before = text[: m.start()].rstrip("*”’\"'`")
            if not before or before[-1] in "}{:!( " or ("가" <= before[-1] <= "힣"):
                continue
            checked += 1
            if ending(before) == "unknown" or particle(before, m.group(0)) != m.group(0):
                wrong[key] = text[max(0, m.start() - 15): m.end() + 3]
    assert checked > 30
    assert wrong == {}


def test_only_korean_templates_name_particles():
    named = {key for key, text in strings("ko").items() if any(is_particle(spec.rpartition("|")[2]) or
                                                               (conv and is_particle(conv))
                                                               for _, spec, conv in _specs(text))}
    assert {"gradients.race_run", "gradients.notice_empty_text", "common.notice_clamped"} <= named
    for key, text in strings("en").items():
        assert all(not spec and conv is None for _, spec, conv in _specs(text)), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_fills_with_any_value(lang):
    tr = Translator(lang)
    for key, text in strings(lang).items():
        fields = _fields(text)
        if not fields:
            continue
        for sample in SAMPLES:
            filled = tr(key, **dict.fromkeys(fields, sample))
            assert sample in filled and "{" not in filled.replace("{{", ""), (key, filled)
            if lang == "ko" and sample not in ("👍",):
                assert not re.search(r"[은을이과]\([는를가와]\)|\(으\)로", filled), (key, filled)


def test_particles_follow_the_value_in_real_templates():
    ko = Translator("ko")
    assert ko("gradients.race_run", seed=0, seconds="40") == "시드 0으로 경주 실행 (약 40초)"
    assert ko("gradients.race_run", seed=1, seconds="40") == "시드 1로 경주 실행 (약 40초)"
    assert ko("gradients.race_run", seed=3, seconds="40").startswith("시드 3으로")
    assert ko("gradients.race_run", seed=2, seconds="40").startswith("시드 2로")
    caption = ko("gradients.input_task_caption", T=100, signal="a")
    assert caption.endswith("타임 스텝 2 … 100은 무작위 방해 기호(w, x, y, z)입니다.")
    assert "타임 스텝 2 … 5는" in ko("gradients.input_task_caption", T=5, signal="a")
    assert "“hello”를" in ko("gradients.input_text_caption", T=10, text="hello")
    assert "“안녕”을" in ko("gradients.notice_empty_text", used="안녕")
    assert "**0.900을**" in ko("gradients.why_rnn", bound="0.900", sigma="0.900", dphi="1")
    assert ko("common.notice_clamped", name="시드", raw="-5", lo=0, hi=9999, used=0).endswith("0을 사용합니다.")
    assert ko("common.notice_choice", name="가중치", raw="foo", choices="“무작위 가중치”, “학습한 가중치”",
              used="무작위 가중치") == ("링크에 담긴 “가중치” 값(foo)은 “무작위 가중치”, “학습한 가중치” 중 하나가 "
                                  "아니어서 무작위 가중치를 사용합니다.")


# ------------------------------------------------------------------ one term per concept
def test_korean_keeps_one_term_per_concept():
    """타임 스텝 for a time step (never a bare 스텝), 학습 반복 for a training step, 배율 for a
    factor, 상한 for a bound, 무작위 추측 for chance, 정확도 for accuracy, N번 층 for a layer."""
    ko = _read("ko")
    assert ko["glossary.time_step"] == "타임 스텝" and ko["glossary.training_step"] == "학습 반복"
    assert ko["glossary.factor"] == "배율" and ko["glossary.upper_bound"] == "상한"
    banned = re.compile(r"(?<!타임 )스텝|인수|한계|찍|학습된|잽니다|옆 페이지|트레이스|정답률|\d층|\}층")
    assert {key: m.group(0) for key, text in ko.items() for m in banned.finditer(text)} == {}


def _uses(text: str, name: str) -> bool:
    """Whether ``text`` uses the other name ``name``: Korean as written, English as a whole word."""
    if re.search("[가-힣]", name):
        return name in text
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE) is not None


def test_every_page_uses_the_fixed_terms_not_their_other_names():
    """The other names learners meet (assets/glossary_synonyms.json: 삭제 게이트, 장기 상태, 단기 상태,
    히든 스테이트 …) appear only in the glossary's "also called": no string of any page, in either
    language, and no Korean word in the code uses one instead of the fixed term."""
    from lstm_viz.glossary import synonyms

    other = {lang: {name for names in synonyms().values() for name in names.get(lang, ())} for lang in LANGUAGES}
    assert {"삭제 게이트", "장기 상태", "단기 상태", "히든 스테이트"} <= other["ko"]
    assert "long-term state" in other["en"]
    assert _uses("The Long-Term State is", "long-term state") and not _uses("neurons", "neuron")
    used = {f"{lang}:{key}": name for lang in LANGUAGES for key, text in _read(lang).items()
            for name in sorted(other["ko"] | other[lang]) if _uses(text, name)}
    used |= {str(path.relative_to(ROOT)): name for path in _code_files() for name in sorted(other["ko"])
             if name in path.read_text(encoding="utf-8")}
    assert used == {}


def test_both_pages_name_the_weights_alike():
    for lang in LANGUAGES:
        table = strings(lang)
        for choice in ("trained", "random"):
            assert table[f"step.weights_{choice}"] == table[f"gradients.weights_{choice}"]
    assert strings("ko")["gradients.weights_trained"] == strings("ko")["glossary.trained_weights"]


# ------------------------------------------------------------------ names for the link's notices
# Every page's settings, from its ui/<page>_data.py (the README's page pattern): a new page is covered as it lands.
PAGE_STATES = [importlib.import_module(f"ui.{page.id}_data").STATE for page in PAGES if page.id != "home"]
URL_PARAMS = {state.page_id: {name: getattr(param, "choices", None) for name, param in state.params.items()}
              for state in PAGE_STATES} | {None: {"lang": LANGUAGES}}
WIDGET_LABELS = {("step", "seq"): "step.sequence", ("step", "t"): "step.time_step", ("step", "hidden"): "step.hidden",
                 ("step", "layers"): "step.layers", ("step", "seed"): "step.seed", ("step", "weights"): "step.weights",
                 ("step", "layer"): "step.layer_view", ("gradients", "input"): "gradients.input_label",
                 ("gradients", "T"): "gradients.T_label", ("gradients", "hidden"): "gradients.hidden_label",
                 ("gradients", "seed"): "gradients.seed_label", ("gradients", "weights"): "gradients.weights_label",
                 ("gradients", "gru"): "gradients.gru_label", ("gradients", "act"): "gradients.act_label",
                 ("gradients", "scale"): "gradients.scale_label", ("gradients", "fbias"): "gradients.fbias_label",
                 ("glossary", "q"): "glossary_page.search_label"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_url_parameter_and_choice_has_a_name_in_the_readers_language(lang):
    tr = Translator(lang)
    for page, params in URL_PARAMS.items():
        for name, choices in params.items():
            label = tr.param(page, name)
            if (page, name) in WIDGET_LABELS:
                assert label == tr(WIDGET_LABELS[page, name])  # the notice names the widget the reader sees
            for choice in choices or ():
                assert tr.choice(page, name, choice)
    assert Translator("ko").choice("gradients", "act", "sigmoid") == Translator("ko").term("sigmoid") == "시그모이드"
    assert Translator("ko").param("step", "weights") == "가중치"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_trace_column_has_a_label(lang):
    from lstm_viz.tables import TRACE_COLUMNS

    tr = Translator(lang)
    labels = [tr(f"step.col_{name}") for name in ("t", *TRACE_COLUMNS)]
    assert len(set(labels)) == len(labels)
    assert all(name in tr(f"step.col_{name}") for name in TRACE_COLUMNS if name != "tanh_c")


def test_link_notices_name_the_widget_and_its_choices_in_the_readers_language():
    ko, en = Translator("ko"), Translator("en")
    values = {"name": "weights", "raw": "foo", "choices": "trained, random", "used": "trained"}
    shown = ko.link_values("step", values)
    assert ko("common.notice_choice", **shown) == ("링크에 담긴 “가중치” 값(foo)은 “학습한 가중치”, “무작위 가중치” 중 "
                                                   "하나가 아니어서 학습한 가중치를 사용합니다.")
    assert en("common.notice_choice", **en.link_values("gradients", {**values, "choices": ("random", "trained"),
                                                                     "used": "random"})) == (
        "The link's value foo for “Weights” is not one of “Random”, “Trained”, so Random is used.")
    act = ko.link_values("gradients", {"name": "act", "raw": "gelu", "choices": "tanh, sigmoid, relu", "used": "tanh"})
    assert act["choices"] == "“tanh”, “시그모이드”, “ReLU”" and act["name"] == "활성화 함수 φ"
    clamped = ko.link_values("gradients", {"name": "T", "raw": "100000", "lo": 5, "hi": 200, "used": 200})
    assert ko("common.notice_clamped", **clamped) == ("링크에 담긴 “시퀀스 길이 T” 값(100000)이 5–200 범위를 벗어나 "
                                                      "200을 사용합니다.")
    lang = ko.link_values(None, {"name": "lang", "raw": "fr", "choices": "ko, en", "used": "ko"})
    assert ko("common.notice_choice", **lang).endswith("“한국어”, “English” 중 하나가 아니어서 한국어를 사용합니다.")
    assert ko.link_values("step", {"length": 70, "max": 64}) == {"length": 70, "max": 64}
