"""Exports: chart images (PNG/SVG), data files (CSV/XLSX) and the OOGO report (PDF).

`images` holds the one long-lived kaleido renderer, `data` the CSV/XLSX writers, `report` and
`report_html` the report, `components` the buttons pages place, `callbacks` their callbacks.
"""
