-- Every level from gemeente counts: sum(weight x numerator) / sum(weight x denominator).
-- A region figure is published only when every member gemeente reported (a suppressed cell
-- counts as reported). Suppressed members add nothing to the numerator, so the region figure
-- is a lower bound and no secret cell can be recovered by subtraction.
CREATE TABLE fct_indicator_values AS
WITH expected AS (
    SELECT target_code, target_level, source_cy, target_cy, count(*) AS members_total
    FROM memberships
    GROUP BY ALL
),
aggregated AS (
    SELECT
        f.indicator_id,
        m.target_code AS region_code,
        m.target_level AS region_level,
        f.period,
        m.target_cy AS classification_year,
        m.source_cy,
        f.source,
        sum(m.weight * f.numerator) AS numerator,
        sum(m.weight * f.denominator) AS denominator,
        CASE WHEN bool_or(f.status = 'voorlopig') THEN 'voorlopig' ELSE 'definitief' END AS status,
        bool_and(f.suppressed) AS suppressed,
        bool_or(f.suppressed) AND NOT bool_and(f.suppressed) AS lower_bound,
        max(f.rounded_to) AS rounded_to,
        CASE WHEN count(*) = 1 AND max(m.weight) = 1 THEN any_value(f.raw_token) END AS raw_token,
        bool_or(f.demo) AS demo,
        count(*) AS members_reporting,
        count(*) FILTER (WHERE f.suppressed) AS members_suppressed,
        CASE WHEN count(*) = 1 THEN any_value(f.note) END AS note
    FROM stg_facts AS f
    JOIN memberships AS m
        ON m.gemeente_code = f.region_code AND m.source_cy = f.classification_year
    GROUP BY ALL
),
own_regions AS (
    -- Own registrations delivered for a whole region are stored as delivered.
    SELECT f.indicator_id, f.region_code, r.region_level, f.period, f.classification_year,
           f.classification_year AS source_cy, f.source, f.numerator, f.denominator, f.status,
           f.suppressed, false AS lower_bound, f.rounded_to, f.raw_token, f.demo,
           1 AS members_reporting, CAST(f.suppressed AS INTEGER) AS members_suppressed, f.note,
           1 AS members_total
    FROM stg_facts AS f
    JOIN dim_regions AS r
        ON r.region_code = f.region_code AND r.classification_year = f.classification_year
    WHERE r.region_level <> 'gemeente'
)
SELECT
    a.indicator_id, a.region_code, a.region_level, a.period, a.classification_year,
    a.source_cy, a.source, a.numerator, a.denominator,
    CASE i.unit WHEN 'count' THEN a.numerator
                ELSE a.numerator / nullif(a.denominator, 0) * i.scale END AS value,
    a.status, a.suppressed, a.lower_bound, a.rounded_to, a.raw_token, a.demo,
    a.members_reporting, e.members_total, a.members_suppressed, a.note
FROM aggregated AS a
JOIN expected AS e
    ON e.target_code = a.region_code AND e.target_level = a.region_level
    AND e.source_cy = a.source_cy AND e.target_cy = a.classification_year
JOIN dim_indicators AS i USING (indicator_id)
WHERE a.members_reporting = e.members_total
UNION ALL
SELECT
    o.indicator_id, o.region_code, o.region_level, o.period, o.classification_year,
    o.source_cy, o.source, o.numerator, o.denominator,
    CASE i.unit WHEN 'count' THEN o.numerator
                ELSE o.numerator / nullif(o.denominator, 0) * i.scale END,
    o.status, o.suppressed, o.lower_bound, o.rounded_to, o.raw_token, o.demo,
    o.members_reporting, o.members_total, o.members_suppressed, o.note
FROM own_regions AS o
JOIN dim_indicators AS i USING (indicator_id);
