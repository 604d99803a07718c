"""The step page's tables: the one-hot encoding, the whole trace, and its CSV download.

Apart from the figures because they need pandas, whose import costs about half a second:
the page imports this module only when a reader opens a table, so the first view does not
wait for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from lstm_viz import escape
from lstm_viz.i18n import Translator

TRACE_COLUMNS = ("f", "i", "g", "o", "c_prev", "c", "tanh_c", "h_prev", "h",
                 "pre_f", "pre_i", "pre_g", "pre_o")


def column_labels(chars: Sequence[str]) -> list[str]:
    """Visible, distinct column names (a typed ␣ and a space must not collide)."""
    labels, seen = [], set()
    for ch in chars:
        label = escape.visible_char(ch)
        if label in seen:
            label = f"{label} ({' '.join(f'U+{ord(c):04X}' for c in ch)})"
        seen.add(label)
        labels.append(label)
    return labels


def one_hot_table(symbols: Sequence[str], vocab: Sequence[str], x: np.ndarray, tr: Translator) -> pd.DataFrame:
    """The sequence's one-hot vectors: one row per step, one column per vocabulary symbol."""
    table = pd.DataFrame(x.astype(int), columns=column_labels(vocab))
    table.insert(0, tr("step.col_input"), [escape.visible_char(ch) for ch in symbols])
    table.index = pd.RangeIndex(1, len(symbols) + 1, name="t")
    return table


def trace_table(layers: Sequence[Mapping[str, np.ndarray]], symbols: Sequence[str], tr: Translator) -> pd.DataFrame:
    """The whole trace, one row per (layer, step, unit): every value the page shows."""
    frames = []
    for number, layer in enumerate(layers, start=1):
        T, H = layer["f"].shape
        columns = {tr.term("layer"): number, tr("step.col_t"): np.repeat(np.arange(1, T + 1), H),
                   tr("step.col_input"): np.repeat([escape.visible_char(ch) for ch in symbols], H),
                   tr.term("unit"): np.tile(np.arange(1, H + 1), T)}
        columns.update({tr(f"step.col_{name}"): layer[name].reshape(-1) for name in TRACE_COLUMNS})
        frames.append(pd.DataFrame(columns))
    return pd.concat(frames, ignore_index=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Hangul), and text cells that
    a spreadsheet would run as a formula (``=…``) quoted with a leading apostrophe."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v
                            for v in safe[column]]
    return safe.to_csv(index=False).encode("utf-8-sig")
