"""Korean particles agree with the word as it is read aloud: numbers, symbols, Hangul."""

from __future__ import annotations

import unicodedata

import pytest

from lstm_viz import korean
from lstm_viz.i18n import Translator, fill
from lstm_viz.korean import attach, particle

# ------------------------------------------------------------ an independent reading
ONES = "일이삼사오육칠팔구"


def read_aloud(n: int) -> str:
    """0 … 9999 read in full the Sino-Korean way (백, not 일백), written independently of
    lstm_viz.korean, which only looks at the last read unit."""
    if n == 0:
        return "영"
    words = []
    for value, unit in ((1000, "천"), (100, "백"), (10, "십")):
        digit, n = divmod(n, value)
        if digit:
            words.append(("" if digit == 1 else ONES[digit - 1]) + unit)
    if n:
        words.append(ONES[n - 1])
    return "".join(words)


def final_jamo(syllable: str) -> str | None:
    """The final consonant of a Hangul syllable, from its Unicode decomposition."""
    jamo = unicodedata.normalize("NFD", syllable)
    return jamo[2] if len(jamo) == 3 else None


def expected(reading: str, pair: str) -> str:
    final = final_jamo(reading[-1])
    forms = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와")}
    if pair == "로":
        return "로" if final in (None, "\u11af") else "으로"  # ᆯ: ㄹ takes 로
    consonant, vowel = forms[pair]
    return vowel if final is None else consonant


@pytest.mark.parametrize("n", range(201))
def test_every_number_from_0_to_200_takes_the_particle_of_its_reading(n):
    reading = read_aloud(n)
    for pair in ("은", "이", "을", "과", "로"):
        assert particle(str(n), pair) == expected(reading, pair), (n, reading, pair)
        assert particle(f"-{n}", pair) == particle(f"−{n}", pair) == particle(str(n), pair)


def test_the_independent_reading_is_right():
    assert [read_aloud(n) for n in (0, 1, 10, 11, 20, 100, 101, 110, 111, 200, 1000)] == [
        "영", "일", "십", "십일", "이십", "백", "백일", "백십", "백십일", "이백", "천"]


# ------------------------------------------------------------ a table written by hand
BY_HAND = [
    # numbers: the last read unit decides
    ("0", "로", "0으로"), ("1", "로", "1로"), ("2", "로", "2로"), ("3", "로", "3으로"), ("6", "로", "6으로"),
    ("7", "로", "7로"), ("8", "로", "8로"), ("10", "로", "10으로"), ("10", "은", "10은"), ("10", "을", "10을"),
    ("100", "은", "100은"), ("100", "로", "100으로"), ("20", "는", "20은"), ("3", "는", "3은"), ("9", "은", "9는"),
    ("1", "은", "1은"), ("5", "가", "5가"), ("4", "이", "4가"), ("0", "를", "0을"), ("2", "와", "2와"),
    ("3", "와", "3과"), ("1,000", "은", "1,000은"), ("10000", "로", "10000으로"), ("200000", "을", "200000을"),
    ("100000000", "이", "100000000이"),
    # decimals: read digit by digit after the point
    ("0.25", "로", "0.25로"), ("0.900", "을", "0.900을"), ("2.0", "이", "2.0이"), ("0.968", "는", "0.968은"),
    ("3.5", "를", "3.5를"), ("1.234e-05", "은", "1.234e-05는"),
    # negative numbers: the minus sign is read first and changes nothing at the end
    ("-0.968", "이", "-0.968이"), ("−1", "로", "−1로"), ("−3", "은", "−3은"), ("-10", "을", "-10을"),
    # Latin letters, spelt
    ("h", "는", "h는"), ("c", "을", "c를"), ("t", "은", "t는"), ("x", "로", "x로"), ("f", "가", "f가"),
    ("i", "는", "i는"), ("g", "을", "g를"), ("o", "와", "o와"), ("T", "는", "T는"), ("k", "이", "k가"),
    ("L", "로", "L로"), ("L", "은", "L은"), ("M", "로", "M으로"), ("N", "을", "N을"), ("R", "로", "R로"),
    ("u", "는", "u는"), ("z", "가", "z가"), ("w", "와", "w와"),
    # subscripts and primes
    ("h_t", "는", "h_t는"), ("h_T", "로", "h_T로"), ("c_prev", "와", "c_prev와"), ("W_hh", "를", "W_hh를"),
    ("b_f", "가", "b_f가"), ("φ′", "는", "φ′은"), ("x²", "는", "x²은"), ("r^k", "가", "r^k이"),
    # names read as words
    ("tanh", "는", "tanh는"), ("ReLU", "로", "ReLU로"), ("sigmoid", "을", "sigmoid를"), ("σ", "는", "σ는"),
    ("φ", "를", "φ를"), ("LSTM", "은", "LSTM은"), ("RNN", "이", "RNN이"), ("GRU", "는", "GRU는"),
    ("NaN", "을", "NaN을"), ("∞", "가", "∞가"), ("Python", "로", "Python으로"), ("PyTorch", "를", "PyTorch를"),
    ("tanh(c)", "는", "tanh(c)는"), ("σ(b_f)", "가", "σ(b_f)가"),
    ("1.8·10<sup>308</sup>", "을", "1.8·10<sup>308</sup>을"),
    # other Latin words, as written in Hangul
    ("hello", "을", "hello를"), ("random", "을", "random을"), ("model", "로", "model로"), ("step", "은", "step은"),
    ("task", "는", "task는"), ("English", "를", "English를"), ("Enter", "를", "Enter를"), ("on", "로", "on으로"),
    # Hangul
    ("학교", "로", "학교로"), ("서울", "로", "서울로"), ("집", "로", "집으로"), ("시드", "은", "시드는"),
    ("값", "가", "값이"),
    ("무작위 가중치", "을", "무작위 가중치를"), ("학습한 가중치", "로", "학습한 가중치로"),
    # asides and quotes take the particle of the word before them
    ("값(foo)", "이", "값(foo)이"), ("NaN(수가 아님)", "이", "NaN(수가 아님)이"), ("“hello”", "을", "“hello”를"),
    ("**0.900**", "을", "**0.900**을"), ("hello\\*", "을", "hello\\*를"),
    ("편향(b_if + b_hf)", "을", "편향(b_if + b_hf)을"),
    # longer particles and the copula
    ("3", "으로서", "3으로서"), ("1", "로써", "1로써"), ("3", "이며", "3이며"), ("사과", "이며", "사과며"),
    ("x", "이라는", "x라는"), ("1", "이라", "1이라"), ("2", "이나", "2나"),
    # what cannot be read gets both forms
    ("👍", "을", "👍을(를)"), ("…", "로", "…(으)로"), ("", "은", "은(는)"), ("abc…", "이", "abc…이(가)"),
    ("3", "이며", "3이며"),
]


@pytest.mark.parametrize(("word", "pair", "written"), BY_HAND)
def test_the_particle_matches_the_table_written_by_hand(word, pair, written):
    assert attach(word, pair) == written


def test_unknown_particles_are_refused():
    with pytest.raises(ValueError):
        particle("3", "의")
    assert not korean.is_particle("이고") and not korean.is_particle(".3f") and korean.is_particle("으로")


# ------------------------------------------------------------ in templates
def test_a_field_names_its_particle_and_the_value_decides():
    assert fill("시드 {seed:로} 실행", seed=3) == "시드 3으로 실행"
    assert fill("시드 {seed:로} 실행", seed=1) == "시드 1로 실행"
    assert fill("“{text}”{text!을} 씁니다", text="hello") == "“hello”를 씁니다"
    assert fill("**{x:.3f|을}** 넘지", x=0.9) == "**0.900을** 넘지"
    assert fill("{x:.3f} and {n:>3}", x=1, n=7) == "1.000 and   7"


def test_english_is_formatted_as_str_format_does():
    template = "Run the race for seed {seed} (about {seconds} s)"
    assert Translator("en")("gradients.race_run", seed=3, seconds="40") == template.format(seed=3, seconds="40")
