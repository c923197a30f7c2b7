-- Every level from gemeente counts by the one aggregation rule, region_values() in
-- 25_aggregate_macro.sql (sum(weight x numerator) / sum(weight x denominator), published only
-- when every member reported, a suppressed member adds nothing and makes a lower bound),
-- applied to all memberships at once. Only gemeente rows enter it (memberships join on
-- gemeente codes), so a figure a source publishes for a higher level never feeds another.
--
-- Where a public source publishes the figure of a higher level itself (NL01, a provincie, a
-- jeugdregio), that row carries the published figure: value, status and flags are the
-- publisher's, and computed_value / computed_lower_bound keep the figure computed from
-- gemeenten, for checking. value_basis says which one `value` is: 'gepubliceerd' (as the
-- source publishes it for this region: a gemeente in its own layout, or a published higher
-- level), 'berekend' (computed from gemeente figures) or 'aangeleverd' (own registrations,
-- stored as delivered). A published figure holds in the layout of its year; Nederland's in
-- every layout, so also where the period is back-cast to the latest one. Own registrations
-- never publish a higher level: a region row of theirs is stored beside, as delivered.
--
-- value_low / value_high (README, warehouse contract): a computed figure keeps the interval of
-- region_values(); a published figure and a row as delivered are points (both = value);
-- suppressed: both null, and secret_max the largest count the secret cell can hold.
CREATE TABLE fct_indicator_values AS
WITH computed AS (
    SELECT * FROM region_values((SELECT list(m) FROM memberships AS m))
),
above AS (
    -- Source rows for a region above the gemeente.
    SELECT f.*, r.region_level
    FROM stg_facts AS f
    JOIN dim_regions AS r
        ON r.region_code = f.region_code AND r.classification_year = f.classification_year
    WHERE r.region_level <> 'gemeente'
),
published AS (
    SELECT a.*, a.classification_year AS source_cy
    FROM above AS a WHERE NOT starts_with(a.source, 'eigen:')
    UNION ALL
    SELECT a.* REPLACE ($latest AS classification_year), a.classification_year AS source_cy
    FROM above AS a
    WHERE NOT starts_with(a.source, 'eigen:') AND a.region_level = 'nederland'
      AND a.classification_year <> $latest
),
public AS (
    SELECT * FROM computed WHERE NOT starts_with(source, 'eigen:')
),
merged AS (
    SELECT
        indicator_id, region_code, period, classification_year,
        p.source IS NOT NULL AS is_published,
        coalesce(p.region_level, c.region_level) AS region_level,
        coalesce(p.source_cy, c.source_cy) AS source_cy,
        coalesce(p.source, c.source) AS source,
        CASE WHEN p.source IS NOT NULL THEN p.numerator ELSE c.numerator END AS numerator,
        CASE WHEN p.source IS NOT NULL THEN coalesce(p.denominator, c.denominator)
             ELSE c.denominator END AS denominator,
        p.published_value,
        CASE WHEN p.source IS NOT NULL THEN p.status ELSE c.status END AS status,
        CASE WHEN p.source IS NOT NULL THEN p.suppressed ELSE c.suppressed END AS suppressed,
        CASE WHEN p.source IS NOT NULL THEN false ELSE c.lower_bound END AS lower_bound,
        CASE WHEN p.source IS NOT NULL THEN p.rounded_to ELSE c.rounded_to END AS rounded_to,
        CASE WHEN p.source IS NOT NULL THEN p.raw_token ELSE c.raw_token END AS raw_token,
        CASE WHEN p.source IS NOT NULL THEN p.demo ELSE c.demo END AS demo,
        c.members_reporting, c.members_total, c.members_suppressed,
        CASE WHEN p.source IS NOT NULL THEN p.note ELSE c.note END AS note,
        CASE WHEN p.source IS NOT NULL THEN p.secret_max ELSE c.secret_max END AS secret_max,
        c.value AS computed_value, c.lower_bound AS computed_lower_bound,
        c.value_low AS computed_low, c.value_high AS computed_high
    FROM public AS c
    FULL JOIN published AS p
        USING (indicator_id, region_code, period, classification_year)
),
valued AS (
    SELECT
        m.*,
        CASE WHEN m.suppressed THEN NULL
             WHEN NOT m.is_published THEN m.computed_value
             WHEN i.unit = 'count' THEN coalesce(m.numerator, m.published_value)
             ELSE coalesce(m.published_value, m.numerator / nullif(m.denominator, 0) * i.scale)
        END AS value
    FROM merged AS m
    JOIN dim_indicators AS i USING (indicator_id)
)
SELECT
    v.indicator_id, v.region_code, v.region_level, v.period, v.classification_year,
    v.source_cy, v.source, v.numerator, v.denominator, v.value,
    CASE WHEN v.is_published THEN v.value ELSE v.computed_low END AS value_low,
    CASE WHEN v.is_published THEN v.value ELSE v.computed_high END AS value_high,
    v.status, v.suppressed, v.lower_bound, v.rounded_to, v.raw_token, v.demo,
    v.members_reporting, v.members_total, v.members_suppressed, v.note,
    v.computed_value, v.computed_lower_bound,
    CASE WHEN v.is_published OR (v.region_level = 'gemeente'
                                 AND v.source_cy = v.classification_year)
         THEN 'gepubliceerd' ELSE 'berekend' END AS value_basis,
    v.secret_max
FROM valued AS v
UNION ALL
SELECT
    c.indicator_id, c.region_code, c.region_level, c.period, c.classification_year,
    c.source_cy, c.source, c.numerator, c.denominator, c.value, c.value_low, c.value_high,
    c.status, c.suppressed,
    c.lower_bound, c.rounded_to, c.raw_token, c.demo, c.members_reporting, c.members_total,
    c.members_suppressed, c.note, c.value, c.lower_bound,
    CASE WHEN c.region_level = 'gemeente' AND c.source_cy = c.classification_year
         THEN 'aangeleverd' ELSE 'berekend' END,
    c.secret_max
FROM computed AS c
WHERE starts_with(c.source, 'eigen:')
UNION ALL
-- Own registrations delivered for a whole region are stored as delivered.
SELECT
    o.indicator_id, o.region_code, o.region_level, o.period, o.classification_year,
    o.classification_year, o.source, o.numerator, o.denominator, d.value, d.value, d.value,
    o.status, o.suppressed, false, o.rounded_to, o.raw_token, o.demo,
    1, 1, CAST(o.suppressed AS INTEGER), o.note, NULL, NULL, 'aangeleverd', o.secret_max
FROM above AS o
JOIN dim_indicators AS i USING (indicator_id),
LATERAL (SELECT CASE i.unit WHEN 'count' THEN o.numerator
                            ELSE o.numerator / nullif(o.denominator, 0) * i.scale END AS value)
    AS d
WHERE starts_with(o.source, 'eigen:')
-- Stored in region order: a query for one region reads only the row groups holding it
-- (DuckDB's min/max per row group), not the whole table.
ORDER BY region_code, indicator_id, period;
