"""The vocabulary and one-hot encoding, against the study notes' hello table."""

import unicodedata

import numpy as np
import pytest

from lstm_core.text import Vocabulary, one_hot, split_symbols


def test_hello_matches_the_study_notes():
    v = Vocabulary.from_text("hello")
    assert v.chars == ("h", "e", "l", "o")
    assert len(v) == 4
    table = v.one_hot("hello")
    np.testing.assert_array_equal(table, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    assert table.dtype == np.float64
    assert dict(v.index) == {"h": 0, "e": 1, "l": 2, "o": 3}


def test_encode_decode_round_trip():
    v = Vocabulary.from_text("hello")
    k = v.encode("hell")
    np.testing.assert_array_equal(k, [0, 1, 2, 2])
    assert k.dtype == np.int64
    assert v.decode(k) == "hell"
    assert v.decode(v.one_hot("oleh")) == "oleh"


def test_decode_probabilities_takes_the_most_likely_symbol():
    v = Vocabulary.from_text("ab")
    assert v.decode(np.array([[0.2, 0.8], [0.6, 0.4]])) == "ba"


def test_decode_batches_time_major_and_batch_first():
    v = Vocabulary.from_text("hello")
    k = np.array([[0, 3], [1, 2]])          # (T=2, B=2)
    assert v.decode(k) == ["he", "ol"]
    assert v.decode(k, batch_first=True) == ["ho", "el"]
    assert v.decode(one_hot(k, 4)) == ["he", "ol"]


def test_hangul_emoji_and_spaces():
    v = Vocabulary.from_text("안녕 하세요 👋")
    assert v.chars == ("안", "녕", " ", "하", "세", "요", "👋")
    assert v.decode(v.encode("세요 안녕")) == "세요 안녕"


def test_nfc_normalisation_merges_decomposed_forms():
    nfd = unicodedata.normalize("NFD", "안녕하세요")
    assert len(nfd) == 12
    assert split_symbols(nfd) == ["안", "녕", "하", "세", "요"]
    v = Vocabulary.from_text("café")
    np.testing.assert_array_equal(v.encode("cafe\u0301"), [0, 1, 2, 3])


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("👍🏽!", ["👍🏽", "!"]),                       # skin-tone modifier
        ("👨\u200d👩\u200d👧", ["👨\u200d👩\u200d👧"]),      # zero-width-joiner family
        ("🇰🇷🇯🇵", ["🇰🇷", "🇯🇵"]),                     # flags are pairs of indicators
        ("❤\ufe0f", ["❤\ufe0f"]),                   # variation selector
        ("a\r\nb", ["a", "\r\n", "b"]),
        ("ᄒᆞᆫ", ["ᄒᆞᆫ"]),                            # old Hangul jamo NFC cannot compose
        ("", []),
    ],
)
def test_split_symbols_keeps_what_a_reader_sees_as_one_character(text, symbols):
    assert split_symbols(text) == symbols


def test_unknown_characters_are_listed_and_named():
    v = Vocabulary.from_text("hello")
    assert v.unknown("help me!") == ["p", " ", "m", "!"]
    assert "p" not in v and "h" in v
    with pytest.raises(ValueError, match=r"not in the vocabulary: 'p', '!'"):
        v.encode("hep!")
    np.testing.assert_array_equal(v.encode("hep!", unknown="skip"), [0, 1])
    with pytest.raises(ValueError, match="unknown must be"):
        v.encode("h", unknown="ignore")


def test_one_hot_shapes_and_bounds():
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    batch = one_hot(np.array([[0, 1, 2], [2, 1, 0]]), 3, dtype=np.float32)
    assert batch.shape == (2, 3, 3) and batch.dtype == np.float32
    np.testing.assert_array_equal(batch.argmax(-1), [[0, 1, 2], [2, 1, 0]])
    assert one_hot(np.array([], dtype=int), 4).shape == (0, 4)
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        one_hot([3], 3)
    with pytest.raises(ValueError, match="integers"):
        one_hot([0.5], 3)
    with pytest.raises(ValueError, match="size"):
        one_hot([0], 0)


def test_invalid_vocabularies_are_refused():
    with pytest.raises(ValueError, match="distinct"):
        Vocabulary(["a", "b", "a"])
    with pytest.raises(ValueError, match="single"):
        Vocabulary(["ab"])
    with pytest.raises(ValueError, match="empty"):
        Vocabulary.from_text("")
    with pytest.raises(ValueError, match="shape"):
        Vocabulary.from_text("ab").decode(np.zeros((2, 3)))


def test_vocabularies_compare_by_their_symbols():
    assert Vocabulary.from_text("hello") == Vocabulary(["h", "e", "l", "o"])
    assert Vocabulary.from_text("hello") != Vocabulary.from_text("olleh")
    assert list(Vocabulary.from_text("abc")) == ["a", "b", "c"]
