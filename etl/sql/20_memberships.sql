-- Which gemeente figures, with which weight, make up each published region figure.
-- source_cy: the layout the gemeente figure was published in; target_cy: the layout of the
-- region figure. Back-casting to the latest layout composes the herindeling shares with the
-- latest layout's memberships.
CREATE TABLE memberships AS
SELECT gemeente_code AS target_code, 'gemeente' AS target_level, gemeente_code,
       1.0 AS weight, classification_year AS source_cy, classification_year AS target_cy
FROM dim_gemeenten
UNION ALL
SELECT region_code, region_level, gemeente_code, weight, classification_year, classification_year
FROM dim_region_members
UNION ALL
SELECT successor_code, 'gemeente', gemeente_code, share, classification_year, $latest
FROM dim_successors
WHERE classification_year < $latest
UNION ALL
SELECT m.region_code, m.region_level, s.gemeente_code, sum(m.weight * s.share),
       s.classification_year, $latest
FROM dim_successors AS s
JOIN dim_region_members AS m
    ON m.gemeente_code = s.successor_code AND m.classification_year = $latest
WHERE s.classification_year < $latest
GROUP BY m.region_code, m.region_level, s.gemeente_code, s.classification_year;
