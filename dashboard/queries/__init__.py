"""Every read query of the dashboard, named after what it returns. Values are always bound
parameters; identifiers come only from these modules. Results are pandas DataFrames or dicts.
Queries whose result depends only on the warehouse file are cached per warehouse generation.

One module per concern (base: catalogue and regions; comparisons: profile and region pages;
levels: indicator and compare pages; exports: downloads and report; werkgebied: a user's
werkgebied through the warehouse's aggregation macro). Callers use
`queries.<name>`; no module name equals a query's name.
"""

from dashboard.queries.agreements import *  # noqa: F403
from dashboard.queries.base import *  # noqa: F403
from dashboard.queries.comparisons import *  # noqa: F403
from dashboard.queries.exports import *  # noqa: F403
from dashboard.queries.levels import *  # noqa: F403
from dashboard.queries.werkgebied import *  # noqa: F403
