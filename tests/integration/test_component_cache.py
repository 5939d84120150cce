"""Pages rendered with remembered component markup are byte for byte those rendered afresh."""

import re
from datetime import UTC, datetime

import pytest

from shopper.views import component_cache
from tests.integration.test_record_call import VOICEMAIL_ANSWERS
from tests.integration.test_record_council import Recorder, make_council, when

_RANDOM = re.compile(r'(name="csrf_token" value=")[^"]*"|(nonce=")[^"]*"')


def _normalised(response) -> str:
    return _RANDOM.sub(lambda m: (m.group(1) or m.group(2)) + 'X"', response.get_data(as_text=True))


class Comparing(Recorder):
    """A recorder that renders each page it reaches twice, with the cache and without, and
    requires the same bytes (the cache warm from earlier pages and from the first render)."""

    def __init__(self, client, monkeypatch):
        super().__init__(client)
        self.monkeypatch = monkeypatch
        self.compared = 0

    def _both(self, send):
        pages = []
        for enabled in (True, False, True):
            self.monkeypatch.setattr(component_cache, "enabled", enabled)
            pages.append(_normalised(send()))
        self.monkeypatch.setattr(component_cache, "enabled", True)
        assert pages[0] == pages[1] == pages[2]
        self.compared += 1

    def same_page(self):
        self._both(lambda: self.client.get(self.path, follow_redirects=True))

    def same_errors(self, data: dict):
        def send():
            response = self.client.post(self.path, data=data)
            assert response.status_code == 200 and b"govuk-error-summary" in response.data
            return response
        self._both(send)

    def post(self, data: dict, status: int = 200, path: str | None = None):
        page = super().post(data, status, path)
        self.same_page()
        return page


@pytest.fixture
def recorder(client, app, monkeypatch):
    council = make_council()
    recorder = Comparing(client, monkeypatch)
    recorder.council = council
    return recorder


def test_pages_before_signing_in(client, monkeypatch):
    recorder = Comparing(client, monkeypatch)
    recorder.path = "/sign-in"
    recorder.same_page()
    recorder.same_errors({"email": "", "password": ""})


def test_the_call_journey_renders_the_same(recorder, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now",
                        lambda: datetime(2026, 12, 24, 12, tzinfo=UTC))
    recorder.sign_in(recorder.council.councillor)
    for path in ("/", "/record"):
        recorder.get(path)
        recorder.same_page()
    recorder.start()
    recorder.same_page()
    recorder.same_errors({"number": "", "extension": ""})
    recorder.post({"number": "0113 496 0001", "extension": ""})
    recorder.same_errors({"day": "99", "month": "", "year": ""})
    recorder.post(when(datetime(2026, 12, 24, 10, tzinfo=UTC)))
    recorder.same_errors({"outcome": ""})
    recorder.post({"outcome": "voicemail"})
    recorder.same_errors({"rings": "many"})
    recorder.post({"rings": "7"})
    recorder.same_errors({})
    recorder.post({"held": "no"})
    recorder.post({"away": "no"})
    recorder.post({"message": "yes"})
    recorder.same_errors({"time": "25:99"})
    recorder.post({"time": "10:00"})
    recorder.same_errors({})
    recorder.post(VOICEMAIL_ANSWERS)
    recorder.post({"notes": "Greeting gave the team but no extension"})
    assert "Check your answers" in recorder.response.get_data(as_text=True)
    assert recorder.compared > 15


def test_a_broken_cache_is_caught(recorder, monkeypatch):
    """The comparison fails if remembered markup is served for other parameters."""
    recorder.sign_in(recorder.council.councillor)
    recorder.start()
    monkeypatch.setattr(component_cache, "canonical", lambda params: "the same for all")
    component_cache.forget()
    with pytest.raises(AssertionError):
        recorder.same_errors({"number": "", "extension": ""})
