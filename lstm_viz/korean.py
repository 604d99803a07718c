"""Korean particles that agree with the word before them, as it is read aloud.

A Korean particle has two forms, chosen by the last sound of the word it follows: 은/는,
이/가, 을/를, 과/와, 아/야, 으로/로 (ㄹ takes 로), and the copula 이 (이며, 이다, 이나 …),
which drops after a vowel. Templates fill in numbers and symbols, so the choice is made
from the number or symbol *as a Korean teacher reads it*: 10 is 십 (ㅂ) → 10은; 100 is
백 → 100을; 1 is 일 (ㄹ) → 1로; 0.25 ends in 오 → 0.25로; h is 에이치 → h는; L is 엘 → L로;
tanh is 탄에이치; ReLU is 렐루; σ is 시그마.

:func:`ending` finds the last sound of a word; :func:`particle` picks the form;
:func:`attach` writes the word and its particle together. Where the last sound cannot be
known (an emoji, "…", a word in a script we do not read), the particle is written with
both forms, the way Korean software does: 은(는), 을(를), (으)로.
"""

from __future__ import annotations

import re
from typing import Literal

Ending = Literal["vowel", "rieul", "consonant", "unknown"]
"""The last sound of a word: a vowel; the final consonant ㄹ; any other final consonant."""

VOWEL: Ending = "vowel"
RIEUL: Ending = "rieul"
CONSONANT: Ending = "consonant"
UNKNOWN: Ending = "unknown"

# ---------------------------------------------------------------- how things are read
DIGITS = "영일이삼사오육칠팔구"  # 0 … 9 as read aloud (0 is 영)
SMALL_UNITS = {1: "십", 2: "백", 3: "천"}  # the place of the last non-zero digit
LARGE_UNITS = ("", "만", "억", "조", "경")  # every four places

LETTERS = {  # Latin letters, one by one, as a Korean teacher spells them
    "a": "에이", "b": "비", "c": "씨", "d": "디", "e": "이", "f": "에프", "g": "지", "h": "에이치",
    "i": "아이", "j": "제이", "k": "케이", "l": "엘", "m": "엠", "n": "엔", "o": "오", "p": "피",
    "q": "큐", "r": "알", "s": "에스", "t": "티", "u": "유", "v": "브이", "w": "더블유", "x": "엑스",
    "y": "와이", "z": "제트",
}

WORDS = {  # names read as words, not letter by letter (lower case)
    "tanh": "탄에이치", "relu": "렐루", "sigmoid": "시그모이드", "softmax": "소프트맥스",
    "lstm": "엘에스티엠", "rnn": "알엔엔", "gru": "지알유", "nan": "난", "inf": "인프",
    "numpy": "넘파이", "pytorch": "파이토치", "torch": "토치", "keras": "케라스", "python": "파이썬",
    "adam": "아담", "sgd": "에스지디", "csv": "씨에스브이", "max": "맥스", "min": "민", "log": "로그",
    "exp": "익스포넨셜", "norm": "노름", "concat": "콘캣", "hello": "헬로", "prev": "프레브",
    "pre": "프리", "url": "유알엘", "lr": "엘알",
}

SYMBOLS = {  # signs read as a word
    "σ": "시그마", "φ": "파이", "ϕ": "파이", "α": "알파", "β": "베타", "γ": "감마", "δ": "델타", "Δ": "델타",
    "ε": "엡실론", "η": "에타", "θ": "세타", "λ": "람다", "μ": "뮤", "π": "파이", "ρ": "로", "τ": "타우",
    "ω": "오메가", "Σ": "시그마", "∑": "시그마", "∏": "파이", "∞": "무한대", "%": "퍼센트", "′": "프라임",
    "″": "더블 프라임", "⊙": "원소별 곱", "×": "곱하기", "+": "플러스", "°": "도",
}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᵏⁿᵗ"  # x² is read "x 제곱": ends in ㅂ
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9"}

SILENT = " \t\n*_`\\\"'”’“‘」』》〉]"  # not read aloud at the end of a word: spaces, quotes, Markdown
MINUS = "-−"

# ---------------------------------------------------------------- the particles
PAIRS = {  # either form names the pair: (after a consonant, after a vowel)
    "은": ("은", "는"), "는": ("은", "는"),
    "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"),
    "과": ("과", "와"), "와": ("과", "와"),
    "아": ("아", "야"), "야": ("아", "야"),
}
BOTH = {"은": "은(는)", "이": "이(가)", "을": "을(를)", "과": "과(와)", "아": "아(야)"}
COPULA_DROPS = ("이나", "이라", "이랑", "이며", "이다", "이든", "이야")
"""Endings of the copula 이 whose 이 drops after a vowel (사과나, 사과라고, 사과며); in the
others (이고, 이므로, 인데, 입니다) 이 may always stay, so they need no choosing."""


def _hangul_ending(syllable: str) -> Ending:
    final = (ord(syllable) - 0xAC00) % 28
    return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def number_reading(digits: str) -> str:
    """The last read unit of a number written with digits (commas and a decimal part
    allowed): "10" → "십", "100" → "백", "20" → "십", "0" → "영", "0.25" → "오", "1,000" → "천"."""
    digits = digits.replace(",", "").strip(".")
    if "." in digits:  # decimals are read digit by digit: 0.25 → 영 점 이오
        return DIGITS[int(digits[-1])]
    if not digits.strip("0"):
        return DIGITS[0]
    place = len(digits) - len(digits.rstrip("0"))  # of the last non-zero digit, 0 for the ones
    if place == 0:
        return DIGITS[int(digits[-1])]
    if place < 4:
        return SMALL_UNITS[place]
    return LARGE_UNITS[min(place // 4, len(LARGE_UNITS) - 1)]


def _english_ending(word: str) -> Ending:
    """A Latin word's last sound as it is written in Hangul (loanword rules, roughly):
    model → 모델 (ㄹ), random → 랜덤 (ㅁ), step → 스텝 (ㅂ), text → 텍스트 (vowel)."""
    w = word.lower()
    if w.endswith("ng"):
        return CONSONANT  # 스트링
    if w.endswith("l") or re.search(r"[^aeiou]le$", w):
        return RIEUL  # 모델, 테이블
    if w.endswith(("m", "n", "me", "ne")):
        return CONSONANT  # 랜덤, 라인
    if re.search(r"(^|[^aeiou])[aeiou](p|t|k|ck)$", w):
        return CONSONANT  # a short vowel before a final p, t, k: 스텝, 캣, 북
    return VOWEL  # 바, 태스크, 텍스트, 도그, 헬프


def _latin_ending(run: str, after_underscore: bool) -> Ending:
    reading = WORDS.get(run.lower())
    if reading:
        return _hangul_ending(reading[-1])
    if len(run) == 1 or run.isupper() or (after_underscore and not re.search("[aeiouy]", run.lower())):
        return _hangul_ending(LETTERS[run[-1].lower()][-1])  # spelt: h_t → 에이치 티, GPU → … 유
    return _english_ending(run)


def ending(word: str) -> Ending:
    """The last sound of ``word`` as read aloud in Korean."""
    text = str(word).rstrip(SILENT)
    if not text:
        return UNKNOWN
    if text.endswith("</sup>") or text[-1] in SUPERSCRIPTS or re.search(r"\^[\w()+\-−/.]+$", text):
        return CONSONANT  # a power, read … 제곱: x², r^k, 10<sup>308</sup>
    if text[-1] in SUBSCRIPTS:
        text = text[:-1] + SUBSCRIPTS[text[-1]]
    last = text[-1]
    if last == ")":  # f(x) is read "f x"; 값(foo) takes the particle of 값
        depth, k = 0, len(text) - 1
        for k in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[k], 0)
            if depth == 0:
                break
        before, inside = text[:k].rstrip(), text[k + 1:-1]
        aside = text[k - 1] == " " or _is_hangul(before[-1:]) or any(_is_hangul(c) or c == " " for c in inside)
        if before and depth == 0 and aside:  # an aside: the particle belongs to the word before it
            return ending(before)
        return ending(inside) if inside else UNKNOWN
    if _is_hangul(last):
        return _hangul_ending(last)
    if (last.isascii() and last.isdigit()) or last in ".,":
        number = re.search(r"[\d.,]+$", text)
        digits = number.group(0) if number else ""
        return _hangul_ending(number_reading(digits)) if any(c.isdigit() for c in digits) else UNKNOWN
    if last.isascii() and last.isalpha():
        run = re.search(r"[A-Za-z]+$", text).group(0)
        return _latin_ending(run, text[: -len(run)].endswith("_"))
    if last in SYMBOLS:
        return _hangul_ending(SYMBOLS[last][-1])
    return UNKNOWN


def particle(word: str, pair: str) -> str:
    """The form of the particle ``pair`` that follows ``word``.

    ``pair`` names the particle by either of its forms: 은/는, 이/가, 을/를, 과/와, 아/야;
    anything that starts with 으로 or 로 (로, 으로, 으로서, 로써 …) is chosen between 으로…
    and 로… (ㄹ takes 로); the copula's endings in :data:`COPULA_DROPS` (이며, 이나, 이라는,
    이다 …) drop their 이 after a vowel. ``particle("10", "로") == "으로"``.
    """
    end = ending(word)
    if pair.startswith(("으로", "로")):
        rest = pair.removeprefix("으").removeprefix("로")
        if end == UNKNOWN:
            return f"(으)로{rest}"
        return ("로" if end in (VOWEL, RIEUL) else "으로") + rest
    if pair in PAIRS:
        consonant, vowel = PAIRS[pair]
        if end == UNKNOWN:
            return BOTH[consonant]
        return vowel if end == VOWEL else consonant
    if pair.startswith(COPULA_DROPS):
        if end == UNKNOWN:
            return f"(이){pair[1:]}"
        return pair[1:] if end == VOWEL else pair
    raise ValueError(f"not a Korean particle: {pair!r}")


def is_particle(spec: str) -> bool:
    """Whether a template's format spec names a particle (``{seed:로}``)."""
    return spec in PAIRS or spec.startswith(("으로", "로", *COPULA_DROPS))


def attach(word: str, pair: str) -> str:
    """``word`` followed by the right form of the particle: ``attach("시드 3", "로") == "시드 3으로"``."""
    return f"{word}{particle(word, pair)}"
