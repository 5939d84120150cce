"""A shop's "submitted" audit entry, built from the rows just inserted, is what reading the
stored shop back gives (as it was made before: describe_shop of the stored shop)."""

import uuid

import pytest

from shopper.extensions import db
from shopper.models import AuditEvent, Shop
from shopper.services.recording.store import describe_shop
from tests.integration.test_api_shops import WORKED_EXAMPLE, council, send, shopper  # noqa: F401
from tests.integration.test_record_statements import journey  # noqa: F401
from tests.integration.test_record_statements import (
    test_each_page_of_a_call_costs_at_most_five_statements as record_a_call,
)

VISIT = {"channel": "visit", "occurred_at": "2027-01-04T08:30:00Z",
         "reception_point": "Civic Centre", "service_block": "Planning",
         "answers": dict.fromkeys(("RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10"), "met")}
FLAGGED = {"channel": "call", "occurred_at": "2026-12-24T09:50:00Z", "number": "0113 496 0999",
           "service_block": "Planning", "outcome": "answered", "rings": 3,
           "held_or_transferred": True, "answers": {}}


def entries_match_the_stored_shops() -> None:
    db.session.expire_all()
    stored = db.session.scalars(db.select(Shop)).all()
    assert stored
    for shop in stored:
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(
            entity="shop", entity_id=str(shop.id), action="submitted")).all()
        assert event.after == describe_shop(shop)


@pytest.mark.parametrize("body", [
    WORKED_EXAMPLE,
    {**VISIT, "acknowledged_minutes": 1.5, "seen_minutes": 12},
    {**VISIT, "acknowledged_minutes": 0, "seen_minutes": None},
    {**WORKED_EXAMPLE, "occurred_at": "2026-07-01T09:50:00Z", "message_left_at":
     "2026-07-01T11:00:00.123456+01:00", "callback_at": None, "callback_withheld": None,
     "callback_answering_machine": None},
], ids=["worked call", "visit with minutes", "visit not seen", "summer time, no callback"])
def test_an_api_shops_entry_is_the_stored_shop(shopper, body):  # noqa: F811
    response = send(shopper, {**body, "client_id": str(uuid.uuid4())})

    assert response.status_code == 201, response.get_json()
    entries_match_the_stored_shops()


def test_a_recorded_calls_entry_is_the_stored_shop(journey):  # noqa: F811
    record_a_call(journey)

    entries_match_the_stored_shops()
