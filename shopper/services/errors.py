"""The services' own refusals, which the views turn into 404 and 403 pages or JSON answers."""


class NotFound(Exception):
    """What was asked for does not exist, or the person may not know that it does."""


class NotAllowed(Exception):
    """The person may see this, but may not do what they asked."""


class FieldRefused(Exception):
    """Nothing was saved; `field` names the form field (or answer) to show `message` on."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message
