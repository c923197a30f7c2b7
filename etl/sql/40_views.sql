-- The documented views: the public contract of the warehouse (see README), and the copy of
-- facts that facts_by_level reads.
CREATE VIEW regions AS
SELECT region_code, region_name, region_level, classification_year FROM dim_regions;

CREATE VIEW region_members AS
SELECT region_code, gemeente_code, weight, classification_year, region_level
FROM dim_region_members;

CREATE VIEW indicators AS
SELECT indicator_id, label, unit, definition, numerator_label, denominator_label,
       higher_is_better, source, source_table, domain, period_type, scale, trend_break,
       comparability, demo_basis, sort_order, decimals, levels, judged
FROM dim_indicators;

CREATE VIEW facts AS
SELECT indicator_id, region_code, period, classification_year, numerator, denominator, value,
       value_low, value_high, status, suppressed, lower_bound, demo, source, region_level,
       rounded_to, raw_token, members_reporting, members_total, members_suppressed, note,
       computed_value, computed_lower_bound, value_basis, secret_max
FROM fct_indicator_values;

-- The rows of facts again, stored in the order of a whole level's read (one indicator, layout,
-- level and period over all its regions: the map, the ranking and the table of the indicator
-- page): such a read finds its rows in one to three row groups, where facts, stored in region
-- order for one region's reads, spreads them over every one. The copy is made from the view
-- above, so it has exactly its columns.
CREATE TABLE fct_indicator_values_by_level AS
SELECT * FROM facts
ORDER BY indicator_id, classification_year, region_level, period, region_code;

CREATE VIEW facts_by_level AS
SELECT * FROM fct_indicator_values_by_level;

CREATE VIEW region_aliases AS
SELECT alias, region_code, kind FROM dim_region_aliases;

CREATE VIEW herindelingen AS
SELECT datum AS change_date, oud_code AS old_code, oud_naam AS old_name,
       nieuw_code AS new_code, nieuw_naam AS new_name, type AS change_type, deel AS part
FROM raw_herindelingen;

CREATE VIEW build_info AS
SELECT built_at, code_version, base_source, contains_demo, latest_classification_year,
       sources, own_files, build_id
FROM build_meta;
