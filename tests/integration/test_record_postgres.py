"""Two submissions of one draft at the same moment, on two connections, make one shop.

A phone that retries while its first request is still running sends the same client id twice
at once. PostgreSQL's unique index on shops.client_id lets one insert through; the other fails,
and the service answers it with the shop the first one made. SQLite runs one writer at a time,
so this needs PostgreSQL (TEST_DATABASE_URL).
"""

import threading

import pytest

from shopper.extensions import db
from shopper.models import AuditEvent, Shop, User
from shopper.services.recording import drafts as recording
from shopper.services.recording import submitting
from tests.integration.test_record_council import CHRISTMAS_EVE, Recorder, make_council
from tests.integration.test_record_rules import ENGAGED, check_form

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL to a postgresql+psycopg:// URL")


@pytest.fixture
def council(app, postgres):
    return make_council()


def test_two_submissions_of_one_id_at_once_make_one_shop(app, client, council, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    recorder = Recorder(client).sign_in(council.councillor)
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    recorder.walk(ENGAGED)
    fingerprint = check_form(recorder)["fingerprint"]
    draft_id = recorder.path.split("/")[-2]
    db.session.remove()  # the test's own connection holds nothing the two requests need

    both_ready = threading.Barrier(2, timeout=10)
    outcomes, failures = [], []

    def submit() -> None:
        try:
            with app.app_context():  # a session and a connection of its own
                user = db.session.get(User, council.councillor.id)
                draft = recording.open_draft(user, draft_id, "call")
                both_ready.wait()
                outcomes.append(submitting.submit(user, draft, fingerprint))
                db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below, with the thread's story)
            failures.append(error)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert sorted(result.outcome for result in outcomes) == ["created", "existing"]
    assert outcomes[0].shop_id == outcomes[1].shop_id
    assert db.session.scalar(db.select(db.func.count()).select_from(Shop)) == 1
    submitted = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.entity == "shop")).all()
    assert submitted == ["submitted"]
