"""What a service raises when it cannot find, or may not show, what it was asked for."""


class NotFound(Exception):
    """Nothing by that id, or nothing the caller may know exists: a 404."""


class NotAllowed(Exception):
    """The caller may not do this: a 403."""
