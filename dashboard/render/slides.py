"""A slide drawn without a browser: its map page (single or split), for PPTX, PDF and screens."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from sqlalchemy import Engine

from dashboard.i18n import format_period, t
from dashboard.present import boards, decks
from dashboard.present.qr import qr_png
from dashboard.present.views import MapFigures, Note, map_figures, public_url, resolve_view
from dashboard.render import facilities as facility_maps
from dashboard.render import maps
from dashboard.render.boards import board_figure

WIDE = (13.33, 7.5)  # 16:9, the size PowerPoint uses


@dataclasses.dataclass(frozen=True)
class RenderedSlide:
    """A slide's figures, notes (why the view differs from when saved) and public link; a
    Facilities slide also has its facilities, which it draws instead of the choropleth, and a
    Plan tracker or Focus slide its board (a table, no map)."""

    slide: decks.SlideInfo
    figures: MapFigures
    second: MapFigures | None
    notes: tuple[Note, ...]
    url: str
    facilities: facility_maps.FacilityFigures | None = None
    board: boards.Board | None = None

    @property
    def headline(self) -> str:
        """'figure  (what it is)' as the slide states it."""
        if self.board is not None:
            return self.board.headline
        shown = self.facilities or self.figures
        return f"{shown.headline}  ({shown.headline_label})"

    @property
    def source_line(self) -> str:
        """The slide's source (and period) line."""
        if self.board is not None:
            return self.board.source_line
        return (self.facilities or self.figures).source_line

    @property
    def is_sample(self) -> bool:
        """True when anything the slide shows is an illustrative sample."""
        if self.board is not None:
            return self.board.is_sample
        if self.facilities is not None:
            return self.facilities.is_sample
        return self.figures.is_sample or (self.second is not None and self.second.is_sample)


def _caption(figures: MapFigures, lang: str) -> str:
    period = format_period(figures.view.period, lang)
    return f"{t(f'vintage_{figures.view.vintage}', lang)} · {period}"


def slide_figures(
    *, engine: Engine, slide: decks.SlideInfo, lang: str | None, base_url: str
) -> RenderedSlide:
    """The checked view(s) and figures of a slide (shared classes when split); a Plan tracker
    or Focus slide's board."""
    if slide.page in boards.BOARD_PAGES:
        return _board_slide(engine=engine, slide=slide, lang=lang, base_url=base_url)
    view = resolve_view(engine=engine, page=slide.page, params=slide.params)
    first = map_figures(engine=engine, view=view, lang=lang or view.lang)
    second = None
    notes = view.notes
    if slide.kind == "split":
        other = resolve_view(engine=engine, page=slide.page, params=slide.split_params)
        second = map_figures(engine=engine, view=other, lang=lang or view.lang)
        first, second = maps.shared_classes(first, second)
        notes = notes + tuple(n for n in other.notes if n not in notes)
    url = public_url(base_url=base_url, page=slide.page, params=slide.params)
    points = None
    if slide.page == "facilities":
        points = facility_maps.facility_figures(
            engine=engine, view=view, params=slide.params, lang=lang or view.lang
        )
    return RenderedSlide(slide, first, second, notes, url, points)


def _board_slide(
    *, engine: Engine, slide: decks.SlideInfo, lang: str | None, base_url: str
) -> RenderedSlide:
    board = boards.board(engine=engine, page=slide.page, params=slide.params, lang=lang)
    # Only the language of the saved view matters here: its other parameters are the board's.
    view = resolve_view(
        engine=engine, page=slide.page, params={"lang": slide.params.get("lang", "")}
    )
    return RenderedSlide(
        slide,
        map_figures(engine=engine, view=view, lang=lang or view.lang),
        None,
        board.notes,
        public_url(base_url=base_url, page=slide.page, params=slide.params),
        board=board,
    )


def slide_figure(
    *,
    engine: Engine,
    rendered: RenderedSlide,
    lang: str,
    size: tuple[float, float] = WIDE,
    heading: bool = True,
) -> Figure:
    """The slide's map page: its title, headline, map(s), legend, source line; a Facilities
    slide's page shows its facilities, a Plan tracker or Focus slide's its board."""
    if rendered.board is not None:
        return board_figure(
            rendered.board, lang=lang, title=rendered.slide.title, size=size, heading=heading
        )
    if rendered.facilities is not None:
        return facility_maps.facility_figure(
            rendered.facilities,
            facility_maps.facilities_geometry(engine=engine),
            lang=lang,
            title=rendered.slide.title,
            size=size,
            heading=heading,
        )
    first, second = rendered.figures, rendered.second
    split = None
    if second is not None:
        geometry2 = maps.map_geometry(engine=engine, vintage=second.view.vintage)
        split = (second, geometry2, _caption(second, lang))
    return maps.map_figure(
        first,
        maps.map_geometry(engine=engine, vintage=first.view.vintage),
        lang=lang,
        title=rendered.slide.title,
        split=split,
        size=size,
        first_caption=_caption(first, lang),
        heading=heading,
    )


class EmptyDeck(decks.DeckError):
    """A deck with no slides cannot be exported."""


def _deck_slides(engine: Engine, deck_id: int) -> tuple[decks.DeckInfo, list[decks.SlideInfo]]:
    found = decks.deck(engine=engine, deck_id=deck_id)
    if found is None:
        raise decks.DeckError(
            f"Không có bài trình chiếu {deck_id}.", f"There is no deck {deck_id}."
        )
    slides = decks.slides(engine=engine, deck_id=deck_id)
    if not slides:
        raise EmptyDeck(
            f"Bài trình chiếu {deck_id} chưa có trang nào.", f"Deck {deck_id} has no slides."
        )
    return found, slides


def deck_pdf(
    *, engine: Engine, deck_id: int, lang: str | None, base_url: str, out: Path | io.BytesIO
) -> int:
    """One PDF page per slide (title, map, headline, source line); returns the page count."""
    info, slides = _deck_slides(engine, deck_id)
    with PdfPages(out, metadata={"Title": info.name}) as pdf:
        for slide in slides:
            rendered = slide_figures(engine=engine, slide=slide, lang=lang, base_url=base_url)
            shown_lang = lang or rendered.figures.view.lang
            fig = slide_figure(engine=engine, rendered=rendered, lang=shown_lang)
            _notes_on_figure(fig, rendered.notes, shown_lang)
            pdf.savefig(fig)
    return len(slides)


def _notes_on_figure(fig: Figure, notes: tuple[Note, ...], lang: str) -> None:
    for i, note in enumerate(notes):
        fig.text(
            0.5, 0.87 - i * 0.03, "⚠ " + note.text(lang), fontsize=10, ha="center", color="#8a4b00"
        )


def deck_pptx(
    *, engine: Engine, deck_id: int, lang: str | None, base_url: str, out: Path | io.BytesIO
) -> int:
    """One PowerPoint slide per saved view: title, map image, headline, source line, QR code
    (when the deck shows them), and the speaker note in the notes. Returns the slide count."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    info, slides = _deck_slides(engine, deck_id)
    deck_file = Presentation()
    deck_file.slide_width, deck_file.slide_height = Inches(WIDE[0]), Inches(WIDE[1])
    layout = deck_file.slide_layouts[5]  # "Title Only"
    for slide in slides:
        rendered = slide_figures(engine=engine, slide=slide, lang=lang, base_url=base_url)
        shown_lang = lang or rendered.figures.view.lang
        fig = slide_figure(
            engine=engine, rendered=rendered, lang=shown_lang, size=(13.33, 5.6), heading=False
        )
        # Title, headline and sample mark are PowerPoint text (the title in the title
        # placeholder, which PowerPoint lists in its outline); the picture is the map alone.
        page = deck_file.slides.add_slide(layout)
        title = page.shapes.title
        title.text = slide.title  # text, never markup: python-pptx writes it as a text run
        title.left, title.top, title.width, title.height = (
            Inches(0.3),
            Inches(0.1),
            Inches(12.7),
            Inches(0.8),
        )
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        headline = page.shapes.add_textbox(Inches(0.3), Inches(0.85), Inches(10.5), Inches(0.6))
        headline.text_frame.text = rendered.headline
        headline.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
        headline.text_frame.paragraphs[0].runs[0].font.bold = True
        if rendered.is_sample:
            mark = page.shapes.add_textbox(Inches(10.9), Inches(0.85), Inches(2.2), Inches(0.5))
            mark.text_frame.text = t("export_sample_mark", shown_lang)
            mark.text_frame.paragraphs[0].runs[0].font.bold = True
        picture = io.BytesIO(maps.png_bytes(fig, dpi=120))
        page.shapes.add_picture(picture, Inches(0), Inches(1.45), width=Inches(13.33))
        box = page.shapes.add_textbox(Inches(0.3), Inches(7.0), Inches(11), Inches(0.4))
        box.text_frame.text = rendered.source_line
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        for i, note in enumerate(rendered.notes):
            warn = page.shapes.add_textbox(Inches(3), Inches(1.5 + 0.4 * i), Inches(9), Inches(0.4))
            warn.text_frame.text = "⚠ " + note.text(shown_lang)
        if info.show_qr:
            qr = io.BytesIO(qr_png(rendered.url, scale=6))
            size = Emu(Inches(1.3))
            page.shapes.add_picture(
                qr,
                Inches(WIDE[0]) - size - Inches(0.15),
                Inches(WIDE[1]) - size - Inches(0.45),
                width=size,
            )
        page.notes_slide.notes_text_frame.text = slide.note
    deck_file.save(str(out) if isinstance(out, Path) else out)
    return len(slides)
