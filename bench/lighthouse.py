"""Lighthouse on a phone over the key page types: performance, accessibility, bytes sent.

    .venv/bin/python bench/lighthouse.py            # RUNS=1 by default; PORT=…; KEEP=1

Serves the demo council from a scratch SQLite database with `flask run` (the development
server: no compression, no caching, so the figures are a floor for a real deployment), signs
each role in through the test client with the same SECRET_KEY and hands Lighthouse that session
cookie in a Cookie header. Lighthouse runs Debian's Chromium with the browser tests' flags in
its default mobile emulation (a mid-range phone on slow 4G). Pages: sign-in, each role's home,
a recording question, check your answers, the compliance overview, a block's page, the public
results and the evidence page. Targets: accessibility 1.0 and performance 0.95 on every page;
exits 1 when a page misses either. Figures vary from run to run, more so on a busy machine:
with RUNS above 1 each page's median is judged. Needs `npx` and /usr/bin/chromium. Never run as
a test.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LIGHTHOUSE = "lighthouse@13.5.0"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
ROLES = {"coordinator": "coordinator@anytown.example",
         "team lead": "lead.highways@anytown.example",
         "shopper": "cllr.jones@anytown.example",
         "assessor": "assessor@assessors.example"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(work: Path, port: int) -> subprocess.Popen:
    flask = [str(BIN / "flask"), "--app", "shopper"]
    subprocess.run([str(BIN / "python"), "-m", "shopper.assets"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*flask, "db", "upgrade"], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    subprocess.run([*flask, "shopper", "demo", "--if-empty", "--shops", "300"], check=True,
                   cwd=ROOT)
    log = open(work / "server.log", "w")  # noqa: SIM115 - open while the server runs
    server = subprocess.Popen([*flask, "run", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, stdout=log, stderr=log)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("The server did not start: see server.log")


def signed_in(app, email: str):
    from shopper.services.demo.council import DEMO_PASSWORD

    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD,
                                  "csrf_token": csrf_token(client.get("/sign-in"))})
    if not client.get_cookie("session"):
        sys.exit(f"{email} could not sign in")
    return client


def csrf_token(response) -> str:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return page.select_one("input[name=csrf_token]")["value"]


def check_answers_url(client) -> str:
    """A call recorded up to its check page: first choices throughout, a person answering."""
    response = client.get("/record/call/new", follow_redirects=True)
    typed = {"number": "0113 496 0001", "outcome": "person", "rings": "2", "held": "no",
             "time": "09:00"}
    for _ in range(12):
        if response.request.path.endswith("/check"):
            return response.request.path
        form = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
            "main form[method=post]")
        data: dict[str, list[str]] = {}  # a date's day, month and year share one name
        for field in form.select("input[name]"):
            if field.get("type") != "radio":
                data.setdefault(field["name"], []).append(field.get("value", ""))
        for radio in form.select("input[type=radio]"):
            data.setdefault(radio["name"], [radio["value"]])
        data.update({name: [value] for name, value in typed.items() if name in data})
        response = client.post(response.request.path, data=data, follow_redirects=True)
    sys.exit("The call did not reach its check page")


def pages(port: int) -> list[tuple[str, str, str | None]]:
    """(page, URL, session cookie) for each page Lighthouse visits."""
    from shopper import create_app
    from shopper.extensions import db
    from shopper.models import ServiceBlock

    app = create_app()
    base = f"http://127.0.0.1:{port}"
    clients = {role: signed_in(app, email) for role, email in ROLES.items()}
    cookie = {role: client.get_cookie("session").value for role, client in clients.items()}
    with app.app_context():
        block = db.session.scalar(db.select(ServiceBlock.id).order_by(ServiceBlock.id))
    found = [("sign-in", f"{base}/sign-in", None), ("public results", f"{base}/results", None)]
    found += [(f"home: {role}", f"{base}/", cookie[role]) for role in ROLES]
    found += [
        ("a recording question", f"{base}/record/call/{uuid.uuid4()}/number", cookie["shopper"]),
        ("check your answers", base + check_answers_url(clients["shopper"]), cookie["shopper"]),
        ("compliance overview", f"{base}/compliance", cookie["coordinator"]),
        ("a block's page", f"{base}/compliance/blocks/{block}", cookie["coordinator"]),
        ("evidence", f"{base}/evidence", cookie["coordinator"]),
    ]
    return found


def lighthouse(url: str, cookie: str | None, work: Path, name: str) -> dict:
    headers = work / f"{name}.headers.json"
    headers.write_text(json.dumps({"Cookie": f"session={cookie}"} if cookie else {}))
    report = work / f"{name}.json"
    subprocess.run(["npx", "--yes", LIGHTHOUSE, url, "--form-factor=mobile",
                    "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}",
                    f"--extra-headers={headers}", "--output=json", f"--output-path={report}",
                    "--quiet"], check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    found = json.loads(report.read_text())
    if found.get("runtimeError"):
        sys.exit(f"Lighthouse failed on {url}: {found['runtimeError']}")
    if cookie and found["finalDisplayedUrl"].endswith("/sign-in"):
        sys.exit(f"Lighthouse was sent to sign in from {url}: the session cookie did not work")
    return found


def main() -> None:
    runs = int(os.environ.get("RUNS", "1"))
    work = Path(tempfile.mkdtemp())
    os.environ.update(SHOPPER_ENV="development", SECRET_KEY=f"lighthouse-{uuid.uuid4()}",
                      DATABASE_URL=f"sqlite:///{work}/lighthouse.sqlite")
    sys.path.insert(0, str(ROOT))
    port = int(os.environ.get("PORT") or free_port())
    server = serve(work, port)
    print(f"{LIGHTHOUSE}, mobile, {runs} run(s) a page; load average before: "
          f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print(f"{'page':<24} {'performance':>11} {'accessibility':>13} {'transferred':>12}")
    missed = []
    try:
        for number, (name, url, cookie) in enumerate(pages(port)):
            reports = [lighthouse(url, cookie, work, f"page{number}-run{run}")
                       for run in range(runs)]
            performance = statistics.median(r["categories"]["performance"]["score"]
                                            for r in reports)
            accessibility = statistics.median(r["categories"]["accessibility"]["score"]
                                              for r in reports)
            sent = statistics.median(r["audits"]["total-byte-weight"]["numericValue"]
                                     for r in reports)
            print(f"{name:<24} {performance:>11.2f} {accessibility:>13.2f} "
                  f"{sent / 1024:>9.1f} KB")
            if performance < 0.95 or accessibility < 1:
                missed.append(name)
    finally:
        server.terminate()
        server.wait()
        print(f"Load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        if os.environ.get("KEEP"):
            print(f"Reports kept in {work}")
        else:
            shutil.rmtree(work)
    print(f"Below a target: {', '.join(missed)}" if missed else "Every page meets both targets")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
