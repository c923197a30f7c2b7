"""The ETL: reads sources, validates them, builds the warehouse and swaps it in atomically.

Nothing here is imported by the dashboard; the warehouse file is the only contract between them.
"""
