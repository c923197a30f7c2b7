"""Werkgebieden, the level where an agreement is made when it is not a standard layer: `page`
routes the addresses; `listing`, `form` and `detail` are the list, the form and the page of one
werkgebied; `members` reads typed gemeenten and weights; `table` draws its figures."""
