"""Reusable layout pieces: the page shell, captions, and small building blocks pages share."""
