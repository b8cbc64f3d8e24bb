"""The one error the spreadsheet readers and writers raise."""

from __future__ import annotations


class SpreadsheetError(Exception):
    """A file could not be read or written; ``user_message`` says why in words a clerk can act on."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message
