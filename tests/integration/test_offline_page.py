"""The offline page and the service worker that shows it when a page cannot open without signal:
open to anyone, and keeping nothing but the offline page and the built files."""

import json
import re

from tests.conftest import parse


def worker_list(source: str, name: str) -> list[str] | str:
    return json.loads(re.search(rf"^const {name} = (.+)$", source, re.MULTILINE)[1])


def test_the_offline_page_says_the_page_could_not_open_and_holds_the_shops_list(client):
    page = parse(client.get("/offline"))
    assert page.h1.text == "You are offline"
    assert page.title.text.startswith("You are offline – Shopper – ")
    assert " ".join(page.select_one("[data-app-offline-shops]").text.split()) == (
        "A shop you submitted without signal stays saved on this phone. It is sent when there "
        "is signal and Shopper is open.")


def test_the_worker_is_served_from_the_root_and_keeps_only_the_offline_page_and_built_files(
        client):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    # Checked again at every visit, so a new build's worker takes over at once.
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    assert worker_list(source, "OFFLINE_PAGE") == "/offline"
    files = worker_list(source, "FILES")
    page = parse(client.get("/sign-in"))
    assert page.select_one("link[rel=stylesheet]")["href"] in files
    assert page.select_one("script[type=module]")["src"] in files
    assert all(re.fullmatch(r"/static/dist/[\w.-]+\.[0-9a-f]{12}\.\w+", url) for url in files)


def test_the_cache_name_changes_with_the_built_files(app, client, monkeypatch):
    before = client.get("/service-worker.js").get_data(as_text=True)
    monkeypatch.setitem(app.extensions, "built_files", app.extensions["built_files"][1:])
    after = client.get("/service-worker.js").get_data(as_text=True)
    version = re.compile(r"^const CACHE = '(shopper-offline-[0-9a-f]{12})'$", re.MULTILINE)
    assert version.search(before)[1] != version.search(after)[1]
