"""One look for every figure: the colour scales, their fixed ranges and the shared layout.

Gates live in [0, 1] and always use the sequential scale; signed quantities (h, g,
tanh c, c, gradients' signs) always use the diverging scale, symmetric around 0. Both
are readable by colour-blind viewers (cividis; ColorBrewer RdBu, reversed so that
positive is red).
"""

from __future__ import annotations

import math

import plotly.colors
import plotly.graph_objects as go

GATE_SCALE = "Cividis"
SIGNED_SCALE = "RdBu_r"
GATE_RANGE = (0.0, 1.0)
UNIT_RANGE = (-1.0, 1.0)  # h, g and tanh(c) are bounded by tanh
HOVER_NUMBER = ".3f"
FONT_FAMILY = '"Source Sans Pro", "Nanum Gothic", "NanumGothic", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif'

# Line colours for series that must stay distinguishable (Okabe–Ito palette).
SERIES_COLOURS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",
)
CELL_COLOURS = {"rnn": "#D55E00", "lstm": "#0072B2", "gru": "#009E73"}
HIGHLIGHT = "#E69F00"  # the current time step, the right answer
# Plotly's mode bar without the selection tools, which select nothing in these charts.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def signed_range(max_abs: float) -> tuple[float, float]:
    """A symmetric colour range that holds ``max_abs``: at least ±1, rounded up to a half."""
    bound = max(1.0, math.ceil(2.0 * float(max_abs)) / 2.0) if math.isfinite(max_abs) else 1.0
    return (-bound, bound)


def series_colour(k: int) -> str:
    return SERIES_COLOURS[k % len(SERIES_COLOURS)]


def apply_layout(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """Title, axis labels, font and margins every figure of the app shares."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        hoverlabel={"font_family": FONT_FAMILY},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1.0},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    if height is not None:
        fig.update_layout(height=height)
    return fig


# Magnitudes that span many powers of ten (gradient norms) are coloured by their log₁₀ on
# a third, separate scale, so they are never mistaken for a gate or a signed value:
# dark = (almost) nothing, bright = large. Hovers give them in scientific notation.
# Magma, spelled out: its first colour "#000004" is one of the placeholder colours that
# Streamlit's front end swaps for theme colours (it turned the darkest cells pink).
_MAGMA = ("rgb(0,0,4)", *plotly.colors.sequential.Magma[1:])
MAGNITUDE_SCALE = [[k / (len(_MAGMA) - 1), colour] for k, colour in enumerate(_MAGMA)]
HOVER_SCIENTIFIC = ".3e"
