"""Errors the ETL reports to a person: what failed, in which file, row and column."""

from __future__ import annotations


class EtlError(Exception):
    """A build or import failed; the message is meant for the person running it."""


class InputError(EtlError):
    """A source file is malformed. Row numbers are 1-based as a spreadsheet shows them."""

    def __init__(self, file: str, reason: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.reason = file, row, column, reason
        where = file
        if row is not None:
            where += f", rij {row}"
        if column is not None:
            where += f", kolom '{column}'"
        super().__init__(f"{where}: {reason}")


class CheckError(EtlError):
    """A warehouse check failed; the new warehouse was not swapped in."""
