-- Source rows cast to their types; a missing denominator is filled from the indicator's
-- population group (persons on 1 January, same gemeente and classification year).
-- published_value: the publisher's own figure for a level above the gemeente where it gives a
-- rate without its counts (see etl.sources); 30_indicator_values.sql uses it, nothing sums it.
-- secret_max: for a suppressed cell, the largest count it can hold that the public can know
-- (the publisher's rule; null: no known upper end); null for every published cell.
CREATE TABLE stg_facts AS
SELECT
    f.indicator_id,
    trim(f.region_code) AS region_code,
    f.period,
    CAST(f.classification_year AS INTEGER) AS classification_year,
    CAST(f.numerator AS DOUBLE) AS numerator,
    coalesce(CAST(f.denominator AS DOUBLE), p.persons) AS denominator,
    f.status,
    coalesce(CAST(f.suppressed AS BOOLEAN), false) AS suppressed,
    CAST(f.rounded_to AS INTEGER) AS rounded_to,
    CAST(f.raw_token AS VARCHAR) AS raw_token,
    coalesce(CAST(f.demo AS BOOLEAN), false) AS demo,
    CAST(f.source AS VARCHAR) AS source,
    CAST(f.note AS VARCHAR) AS note,
    CAST(f.value AS DOUBLE) AS published_value,
    CASE WHEN coalesce(CAST(f.suppressed AS BOOLEAN), false)
         THEN CAST(f.secret_max AS DOUBLE) END AS secret_max
-- `value` and `secret_max` are optional in raw_facts: the empty branch adds them (null) when
-- no source gave them.
FROM (SELECT * FROM raw_facts
      UNION ALL BY NAME SELECT CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS secret_max
      WHERE false) AS f
LEFT JOIN dim_indicators AS i USING (indicator_id)
LEFT JOIN dim_population AS p
    ON p.gemeente_code = trim(f.region_code)
    AND p.classification_year = CAST(f.classification_year AS INTEGER)
    AND p.population_group = i.denominator_population;
