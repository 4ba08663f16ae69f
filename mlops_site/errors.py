"""The one domain error type; the API maps it to a 400 with its message."""

from __future__ import annotations


class DomainError(Exception):
    """A request that breaks a business rule; the message is safe to show to users."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
