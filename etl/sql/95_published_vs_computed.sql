-- Published higher-level figures beside the ones computed from their gemeenten, one row per
-- figure that has both (in the layout it was published in). A report, not a check: the build
-- logs how many differ by more than rounding and secret members allow, and a few examples.
-- The published value agrees when it lies in [computed - rounding, computed + rounding +
-- secret]: rounding is half of CBS's multiple of 5 for every reporting member plus half the
-- last digit of a published rate, secret the most the secret members can add (7 each), both
-- in the indicator's unit.
WITH compared AS (
    SELECT f.indicator_id, f.region_code, f.period, f.source, f.value AS published,
           f.computed_value AS computed, f.computed_lower_bound,
           i.scale / nullif(f.denominator, 0) AS per_count,
           CASE WHEN f.numerator IS NULL AND contains(f.raw_token, '.')
                THEN 0.5 * 10 ^ (-length(split_part(f.raw_token, '.', 2)))
                ELSE 0 END AS token_half,
           f.members_reporting, f.members_suppressed, i.unit
    FROM fct_indicator_values AS f
    JOIN dim_indicators AS i USING (indicator_id)
    WHERE f.value_basis = 'gepubliceerd' AND f.region_level <> 'gemeente'
      AND f.classification_year = f.source_cy
      AND f.value IS NOT NULL AND f.computed_value IS NOT NULL
),
bounded AS (
    SELECT *,
           CASE unit WHEN 'count' THEN 1 ELSE per_count END AS k
    FROM compared
)
SELECT indicator_id, region_code, period, source, published, computed,
       published - computed AS difference,
       computed - 2.5 * members_reporting * k - token_half AS low,
       computed + (2.5 * members_reporting + 7 * members_suppressed) * k + token_half AS high,
       NOT (published BETWEEN computed - 2.5 * members_reporting * k - token_half
                          AND computed + (2.5 * members_reporting + 7 * members_suppressed) * k
                              + token_half) AS beyond
FROM bounded
ORDER BY beyond DESC, abs(published - computed) / nullif(abs(computed), 0) DESC,
         indicator_id, region_code, period
