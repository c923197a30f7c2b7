-- Each check returns the rows that violate it; any row stops the swap.
-- name: facts have a unique key
SELECT indicator_id, region_code, period, classification_year, source, count(*) AS n
FROM fct_indicator_values GROUP BY ALL HAVING count(*) > 1;
-- name: every fact has a known indicator
SELECT DISTINCT f.indicator_id FROM raw_facts AS f ANTI JOIN dim_indicators USING (indicator_id);
-- name: every source region code is known in its classification year
SELECT DISTINCT f.region_code, f.classification_year
FROM stg_facts AS f
ANTI JOIN dim_regions AS r
    ON r.region_code = f.region_code AND r.classification_year = f.classification_year;
-- name: every rate has a positive denominator
SELECT f.indicator_id, f.region_code, f.period, f.denominator
FROM fct_indicator_values AS f JOIN dim_indicators AS i USING (indicator_id)
WHERE i.unit <> 'count' AND NOT f.suppressed AND NOT (f.denominator > 0);
-- name: numerator does not exceed denominator
SELECT f.indicator_id, f.region_code, f.period, f.numerator, f.denominator
FROM fct_indicator_values AS f JOIN dim_indicators AS i USING (indicator_id)
WHERE i.unit <> 'count' AND f.numerator > f.denominator + 1e-9;
-- name: values lie within the unit's range
SELECT f.indicator_id, f.region_code, f.period, f.value
FROM fct_indicator_values AS f JOIN dim_indicators AS i USING (indicator_id)
WHERE f.value < 0 OR (i.unit <> 'count' AND f.value > i.scale);
-- name: suppressed cells carry no number
SELECT indicator_id, region_code, period FROM fct_indicator_values
WHERE suppressed AND (numerator IS NOT NULL OR value IS NOT NULL);
-- name: status is voorlopig or definitief
SELECT DISTINCT status FROM fct_indicator_values WHERE status NOT IN ('voorlopig', 'definitief');
-- name: the weights of a gemeente over the regions of one level sum to 1
SELECT classification_year, region_level, gemeente_code, sum(weight) AS total
FROM dim_region_members GROUP BY ALL HAVING abs(sum(weight) - 1) > 1e-6;
-- name: the demonstration set is complete: every indicator and period has a national figure
-- computed from its gemeenten (real sources may miss gemeenten; their regions are then simply
-- not computed)
SELECT DISTINCT f.indicator_id, f.period
FROM stg_facts AS f
WHERE f.demo
  AND NOT EXISTS (
    SELECT 1 FROM fct_indicator_values AS n
    WHERE n.indicator_id = f.indicator_id AND n.period = f.period
      AND n.region_code = 'NL01' AND n.computed_value IS NOT NULL);
-- name: value_basis is gepubliceerd, berekend or aangeleverd, and own registrations never
-- publish a figure
SELECT DISTINCT value_basis, source FROM fct_indicator_values
WHERE value_basis NOT IN ('gepubliceerd', 'berekend', 'aangeleverd')
   OR (value_basis = 'gepubliceerd' AND starts_with(source, 'eigen:'));
-- name: a published higher-level figure is never a lower bound
SELECT indicator_id, region_code, period FROM fct_indicator_values
WHERE value_basis = 'gepubliceerd' AND region_level <> 'gemeente' AND lower_bound;
-- name: a publisher's own value comes only for a level above the gemeente
SELECT f.indicator_id, f.region_code, f.period FROM stg_facts AS f
JOIN dim_regions AS r
    ON r.region_code = f.region_code AND r.classification_year = f.classification_year
WHERE r.region_level = 'gemeente' AND f.published_value IS NOT NULL;
-- name: one public figure per indicator, region, period and classification year
SELECT indicator_id, region_code, period, classification_year, count(*) AS n
FROM fct_indicator_values WHERE NOT starts_with(source, 'eigen:')
GROUP BY ALL HAVING count(*) > 1;
-- name: an interval holds its value: both ends null when suppressed, a point without secret
-- members, value_low = value <= value_high otherwise
SELECT indicator_id, region_code, period, classification_year, value, value_low, value_high
FROM fct_indicator_values
WHERE (suppressed AND (value_low IS NOT NULL OR value_high IS NOT NULL))
   OR (NOT suppressed AND NOT lower_bound
       AND (value_low IS DISTINCT FROM value OR value_high IS DISTINCT FROM value))
   OR (lower_bound AND (value_low IS DISTINCT FROM value OR value_high < value - 1e-9));
-- name: an upper end lies within the unit's range
SELECT f.indicator_id, f.region_code, f.period, f.value_high
FROM fct_indicator_values AS f JOIN dim_indicators AS i USING (indicator_id)
WHERE i.unit <> 'count' AND f.value_high > i.scale * (1 + 1e-9);
-- name: only a suppressed figure has a secret_max, never below 0
SELECT indicator_id, region_code, period, secret_max FROM fct_indicator_values
WHERE secret_max IS NOT NULL AND (NOT suppressed OR secret_max < 0);
