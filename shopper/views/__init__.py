"""Blueprints, one per area: thin over the services."""
