#!/usr/bin/env bash
# Lighthouse on a phone over the key page types: see bench/lighthouse.py, which this runs.
exec "$(dirname "$0")/../.venv/bin/python" "$(dirname "$0")/lighthouse.py" "$@"
