"""The dashboard: reads the warehouse read-only and shows it. Never imports `etl`."""
