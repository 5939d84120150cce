"""The compliance report as JSON: the shape the API serves and the CLI writes."""

import json

MEDIA_TYPE = "application/json"


def export_json(report: dict) -> bytes:
    """The report as UTF-8 JSON, indented for people reading it, ending in a newline."""
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
