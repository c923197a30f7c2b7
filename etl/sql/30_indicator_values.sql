-- Every level from gemeente counts by the one aggregation rule, region_values() in
-- 25_aggregate_macro.sql (sum(weight x numerator) / sum(weight x denominator), published only
-- when every member reported, a suppressed member adds nothing and makes a lower bound),
-- applied to all memberships at once.
CREATE TABLE fct_indicator_values AS
WITH own_regions AS (
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
SELECT * FROM region_values((SELECT list(m) FROM memberships AS m))
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
