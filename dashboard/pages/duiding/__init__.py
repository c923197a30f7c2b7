"""Duiding, a region's own explanation of a figure: `page` routes `/duiding/<id>` (and shows
one duiding), `form` is the form for a new or a stored one."""
