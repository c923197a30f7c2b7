"""The errors a store function raises; each carries a Dutch `.message` fit to show the user.

Nothing else belongs here: the checks that raise them live in the store modules themselves.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store error; `.message` is Dutch text for the user interface."""

    default_message = "Er ging iets mis bij het opslaan."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)


class PermissionDenied(StoreError):
    """The acting user may not do this (not logged in, disabled, or not for this region)."""

    default_message = "U hebt geen rechten om dit te wijzigen."


class NotFound(StoreError):
    """The object does not exist (or is deleted, where a live object is needed)."""

    default_message = "Niet gevonden."


class Conflict(StoreError):
    """Someone else saved the object since it was loaded; nothing was overwritten."""

    default_message = ("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet "
                       "opgeslagen; bekijk de huidige versie.")

    def __init__(self, message: str | None = None, *, current: dict, attempted: dict):
        super().__init__(message)
        self.current = current
        self.attempted = attempted


class ValidationError(StoreError):
    """The data has the wrong shape; `.errors` lists (field, Dutch message) pairs."""

    default_message = "De invoer is niet volledig of niet juist."

    def __init__(self, errors: list[tuple[str, str]], message: str | None = None):
        self.errors = list(errors)
        super().__init__(message or "; ".join(m for _, m in self.errors) or None)


class LoginRefused(StoreError):
    """Login failed; the message never reveals whether the e-mail address exists."""

    default_message = "Onbekend e-mailadres of onjuist wachtwoord."
