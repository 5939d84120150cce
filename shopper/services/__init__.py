"""Use cases and queries: the only code that commits."""
