"""The evidence pack as a tagged PDF (PDF/UA-1): real text, headings and alt text on charts."""

from functools import cache
from pathlib import Path

import jinja2
import weasyprint

MEDIA_TYPE = "application/pdf"


def write_pdf(html: str, target=None) -> bytes | None:
    """The HTML page rendered on A4 as PDF/UA-1; bytes, or None when written to target."""
    document = weasyprint.HTML(string=html, base_url=".")
    return document.write_pdf(target, pdf_variant="pdf/ua-1")


_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def render_pack(context: dict) -> str:
    """The evidence pack's HTML from templates/exports/pack.html."""
    return _environment().get_template("exports/pack.html").render(**context)
