"""The agreements (afspraken) domain layer between the store and the pages: the status rule
(`status`), validation against the warehouse (`validation`), progress from the warehouse's
figures (`progress`) and spreadsheets. No Dash here; writes go through `dashboard.store`."""
