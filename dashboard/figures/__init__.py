"""DataFrame -> plotly Figure. No Dash and no database here: every function takes data and
returns a figure, so pages, exports and the report draw the same charts.

Colours are Okabe-Ito (colourblind-safe), one per role (`base.COLORS`): the region a page,
export or report is about is orange everywhere (also as the first region on /vergelijk), the
country black, peers and members grey. Lines also differ by dash pattern and markers, so no
meaning rests on colour alone and a black-and-white print stays readable.

One module per concern (base: the shared look; levels: trend, distribution, map; comparisons:
member bars; exports: figures dressed for download). Callers use `figures.<name>`.
"""

from dashboard.figures.base import *  # noqa: F403
from dashboard.figures.comparisons import *  # noqa: F403
from dashboard.figures.exports import *  # noqa: F403
from dashboard.figures.levels import *  # noqa: F403
