"""The indicator page `/indicator/<indicator_id>?regio=&niveau=&periode=&sorteer=`: a map, the
ranked distribution, the trend against comparators and the table of one indicator.

`page` holds the page's registration and layout, `state` reads and checks the URL, `charts`
builds each chart from a view, `notes` the chosen region's agreements and duiding beside them,
`callbacks` redraws them when a control changes.
"""
