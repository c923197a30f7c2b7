"""Source loaders: one module per source. Each turns its input into gemeente-level facts.

The contract every loader returns (a pandas DataFrame, one row per indicator x region x period):

    indicator_id         str   an id from etl.catalogue
    region_code          str   a GM code valid in `classification_year` (own data may also use
                               an SWV/jeugdregio code; such rows are stored but not aggregated)
    period               str   '2023' (year), '2023-H1' (half-year), '2022/2023' (school year)
    classification_year  int   the gemeente layout the figure was published in
    numerator            float null when suppressed or missing
    denominator          float null: the build fills it from the catalogue's population group
    status               str   'voorlopig' | 'definitief'
    suppressed           bool  the published cell was secret
    rounded_to           int   null, or the multiple the publisher rounded to (5 for CBS)
    raw_token            str   the published cell as text ('.', 'x', '1235'), for traceability
    demo                 bool  a demonstration figure
    source               str   e.g. 'CBS 85098NED', 'demo', 'eigen:verzuim_2023.csv'
    note                 str   free text (own data), else null

A public source may also return the figure it publishes for a level above the gemeente (NL01,
a PVnn provincie, a JZnn jeugdregio; codes valid in `classification_year`): the warehouse shows
that figure for the region, beside the one computed from gemeenten. Such a row may carry the
optional column

    value                float the publisher's figure in the indicator's unit, where it
                               publishes a rate without its counts (numerator then null; the
                               denominator is taken from the computed figure)

Any row may carry the optional column

    secret_max           float for a suppressed cell, the largest count it can hold that the
                               public can tell from the publisher's rule and published figures
                               (CBS youth care: 7); null when they give no upper end. It makes
                               the upper end (`value_high`) of every total the cell is part of;
                               ignored for a published cell

The build aggregates gemeente rows only, to every region level; loaders never aggregate.
"""

FACT_COLUMNS = (
    "indicator_id", "region_code", "period", "classification_year", "numerator", "denominator",
    "status", "suppressed", "rounded_to", "raw_token", "demo", "source", "note",
)
OPTIONAL_COLUMNS = ("value", "secret_max")
