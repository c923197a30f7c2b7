-- The aggregation rule, written once and stored in the warehouse: 30_indicator_values.sql calls
-- it for every standard level, the dashboard for a werkgebied (a set of gemeenten kept in the
-- application database, so unknown to this build).
--
-- region_values(members): members is a list of
--   {target_code, target_level, gemeente_code, weight, source_cy, target_cy}
-- (the shape of `memberships`): gemeente figures published in layout source_cy, each counted
-- with its weight in region target_code of layout target_cy. A region figure is
-- sum(weight x numerator) / sum(weight x denominator) and is published only when every member
-- gemeente reported (a suppressed cell counts as reported). A suppressed member adds nothing to
-- the numerator: the region figure is then a lower bound, suppressed only when every member is,
-- and no secret cell can be recovered by subtracting published figures from it.
--
-- value_low / value_high: the interval the true figure lies in, from published figures and
-- the publication rule only. A point (both = value) without secret members; with them,
-- value_low = value and value_high adds weight x secret_max of every secret member (for a
-- rate at most its denominator) to the numerator; value_high is null when a secret member has
-- no known upper end (secret_max null, or for a rate no denominator). Suppressed: both null,
-- and secret_max the largest count the secret figure can hold (null when unknown).
CREATE MACRO region_values(members) AS TABLE
WITH m AS (
    SELECT unnest(members, recursive := true)
),
expected AS (
    SELECT target_code, target_level, source_cy, target_cy, count(*) AS members_total
    FROM m
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
        sum(m.weight * f.secret_max) FILTER (WHERE f.suppressed) AS secret_count,
        sum(m.weight * least(f.secret_max, f.denominator)) FILTER (WHERE f.suppressed)
            AS secret_share,
        bool_or(f.suppressed AND f.secret_max IS NULL) AS secret_open,
        bool_or(f.suppressed AND (f.secret_max IS NULL OR f.denominator IS NULL))
            AS secret_share_open,
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
    JOIN m ON m.gemeente_code = f.region_code AND m.source_cy = f.classification_year
    GROUP BY ALL
),
valued AS (
    SELECT
        a.*, e.members_total,
        CASE i.unit WHEN 'count' THEN a.numerator
                    ELSE a.numerator / nullif(a.denominator, 0) * i.scale END AS value,
        CASE WHEN i.unit = 'count' THEN CASE WHEN NOT a.secret_open
                                             THEN a.numerator + a.secret_count END
             WHEN NOT a.secret_share_open
             THEN (a.numerator + a.secret_share) / nullif(a.denominator, 0) * i.scale
        END AS bound_high
    FROM aggregated AS a
    JOIN expected AS e
        ON e.target_code = a.region_code AND e.target_level = a.region_level
        AND e.source_cy = a.source_cy AND e.target_cy = a.classification_year
    JOIN dim_indicators AS i USING (indicator_id)
    WHERE a.members_reporting = e.members_total
)
SELECT
    indicator_id, region_code, region_level, period, classification_year, source_cy, source,
    numerator, denominator, value,
    CASE WHEN NOT suppressed THEN value END AS value_low,
    CASE WHEN suppressed THEN NULL WHEN lower_bound THEN bound_high ELSE value END AS value_high,
    status, suppressed, lower_bound, rounded_to, raw_token, demo,
    members_reporting, members_total, members_suppressed, note,
    CASE WHEN suppressed AND NOT secret_open THEN secret_count END AS secret_max
FROM valued;

-- werkgebieden_values(members): members is a list of {werkgebied_code, gemeente_code, weight}
-- in the latest layout, for one or more werkgebieden at once (one scan of the facts however many
-- are asked). Each member is composed with the back-casting in `memberships` (a gemeente of the
-- latest layout and the shares of the older gemeenten that became it), exactly as a standard
-- region of the latest layout is, so every period is back-cast the same way. Public sources
-- only: own registrations ('eigen:...') are not aggregated for werkgebieden.
CREATE MACRO werkgebieden_values(members) AS TABLE
WITH chosen AS (
    SELECT unnest(members, recursive := true)
),
composed AS (
    SELECT c.werkgebied_code AS target_code, 'werkgebied' AS target_level, b.gemeente_code,
           sum(c.weight * b.weight) AS weight, b.source_cy, b.target_cy
    FROM chosen AS c
    JOIN memberships AS b
        ON b.target_code = c.gemeente_code AND b.target_level = 'gemeente'
        AND b.target_cy = (SELECT latest_classification_year FROM build_meta)
    GROUP BY c.werkgebied_code, b.gemeente_code, b.source_cy, b.target_cy
)
SELECT region_code AS werkgebied_code, indicator_id, period, classification_year, numerator,
       denominator, value, value_low, value_high, status, suppressed, lower_bound, demo, source,
       members_reporting, members_total, members_suppressed, secret_max
FROM region_values((SELECT list(composed) FROM composed))
WHERE NOT starts_with(source, 'eigen:');

-- werkgebied_values(members): one werkgebied, members a list of {gemeente_code, weight}.
CREATE MACRO werkgebied_values(members) AS TABLE
SELECT * EXCLUDE (werkgebied_code)
FROM werkgebieden_values((
    SELECT list({'werkgebied_code': 'werkgebied', 'gemeente_code': m.gemeente_code,
                 'weight': m.weight})
    FROM (SELECT unnest(members, recursive := true)) AS m));
