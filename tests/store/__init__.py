"""Tests of the application database (`dashboard.store`), each on SQLite and PostgreSQL."""
