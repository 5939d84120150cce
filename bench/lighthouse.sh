#!/usr/bin/env bash
# Lighthouse's mobile performance score for the call form's first page (target: at least 0.95).
#
#     bench/lighthouse.sh            # RUNS=3 by default; PORT=…; KEEP=1 keeps the JSON reports
#
# Serves the demo council from a scratch SQLite database with `flask run` (the development
# server: no compression, no caching, so the figure is a floor for a real deployment), signs a
# shopper in through the test client with the same SECRET_KEY, and hands Lighthouse that
# session cookie in a Cookie header. Lighthouse runs Debian's Chromium with the flags the
# browser tests use, in its default mobile emulation (a mid-range phone on slow 4G). Needs
# `npx` (npm) and /usr/bin/chromium. Lighthouse's figures vary from run to run (more so on a
# busy machine), so it runs RUNS times and judges the median score, as Lighthouse advises.
# Never run as a test.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
WORK=$(mktemp -d)
PORT=${PORT:-$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export SHOPPER_ENV=development
export SECRET_KEY="lighthouse-bench-$RANDOM$RANDOM"
export DATABASE_URL="sqlite:///$WORK/lighthouse.sqlite"
LIGHTHOUSE_VERSION=13.5.0
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [ -n "${KEEP:-}" ] && echo "Reports kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

$BIN/python -m shopper.assets >/dev/null
$BIN/flask --app shopper db upgrade 2>/dev/null
$BIN/flask --app shopper shopper demo --if-empty --shops 300
$BIN/flask --app shopper run --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/sign-in" && break
  sleep 0.2
done

# A signed-in shopper's session cookie, made by the test client against the same database.
$BIN/python - "$WORK/headers.json" <<'PY'
import json
import sys

from bs4 import BeautifulSoup

from shopper import create_app
from shopper.services.demo.council import DEMO_PASSWORD

client = create_app().test_client()
page = BeautifulSoup(client.get("/sign-in").get_data(as_text=True), "html.parser")
token = page.select_one("input[name=csrf_token]")["value"]
response = client.post("/sign-in", data={"email": "cllr.jones@anytown.example",
                                         "password": DEMO_PASSWORD, "csrf_token": token})
assert response.status_code == 302, "the demo shopper could not sign in"
with open(sys.argv[1], "w") as headers:
    json.dump({"Cookie": f"session={client.get_cookie('session').value}"}, headers)
PY

# The first page of "Record a call I made": what /record/call/new redirects to.
URL="http://127.0.0.1:$PORT/record/call/$($BIN/python -c 'import uuid; print(uuid.uuid4())')/number"
echo "Lighthouse $LIGHTHOUSE_VERSION (mobile, perf preset), ${RUNS:-3} runs, on $URL"
for run in $(seq "${RUNS:-3}"); do
  CHROME_PATH=/usr/bin/chromium npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "$URL" \
    --preset=perf --form-factor=mobile --chrome-flags="$CHROME_FLAGS" \
    --extra-headers="$WORK/headers.json" --output=json --output-path="$WORK/report-$run.json" \
    --quiet
done

$BIN/python - "$WORK"/report-*.json <<'PY'
import json
import statistics
import sys

METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}
scores = []
for path in sys.argv[1:]:
    report = json.load(open(path))
    if report.get("runtimeError"):
        sys.exit(f"Lighthouse failed: {report['runtimeError']}")
    if report["finalDisplayedUrl"].endswith("/sign-in"):
        sys.exit("Lighthouse was sent to the sign-in page: the session cookie did not work")
    score = report["categories"]["performance"]["score"]
    scores.append(score)
    figures = ", ".join(f"{name} {report['audits'][key]['displayValue']}"
                        for key, name in METRICS.items())
    print(f"  run {len(scores)}: {score:.2f} ({figures})")
median = statistics.median(scores)
verdict = "meets" if median >= 0.95 else "is BELOW"
print(f"Performance score: {median:.2f}, the median of {len(scores)} ({verdict} the 0.95 target)")
sys.exit(0 if median >= 0.95 else 1)
PY
