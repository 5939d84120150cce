"""The repository stands on its own: nothing in it reaches outside the checkout."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A relative path that climbs out of the checkout, or the team's reference folder beside it.
OUTSIDE = re.compile(r"\.\./shared|\bshared/(SPEC|STYLE|examples)|/wor[k]/|parents\[(\d+)\]")


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in listed.stdout.decode().split("\0") if name]


def climbs_out(path: Path, match: re.Match) -> bool:
    if match.group(2) is None:
        return True
    # Path(__file__).parents[N] leaves the checkout when N reaches past the root.
    return int(match.group(2)) >= len(path.relative_to(ROOT).parts)


def test_no_file_refers_to_a_path_outside_the_checkout():
    found = []
    for path in tracked_files():
        if path.suffix in {".png", ".svg", ".ico", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in OUTSIDE.finditer(line):
                if climbs_out(path, match):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "These lines reach outside the repository:\n" + "\n".join(found)


def test_the_check_catches_a_reference_outside():
    # Written in pieces so that this file does not trip its own check.
    line = 'EXAMPLES = Path(__file__).resolve().' + 'parent' + 's[3] / "examples"'
    match = OUTSIDE.search(line)
    assert match and climbs_out(ROOT / "tests" / "integration" / "test_x.py", match)
    assert OUTSIDE.search("See [the rules](" + ".." + "/sha" + "red/SPEC.md)")
    inside = OUTSIDE.search('Path(__file__).resolve().' + 'parent' + 's[2] / "docs"')
    assert not climbs_out(ROOT / "tests" / "integration" / "test_x.py", inside)
