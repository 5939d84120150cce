"""Reading a shop sent as JSON in one request: its fields, then the journey's checks on them.

The fields are import-shops' columns (yes/no facts as JSON booleans); the checks are the
domain's fact_errors and answer_errors and the journey's rules on what a shopper may shop, so
a shop sent this way is refused for the same reasons, in the same words, as on the pages.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shopper.domain.applicability import answer_errors
from shopper.domain.enums import Answer, Away, Channel, Outcome
from shopper.domain.facts import CallFacts, Facts, VisitFacts, fact_errors
from shopper.domain.phones import EXAMPLE, PhoneNumberError, parse_phone_number
from shopper.models import User
from shopper.services.imports.shop_rows import ANSWERS, parse_minutes, parse_time
from shopper.services.recording import places
from shopper.services.shops import ShopRecord
from shopper.services.standards import Catalogue

CALL_FIELDS = ("number", "extension", "rings", "outcome", "held_or_transferred",
               "officer_away", "message_left_at", "callback_at", "callback_withheld",
               "callback_answering_machine")
VISIT_FIELDS = ("reception_point", "acknowledged_minutes", "seen_minutes")
FIELDS = ("client_id", "channel", "occurred_at", *CALL_FIELDS, *VISIT_FIELDS, "service_block",
          "answers", "notes")
NOTES_LENGTH = 2000
# Longer than any name, number or time Shopper keeps; anything longer is not one of them.
TEXT_LENGTH = 200


@dataclass(frozen=True)
class FieldError:
    """One problem with the shop sent: the field it is in and what to do about it."""

    field: str
    message: str


class ShopInvalid(ValueError):
    """The shop sent cannot be recorded; every problem found is listed."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} problems with the shop sent")
        self.errors = errors


class _Fields:
    """The body's fields, read one by one, with every problem kept."""

    def __init__(self, body: dict) -> None:
        self.body = body
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        if all(error.field != field for error in self.errors):
            self.errors.append(FieldError(field, message))

    def text(self, field: str, what: str, required: bool = False,
             limit: int = TEXT_LENGTH) -> str | None:
        value = self.body.get(field)
        if value is None or value == "":
            if required:
                self.add(field, f"Enter {what}")
            return None
        if not isinstance(value, str):
            self.add(field, f"Enter {what} as text, in quotes")
        elif "\x00" in value:
            self.add(field, f"Enter {what} without the null character (\\u0000)")
        elif len(value) > limit:
            self.add(field, f"Enter {what} in {limit:,} characters or fewer")
        else:
            return value.strip()
        return None

    def time(self, field: str, what: str, required: bool = False) -> datetime | None:
        text = self.text(field, what + ", like 2026-03-02T14:05:00+00:00", required)
        try:
            return parse_time(text or "", what, required=False)
        except ValueError as error:
            self.add(field, str(error))
            return None

    def boolean(self, field: str, what: str) -> bool | None:
        value = self.body.get(field)
        if value is not None and not isinstance(value, bool):
            self.add(field, f"Send {field} as true or false: {what}")
            return None
        return value

    def choice(self, field: str, choices: list[str], default: str | None = None) -> str | None:
        value = self.body.get(field)
        if value is None and default is not None:
            return default
        if value in choices:
            return value
        self.add(field, f"Send {field} as one of {', '.join(choices)}"
                        + ("" if value is None else f", not {_shown(value)}"))
        return None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_shop(body: object, user: User, catalogue: Catalogue, now: datetime) -> ShopRecord:
    """The shop the body records for this shopper, or ShopInvalid naming every problem."""
    if not isinstance(body, dict):
        raise ShopInvalid([FieldError("", "Send the shop as a JSON object, with the header "
                                          'Content-Type: application/json, like {"client_id": '
                                          '"…", "channel": "call", …}')])
    fields = _Fields(body)
    for name in body:
        if name not in FIELDS:
            fields.add(str(name)[:TEXT_LENGTH], f"Leave out {_shown(name)}: it is not a fact "
                                                "Shopper records")
    client_id = _client_id(fields)
    channel = fields.choice("channel", list(Channel))
    occurred_at = fields.time("occurred_at", "the date and time of the shop", required=True)
    answers = _answers(fields)
    notes = fields.text("notes", "notes", limit=NOTES_LENGTH) or ""
    if channel is None:
        raise ShopInvalid(fields.errors)
    reader = _call if channel == Channel.CALL else _visit
    place, facts = reader(fields, user, occurred_at)
    if facts is not None:
        _check(fields, facts, answers, catalogue, now)
    if fields.errors:
        raise ShopInvalid(fields.errors)
    return ShopRecord(facts=facts, answers=answers, shopper_id=user.id, client_id=client_id,
                      notes=notes, **place)


def _client_id(fields: _Fields) -> uuid.UUID | None:
    text = fields.text("client_id", "client_id, the UUID your app made for this shop",
                       required=True)
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        fields.add("client_id", "Send client_id as a UUID, like "
                                "3f2b8c1e-9d4a-4e6b-8f0a-2c7d5e1b9a64")
        return None


def _answers(fields: _Fields) -> dict[str, Answer]:
    given = fields.body.get("answers", {})
    if not isinstance(given, dict):
        fields.add("answers", 'Send answers as an object of item codes, like {"TA3": "met"}')
        return {}
    answers = {}
    for code, value in given.items():
        code = str(code)[:TEXT_LENGTH]
        if isinstance(value, str) and value in ANSWERS:  # a list or object is not hashable
            answers[code] = ANSWERS[value]
        elif value not in (None, ""):
            fields.add(f"answers.{code}", f"Answer {code} met or not_met, or leave it out when "
                                          f"it does not apply, not {_shown(value)}")
    return answers


def _must_be_absent(fields: _Fields, names: tuple[str, ...], channel: str) -> None:
    for name in names:
        if fields.body.get(name) not in (None, ""):
            fields.add(name, f"Leave out {name}: this shop is a {channel}")


def _call(fields: _Fields, user: User, occurred_at: datetime | None) -> tuple[dict, Facts | None]:
    """Where the call went, and its facts if every one of them could be read."""
    _must_be_absent(fields, VISIT_FIELDS, "call")
    place = _line(fields, user)
    found = len(fields.errors)
    rings = fields.body.get("rings")
    if rings is not None and (isinstance(rings, bool) or not isinstance(rings, int)):
        fields.add("rings", "Enter the number of rings as a whole number, like 3")
    outcome = fields.choice("outcome", list(Outcome))
    held = fields.boolean("held_or_transferred", "whether you were held or transferred")
    away = fields.choice("officer_away", list(Away), default=Away.UNKNOWN)
    message_left_at = fields.time("message_left_at", "the time the message was left")
    callback_at = fields.time("callback_at", "the time of the callback")
    withheld = fields.boolean("callback_withheld", "whether the callback number was withheld")
    machine = fields.boolean("callback_answering_machine",
                             "whether the callback reached your answering machine")
    if len(fields.errors) > found or occurred_at is None:
        return place, None
    return place, CallFacts(
        occurred_at=occurred_at, outcome=outcome, rings=rings, held_or_transferred=bool(held),
        officer_away=away, message_left_at=message_left_at, callback_at=callback_at,
        callback_withheld=withheld, callback_answering_machine=machine)


def _line(fields: _Fields, user: User) -> dict:
    """The directory line dialled, as the journey finds it, or a UK number with its block."""
    number = fields.text("number", f"the number you called, like {EXAMPLE}", required=True)
    extension = fields.text("extension", "the extension") or ""
    if number is None:
        return {}
    try:
        phone = parse_phone_number(number, extension)
    except PhoneNumberError as error:
        key = "extension" if str(error).startswith("Enter the extension") else "number"
        fields.add(key, str(error))
        return {}
    line = places.find_line(phone.e164, phone.extension)
    if line is not None:
        if line.service_block_id == user.service_block_id:
            own = places.block_name(user.service_block_id)
            fields.add("number", f"You cannot record a call to {own}: it is your own service "
                                 "block. Choose a number in another service")
        _must_be_absent(fields, ("service_block",), "call to a line in the directory")
        return {"line_id": line.id, "service_block_id": line.service_block_id,
                "dialled_number": line.number, "dialled_extension": line.extension}
    if not phone.e164.startswith("+44"):
        fields.add("number", f"Enter a UK phone number, like {EXAMPLE}")
        return {}
    block_id = _block(fields, [(c.id, c.name) for c in places.block_choices(user)],
                      f"{number} is not a line in the directory: send service_block, the "
                      "service you were trying to reach, like Revenues & Benefits")
    return {"service_block_id": block_id, "dialled_number": phone.e164,
            "dialled_extension": phone.extension, "number_flagged": True}


def _block(fields: _Fields, choices: list[tuple[int, str]], missing: str) -> int | None:
    name = fields.text("service_block", "the service block")
    if name is None:
        fields.add("service_block", missing)
        return None
    for block_id, block_name in choices:
        if block_name.casefold() == name.casefold():
            return block_id
    fields.add("service_block", f"Send service_block as one of {', '.join(n for _, n in choices)}"
                                f", not {_shown(name)}")
    return None


def _visit(fields: _Fields, user: User,
           occurred_at: datetime | None) -> tuple[dict, Facts | None]:
    """The reception point visited, and the visit's facts if they could be read."""
    _must_be_absent(fields, CALL_FIELDS, "visit")
    place, point = _reception(fields, user)
    found = len(fields.errors)
    minutes = {name: _minutes(fields, name, what) for name, what in (
        ("acknowledged_minutes", "the minutes until you were acknowledged"),
        ("seen_minutes", "the minutes until you were seen"))}
    if len(fields.errors) > found or occurred_at is None or point is None:
        return place, None
    return place, VisitFacts(occurred_at=occurred_at, family_reception=point.family_reception,
                             **minutes)


def _minutes(fields: _Fields, name: str, what: str) -> Decimal | None:
    value = fields.body.get(name)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        if value is not None:
            fields.add(name, f"Enter {what} as a number from 0 to 9999.9, like 1.5")
        return None
    try:
        return parse_minutes(str(value), what)
    except ValueError as error:
        fields.add(name, str(error))
        return None


def _reception(fields: _Fields, user: User) -> tuple[dict, object | None]:
    """The active reception point named, and the block shopped there, as the journey allows."""
    name = fields.text("reception_point", "the reception point you visited, like Municipal "
                                          "Buildings", required=True)
    point = places.reception_point_named(name) if name else None
    if name and point is None:
        fields.add("reception_point", f"{_shown(name)} is not a reception point: send the name "
                                      "of one, as the council lists it")
    if point is None:
        return {}, None
    blocks = places.reception_blocks(user, point)
    if not blocks:
        fields.add("reception_point", f"You cannot record a visit to {point.name}: it serves "
                                      "only your own service block. Choose another")
        return {}, None
    if len(blocks) == 1 and fields.body.get("service_block") in (None, ""):
        block_id = blocks[0].id
    else:
        block_id = _block(fields, [(b.id, b.name) for b in blocks],
                          f"{point.name} serves several services: send service_block, the one "
                          f"you visited about ({', '.join(b.name for b in blocks)})")
    return {"reception_point_id": point.id, "service_block_id": block_id}, point


def _check(fields: _Fields, facts: Facts, answers: dict[str, Answer], catalogue: Catalogue,
           now: datetime) -> None:
    """The domain's checks on the facts and answers, against the standards then in force."""
    for problem in fact_errors(facts, now):
        fields.add(problem.field, problem.message)
    standards = [v.spec for v in catalogue.in_force(facts.channel, facts.occurred_at)]
    for problem in answer_errors(standards, facts, answers):
        fields.add(f"answers.{problem.item_code}", problem.message)
