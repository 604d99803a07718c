"""The guided lessons of /lessons, as data: an ordered path of lessons, each a few screens.

A screen is its text (``lessons.<lesson>_<n>`` in the i18n files), optionally a formula,
the glossary terms it names, the live numbers it quotes (``facts``, computed by
``ui.lessons_data`` from the very settings its link opens) and a deep link: a page of the
app with the query parameters that show the point, the section to open there, and what to
look at (``lessons.<lesson>_<n>_look``). The lesson's own sequence and seed flow into its
links (:data:`SEQ`, :data:`SEED`), so a changed seed changes the numbers a student meets.

The lesson ids are fixed: the self-check questions are keyed by them.
"""

from __future__ import annotations

from typing import NamedTuple

from lstm_core import split_symbols
from lstm_core.override import GATES
from lstm_viz import notation, playground

SEQ, SEED = "<seq>", "<seed>"  # a link's value taken from the lesson's sequence / seed


class Step(NamedTuple):
    """A time step of the lesson's sequence: ``wanted``, or the last one if the sequence is shorter."""

    wanted: int


LAST = Step(10**6)


class Link(NamedTuple):
    page: str  # a page id of ui.frame.PAGES
    query: tuple[tuple[str, str | Step], ...]  # every setting the point depends on, as the URL writes it
    section: str | None = None  # the i18n key of the section to open there, if any


class Screen(NamedTuple):
    facts: str | None = None  # the live numbers the screen quotes (a name in ui.lessons_data.FACTS)
    link: Link | None = None
    latex: str | None = None
    terms: tuple[str, ...] = ()  # glossary concepts the screen names


class Lesson(NamedTuple):
    id: str
    screens: tuple[Screen, ...]

    def text_key(self, screen: int) -> str:
        """The i18n key of screen ``screen`` (counted from 1); its link's "what to look at" adds ``_look``."""
        return f"lessons.{self.id}_{screen}"

    @property
    def summary_key(self) -> str:
        """What the lesson showed, said under its last screen."""
        return f"lessons.{self.id}_summary"


def step_query(t: Step | str, stage: str = "all", predict: str = "0") -> tuple[tuple[str, str | Step], ...]:
    """/step on the lesson's sequence and seed, trained weights, one layer of four units."""
    return (("seq", SEQ), ("t", t), ("hidden", "4"), ("layers", "1"), ("seed", SEED), ("weights", "trained"),
            ("layer", "1"), ("stage", stage), ("predict", predict))


def gradients_query(*, T: int = 100, act: str = "tanh", scale: str = "0.9", fbias: str = "3") -> tuple:
    """/gradients on the memory task with random weights of the lesson's seed."""
    return (("input", "task"), ("T", str(T)), ("hidden", "16"), ("seed", SEED), ("weights", "random"),
            ("gru", "off"), ("act", act), ("scale", scale), ("fbias", fbias))


def playground_query(experiment: str) -> tuple:
    """/playground on the lesson's sequence, one unit with random weights of the lesson's seed,
    the gates fixed as the experiment of :mod:`lstm_viz.playground` fixes them (its button on
    the page does the same), at the step it opens on; its steps are the lesson's, cut to the
    sequence's length."""
    fixed = playground.experiment_gates(experiment, LAST.wanted)
    gates = [(name, value) for gate in GATES for name, value in (
        ((gate, "fixed"), (f"{gate}_v", f"{fixed[gate].value:g}"), (f"{gate}_from", Step(fixed[gate].start)),
         (f"{gate}_before", "model" if fixed[gate].before is None else f"{fixed[gate].before:g}"))
        if gate in fixed else ((gate, "model"),))]
    return (("input", "text"), ("seq", SEQ), ("hidden", "1"), ("weights", "random"), ("seed", SEED),
            ("exp", experiment), *gates, ("t", Step(playground.experiment_step(experiment, LAST.wanted))))


def shapes_query(fw: str = "torch", *, batch_first: str = "false", bidirectional: str = "false",
                 num_layers: str = "1") -> tuple:
    """/shapes with the notes' batch: 3 sequences of 5 one-hot vectors of size 4, 2 units."""
    return (("fw", fw), ("cell", "lstm"), ("input_size", "4"), ("hidden_size", "2"), ("num_layers", num_layers),
            ("bias", "true"), ("batch_first", batch_first), ("dropout", "0"), ("bidirectional", bidirectional),
            ("batch", "3"), ("steps", "5"), ("batched", "batched"), ("return_sequences", "false"),
            ("return_state", "true"))


LESSONS: tuple[Lesson, ...] = (
    Lesson("long_term", (
        Screen(latex=notation.RNN_STEP, terms=("vanilla_rnn", "hidden_state", "time_step")),
        Screen(facts="shares", link=Link("gradients", gradients_query(), "gradients.reach_header"),
               terms=("gradient", "delay")),
        Screen(link=Link("gradients", gradients_query(T=200), "gradients.reach_header"), terms=("vanishing_gradient",)),
    )),
    Lesson("one_hot", (
        Screen(facts="one_hot", terms=("one_hot", "sequence")),
        Screen(link=Link("step", step_query(Step(1)), "step.encoding"), terms=("input",)),
        Screen(facts="repeat", link=Link("step", step_query(Step(4))), terms=("time_step",)),
    )),
    Lesson("four_stages", (
        Screen(link=Link("step", step_query(Step(3), "forget")), latex=r"f_t = \sigma(W_{if}x_t + b_{if} + "
               r"W_{hf}h_{t-1} + b_{hf})", terms=("forget_gate", "cell_state")),
        Screen(link=Link("step", step_query(Step(3), "input")), latex=r"i_t = \sigma(\dots),\quad g_t = \tanh(\dots)",
               terms=("input_gate", "candidate")),
        Screen(link=Link("step", step_query(Step(3), "update")), latex=r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
               terms=("element_wise_product", "cell_state")),
        Screen(link=Link("step", step_query(Step(3), "output")), latex=r"o_t = \sigma(\dots),\quad h_t = o_t \odot "
               r"\tanh(c_t)", terms=("output_gate", "hidden_state")),
        Screen(link=Link("step", step_query(Step(1), predict="1")), terms=("forget_gate", "cell_state")),
    )),
    Lesson("two_memories", (
        Screen(terms=("cell_state", "long_term_memory", "hidden_state", "short_term_memory")),
        Screen(facts="memories", link=Link("step", step_query(LAST), "step.over_time"),
               latex=r"|h_t| = |o_t| \cdot |\tanh(c_t)| < 1", terms=("cell_state", "hidden_state")),
        Screen(link=Link("step", step_query(LAST, "output")), terms=("output_gate", "short_term_memory")),
        Screen(link=Link("playground", playground_query("perfect_memory")),
               latex=r"c_t = 1 \cdot c_{t-1} + 0 \cdot g_t = c_{t-1}",
               terms=("forget_gate", "input_gate", "long_term_memory")),
    )),
    Lesson("activations", (
        Screen(link=Link("gradients", gradients_query(), "gradients.derivatives_header"),
               latex=r"\sigma'(x) = \sigma(x)\,(1-\sigma(x)) \le 0.25,\qquad \tanh'(x) = 1 - \tanh^2(x) \le 1",
               terms=("sigmoid", "activation")),
        Screen(facts="repeat_unit", link=Link("gradients", gradients_query(), "gradients.derivatives_header"),
               terms=("exploding_gradient",)),
        Screen(facts="relu", link=Link("gradients", gradients_query(T=200, act="relu", scale="100")),
               terms=("exploding_gradient", "hidden_state")),
    )),
    Lesson("vanishing", (
        Screen(facts="bound", link=Link("gradients", gradients_query(), "gradients.why_header"),
               latex=notation.RNN_JACOBIAN, terms=("jacobian", "vanishing_gradient", "upper_bound")),
        Screen(facts="forget", link=Link("gradients", gradients_query(), "gradients.why_header"),
               latex=notation.LSTM_CELL_PATH, terms=("forget_gate", "cell_state")),
        Screen(facts="forget", link=Link("gradients", gradients_query(fbias="0")), terms=("forget_gate",)),
        Screen(link=Link("gradients", gradients_query(), "gradients.race_header"),
               terms=("accuracy", "chance_level", "delay")),
    )),
    Lesson("shapes", (
        Screen(facts="shapes", link=Link("shapes", shapes_query()), terms=("sequence", "unit")),
        Screen(facts="shapes", link=Link("shapes", shapes_query(batch_first="true")), terms=("sequence",)),
        Screen(facts="shapes", link=Link("shapes", shapes_query(bidirectional="true", num_layers="2")),
               terms=("layer",)),
        Screen(facts="keras", link=Link("shapes", shapes_query("keras"), "shapes.keras_heading"),
               terms=("hidden_state", "cell_state")),
    )),
)
IDS = tuple(lesson.id for lesson in LESSONS)
MAX_SCREENS = max(len(lesson.screens) for lesson in LESSONS)


def lesson(lesson_id: str) -> Lesson:
    return LESSONS[IDS.index(lesson_id)]


def query(link: Link, seq: str, seed: int) -> dict[str, str]:
    """The link's query parameters for the lesson's sequence and seed (a step past the end
    of a short sequence becomes its last step)."""
    T = len(split_symbols(seq))
    values = {SEQ: seq, SEED: str(seed)}
    return {name: str(min(value.wanted, T)) if isinstance(value, Step) else values.get(value, value)
            for name, value in link.query}


def neighbours(lesson_id: str, screen: int) -> tuple[tuple[str, int] | None, tuple[str, int] | None]:
    """The screens before and after (lesson id, screen number), across lessons; None at either end."""
    path = [(lesson.id, n) for lesson in LESSONS for n in range(1, len(lesson.screens) + 1)]
    here = path.index((lesson_id, screen))
    return (path[here - 1] if here > 0 else None), (path[here + 1] if here + 1 < len(path) else None)
