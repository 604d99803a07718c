"""Characters to numbers and back: the vocabulary and one-hot vectors of the study notes.

The notes encode ``hello`` as h=[1,0,0,0], e=[0,1,0,0], l=[0,0,1,0], o=[0,0,0,1]: every
distinct character gets one index, in the order it first appears, and a character
becomes the one-hot row with a 1 at its index. :class:`Vocabulary` does exactly that for
any Unicode text, so a student's ``안녕하세요`` or ``hi 👋`` works the same way.

A "character" here is what a reader sees as one character, not one code point:

* text is NFC-normalised first, so a Hangul syllable typed as separate jamo (NFD) and the
  precomposed syllable are the same symbol, and so are ``e`` + combining acute and ``é``;
* combining marks, emoji skin-tone modifiers, variation selectors, tag characters and
  zero-width-joiner sequences stay attached to their base (``👍🏽``, ``👨‍👩‍👧`` and the
  flag ``🇰🇷`` are one symbol each), and ``\\r\\n`` is one line break.

These are the common cases of Unicode's extended grapheme clusters (UAX #29), written
with the standard library only. Use :func:`split_symbols` wherever text is shown step by
step, so labels line up with the encoded time steps.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import numpy as np

_ZWJ = "\u200d"


def _is_extender(cp: int, ch: str) -> bool:
    """True if ``ch`` never starts a symbol of its own: it modifies the one before it."""
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")  # combining marks, incl. variation selectors
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters (subdivision flags)
        or ch == _ZWJ
    )


def _is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_hangul_jamo_tail(cp: int) -> bool:
    """Medial vowel or final consonant jamo: NFC leaves these separate in old Hangul."""
    return 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF


def _is_hangul(cp: int) -> bool:
    return 0x1100 <= cp <= 0x11FF or 0xA960 <= cp <= 0xA97F or 0xD7B0 <= cp <= 0xD7FF or 0xAC00 <= cp <= 0xD7A3


def split_symbols(text: str) -> list[str]:
    """Split NFC-normalised ``text`` into the symbols a reader sees (see the module docstring).

    >>> split_symbols("hello")
    ['h', 'e', 'l', 'l', 'o']
    >>> split_symbols("👍🏽 안녕")
    ['👍🏽', ' ', '안', '녕']
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    symbols: list[str] = []
    joins_next = False  # the previous code point was a zero-width joiner
    for ch in unicodedata.normalize("NFC", text):
        cp = ord(ch)
        prev = symbols[-1] if symbols else ""
        attach = bool(prev) and (
            joins_next
            or _is_extender(cp, ch)
            or (ch == "\n" and prev == "\r")
            or (
                _is_regional_indicator(cp)
                and len(prev) == 1
                and _is_regional_indicator(ord(prev))  # a flag is exactly two indicators
            )
            or (_is_hangul_jamo_tail(cp) and _is_hangul(ord(prev[-1])))
        )
        if attach:
            symbols[-1] = prev + ch
        else:
            symbols.append(ch)
        joins_next = ch == _ZWJ
    return symbols


def one_hot(indices, size: int, dtype=np.float64) -> np.ndarray:
    """One-hot vectors: an integer array of shape S becomes shape S + (size,).

    A single sequence (T,) gives (T, size); a time-major batch (T, B) gives (T, B, size),
    the engine's default input layout.
    """
    indices = np.asarray(indices)
    if not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"size must be an integer ≥ 1, got {size!r}")
    if indices.size and not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(f"indices must be integers, got dtype {indices.dtype}")
    if indices.size and (indices.min() < 0 or indices.max() >= size):
        raise ValueError(
            f"indices must lie in [0, {size}), got values from {indices.min()} to {indices.max()}"
        )
    x = np.zeros((*indices.shape, size), dtype=dtype)
    np.put_along_axis(x, indices.astype(np.intp)[..., None], 1, axis=-1)
    return x


def _quoted(symbols: Iterable[str]) -> str:
    return ", ".join(repr(s) for s in symbols)


class Vocabulary:
    """Symbols in order of first appearance, each with its index and its one-hot vector.

    >>> v = Vocabulary.from_text("hello")
    >>> v.chars
    ('h', 'e', 'l', 'o')
    >>> v.encode("hell")
    array([0, 1, 2, 2])
    >>> v.one_hot("lo")
    array([[0., 0., 1., 0.],
           [0., 0., 0., 1.]])
    >>> v.decode([1, 2, 2, 3])
    'ello'

    Text seen at prediction time may hold symbols the model never saw: :meth:`unknown`
    lists them, and :meth:`encode` either refuses them with a ``ValueError`` that names
    them (``unknown="raise"``, the default) or drops them (``unknown="skip"``).
    """

    __slots__ = ("_chars", "_index")

    def __init__(self, chars: Iterable[str]):
        chars = tuple(chars)
        for ch in chars:
            if not isinstance(ch, str) or split_symbols(ch) != [ch]:
                raise ValueError(f"chars must be single NFC-normalised symbols, got {ch!r}")
        if len(set(chars)) != len(chars):
            dup = sorted({ch for ch in chars if chars.count(ch) > 1})
            raise ValueError(f"chars must be distinct, got repeated {_quoted(dup)}")
        if not chars:
            raise ValueError("chars must hold at least one symbol, got none")
        self._chars = chars
        self._index = MappingProxyType({ch: k for k, ch in enumerate(chars)})

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        """The vocabulary of ``text``: its distinct symbols in order of first appearance."""
        symbols = split_symbols(text)
        if not symbols:
            raise ValueError("text must hold at least one character, got an empty string")
        return cls(dict.fromkeys(symbols))

    @property
    def chars(self) -> tuple[str, ...]:
        """The symbols; ``chars[k]`` is the one whose one-hot vector has its 1 at ``k``."""
        return self._chars

    @property
    def index(self) -> Mapping[str, int]:
        """Read-only map from symbol to index."""
        return self._index

    def __len__(self) -> int:
        return len(self._chars)

    def __iter__(self) -> Iterator[str]:
        return iter(self._chars)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and self._chars == other._chars

    def __hash__(self) -> int:
        return hash(self._chars)

    def __repr__(self) -> str:
        return f"Vocabulary({list(self._chars)!r})"

    def unknown(self, text: str) -> list[str]:
        """The symbols of ``text`` that are not in the vocabulary, each once, in order."""
        return list(dict.fromkeys(s for s in split_symbols(text) if s not in self._index))

    def encode(self, text: str, unknown: str = "raise") -> np.ndarray:
        """Indices (T,) of the symbols of ``text``.

        ``unknown="raise"`` refuses text with unseen symbols (naming them);
        ``unknown="skip"`` drops them, so the result may be shorter than the text.
        """
        if unknown not in ("raise", "skip"):
            raise ValueError(f"unknown must be 'raise' or 'skip', got {unknown!r}")
        symbols = split_symbols(text)
        missing = self.unknown(text)
        if missing and unknown == "raise":
            raise ValueError(
                f"text holds characters not in the vocabulary: {_quoted(missing)} "
                f"(the vocabulary is {_quoted(self._chars)})"
            )
        return np.array([self._index[s] for s in symbols if s in self._index], dtype=np.int64)

    def one_hot(self, text: str, unknown: str = "raise", dtype=np.float64) -> np.ndarray:
        """One-hot rows (T, len(self)) of ``text``: the table the step page shows."""
        return one_hot(self.encode(text, unknown=unknown), len(self), dtype=dtype)

    def decode(self, values, batch_first: bool = False) -> str | list[str]:
        """Text from indices, one-hot vectors or probabilities.

        Integer ``values`` are indices; floating ``values`` are vectors over the vocabulary
        on their last axis (one-hot rows, or probabilities, whose most likely symbol is
        taken). A single sequence — (T,) indices or (T, V) vectors — gives a ``str``; a
        batch — (T, B) or (T, B, V), or (B, T[, V]) with ``batch_first`` — gives a list of
        B strings, as the engine lays batches out.
        """
        values = np.asarray(values)
        if values.size and np.issubdtype(values.dtype, np.floating):
            if values.shape[-1] != len(self):
                raise ValueError(
                    f"values must have {len(self)} entries on the last axis (one per symbol), "
                    f"got shape {values.shape}"
                )
            values = values.argmax(axis=-1)
        elif values.size and not np.issubdtype(values.dtype, np.integer):
            raise ValueError(f"values must be integer indices or float vectors, got dtype {values.dtype}")
        if values.ndim not in (1, 2):
            raise ValueError(
                f"values must be one sequence (T,) / (T, V) or a batch (T, B) / (T, B, V), "
                f"got shape {values.shape}"
            )
        if values.size and (values.min() < 0 or values.max() >= len(self)):
            raise ValueError(f"indices must lie in [0, {len(self)}), got {values.min()} to {values.max()}")
        if values.ndim == 1:
            return "".join(self._chars[k] for k in values)
        rows = values if batch_first else values.T
        return ["".join(self._chars[k] for k in row) for row in rows]
