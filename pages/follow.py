"""Follow a presenter: /follow?code=… shows the presenter's slide and moves with it."""

from dashboard.ui.cache import database_ui
from dashboard.ui.follow import follow_ui
from dashboard.ui.widgets import language, url_reader

lang = language()
engine = database_ui()
reader = url_reader()
follow_ui(
    engine=engine,
    code=str(reader.params.get("code", "")),
    lang=lang,
    fixed_lang="lang" in reader.params,
)
