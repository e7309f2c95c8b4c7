"""Present a deck full screen: /present?deck=ID&slide=N (keys ← → PageUp/PageDown Home/End Esc);
&console=1 opens the presenter console (next slide, speaker note, timer, follow link)."""

from dashboard.ui.cache import database_ui
from dashboard.ui.follow import console_ui
from dashboard.ui.present import full_screen_ui, present_ui
from dashboard.ui.widgets import language, seed_widgets_ui, url_reader

lang = language()
engine = database_ui()
full_screen_ui()
reader = url_reader()
deck_id = reader.number("deck", 0, lo=1, hi=10**9)
seed_widgets_ui(
    {
        "present_slide": reader.number("slide", 1, lo=1, hi=10**6),
        "present_autoplay": reader.one("autoplay", ["0", "1"], "0") == "1",
        "present_every": reader.number("every", 10, lo=1, hi=600),
    }
)
show = console_ui if reader.one("console", ["0", "1"], "0") == "1" and deck_id else present_ui
show(engine=engine, deck_id=deck_id, lang=lang, fixed_lang="lang" in reader.params)
