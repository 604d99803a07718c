"""Keras's call conventions on top of the engine's layers.

A Keras 3 recurrent layer (``keras.layers.LSTM(units, return_sequences=…,
return_state=…)``) reads batch-first input (batch, timesteps, features) and returns

* ``return_sequences=False`` (default): the last step's hidden state, (batch, units);
  ``True``: every step's, (batch, timesteps, units);
* ``return_state=True``: that output followed by the final states — ``h`` and ``c`` for
  the LSTM, ``h`` alone for the GRU and SimpleRNN — each (batch, units).

:func:`keras_call` runs one of this engine's layers (one layer, one direction, loaded
with :meth:`~lstm_core.recurrent.RNNBase.set_keras_weights` or read with
``get_keras_weights``) and hands back exactly that, so a student sees Keras's results
without Keras.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .recurrent import RNNBase


def keras_call(layer: RNNBase, x: ArrayLike, initial_state: list[ArrayLike] | None = None, *,
               return_sequences: bool = False, return_state: bool = False):
    """``layer(x)`` as a Keras layer with these flags would return it.

    ``x``: (batch, timesteps, features); ``initial_state``: Keras's list of (batch, units)
    arrays ([h, c] for the LSTM, [h] otherwise) or None for zeros. Returns the output
    array, or the list [output, h, c] / [output, h] with ``return_state``.
    """
    if not layer.batch_first or layer.num_layers != 1 or layer.bidirectional:
        raise ValueError("a Keras layer is one layer, one direction, batch first: build it with "
                         f"batch_first=True, num_layers=1, bidirectional=False (got {layer!r})")
    x = np.asarray(x, dtype=layer.dtype)
    if x.ndim != 3:
        raise ValueError(f"Keras input is (batch, timesteps, features), got shape {x.shape}")
    n_states = 2 if layer.mode == "lstm" else 1
    hx = None
    if initial_state is not None:
        if len(initial_state) != n_states:
            raise ValueError(f"initial_state must be a list of {n_states} arrays (batch, units)")
        states = [np.asarray(s, dtype=layer.dtype)[None] for s in initial_state]  # (1, batch, units)
        hx = tuple(states) if layer.mode == "lstm" else states[0]
    output, final = layer(x, hx)
    finals = list(final) if layer.mode == "lstm" else [final]
    result = output if return_sequences else output[:, -1]
    if not return_state:
        return result
    return [result, *(state[0] for state in finals)]
