"""The agreements pages: `/afspraken` (list, filters, download and upload), `/afspraak/<id>`
(detail), `/afspraak/nieuw` and `/afspraak/<id>/bewerken` (form), `/ambitie/...` (ambitie form).

Only the `*_page` modules register pages with Dash (Dash imports them by file); everything
else is imported normally, so each callback is registered once.
"""
