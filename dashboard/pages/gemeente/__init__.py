"""The gemeente profile page: `page` registers `/gemeente/<code>` and builds the layout; `table`
reads and shapes the per-indicator rows."""
