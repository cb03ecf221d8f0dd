"""Charts of the analysis, drawn on the server by matplotlib (P&R paras 5, 7 (d), 53 (a)).

One figure per table: SVG for the page (its text kept as text, so the browser shapes every
script, Arabic and Chinese included) and PNG of the same figure for the DOCX. The page always
shows the figure's data as a table beside it, for screen readers. No pyplot (its global state is
not safe across threads); the output is reproducible: fixed ids, no date in the metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:
    from revmech.followup.analysis import Table

# A palette that stays distinguishable for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")


def bar_figure(table: Table, *, value_label: str) -> Figure:
    """A horizontal stacked bar per row of the table, in the table's order."""
    labels = [category.label for category, _values in table.rows]
    height = max(2.2, 0.42 * len(labels) + 1.4)
    figure = Figure(figsize=(8, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    left = [0] * len(labels)
    for index, column in enumerate(table.series):
        values = [values[index] for _category, values in table.rows]
        axes.barh(
            positions,
            values,
            left=left,
            label=column.label,
            color=PALETTE[index % len(PALETTE)],
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=labels)
    axes.invert_yaxis()  # the first row on top, as in the table
    axes.set_xlabel(value_label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if table.series:
        axes.legend(loc="lower right", fontsize="small")
    return figure


def line_figure(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, value_label: str
) -> Figure:
    """A line per series over `labels` (periods in time); gaps where a value is None."""
    figure = Figure(figsize=(8, 3.6), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    for index, (name, values) in enumerate(series):
        axes.plot(
            positions,
            [float("nan") if v is None else v for v in values],
            marker="o",
            label=name,
            color=PALETTE[index % len(PALETTE)],
        )
    axes.set_xticks(positions, labels=list(labels))
    axes.set_ylabel(value_label)
    if series:
        axes.legend(loc="upper right", fontsize="small")
    return figure


def svg(figure: Figure) -> bytes:
    # Text stays text (the browser shapes it); ids are fixed so the same figure is the same file.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "revmech"}):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def box_figure(labels: Sequence[str], data: Sequence[Sequence[int]], *, value_label: str) -> Figure:
    """One horizontal box per label: median, quartiles and range of durations."""
    figure = Figure(figsize=(8, max(2.2, 0.5 * len(labels) + 1.2)), layout="constrained")
    axes = figure.add_subplot()
    if labels:
        axes.boxplot(
            [list(values) for values in data],
            orientation="horizontal",
            tick_labels=list(labels),
            patch_artist=True,
            boxprops={"facecolor": PALETTE[4]},
            medianprops={"color": "#000000"},
        )
        axes.invert_yaxis()
    axes.set_xlabel(value_label)
    return figure
