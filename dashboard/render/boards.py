"""A board slide (the Plan tracker's status board, the Focus page's ranking) drawn without a
browser: a table with its headline and source line, for the PDF and PPTX exports."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

from dashboard.present.boards import Board
from dashboard.render.maps import page_heading
from dashboard.render.style import font_family

STATUS_COLOURS = {
    "met": "#1a7f37",
    "on_track": "#2b6cb0",
    "behind": "#b30000",
    "no_target": "#666666",
    "no_figures": "#666666",
}
HEADER = "#253494"
WIDE_CHARS = 80  # the wide column is cut here (the slide's public link has the whole text)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def board_figure(
    board: Board,
    *,
    lang: str,
    title: str,
    size: tuple[float, float],
    heading: bool = True,
) -> Figure:
    """The board as a table filling the page, its status colours on each row's last cell;
    title, headline and sample mark above it (unless `heading` is off), source line below."""
    font_family()
    fig = Figure(figsize=size)
    if heading:
        page_heading(fig, title=title, headline=board.headline, sample=board.is_sample, lang=lang)
    top = 0.87 if heading else 0.97
    ax = fig.add_axes((0.03, 0.09, 0.94, top - 0.09))
    ax.set_axis_off()
    width = len(board.columns)
    cells = [
        [_cut(c, WIDE_CHARS) if i == board.wide else c for i, c in enumerate(r.cells)]
        for r in board.rows
    ] or [["–"] * width]
    table = ax.table(
        cellText=cells,
        colLabels=[textwrap.fill(c, 24) for c in board.columns],
        loc="upper center",
        cellLoc="left",
        colLoc="left",
    )
    rows = len(cells)
    row_height = min(0.09, 0.86 / (rows + 1.6))
    fontsize = max(8.0, min(16.0, row_height * (top - 0.09) * size[1] * 72 * 0.5))
    table.auto_set_font_size(False)
    table.set_fontsize(fontsize)
    table.auto_set_column_width(list(range(width)))
    for (r, c), cell in table.get_celld().items():
        cell.set_height(row_height * (1.6 if r == 0 else 1))
        cell.set_edgecolor("#dddddd")
        cell.PAD = 0.02  # of the cell's width: the default 0.1 pushes a wide column's text in
        text = cell.get_text()
        if c in board.numeric:
            text.set_horizontalalignment("right")
        if r == 0:
            cell.set_facecolor(HEADER)
            text.set_color("white")
            text.set_fontweight("bold")
        elif c == width - 1 and board.rows:
            text.set_fontweight("bold")
            text.set_color(STATUS_COLOURS.get(board.rows[r - 1].status, "#222222"))
    fig.text(0.03, 0.035, board.source_line, fontsize=8, va="bottom", wrap=True)  # no map credit
    return fig
