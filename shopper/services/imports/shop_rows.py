"""Reading one row of an import-shops file: its cells, then the domain's checks on its facts.

Every problem is recorded as `row N: column: what is wrong`, so one pass lists them all. How a
cell reads where the format leaves a choice:
- A time without an offset is Europe/London. A local time the clocks skip (spring) or repeat
  (autumn) is read with fold=0: a repeated time is its first occurrence (BST), a skipped one
  takes the offset before the change (01:30 GMT, which is 02:30 BST). Times are kept in UTC.
- `held_or_transferred` left empty on a call means no; `officer_away` left empty means unknown.
- Minutes are 0 to 9999.9, to one decimal place (as the database keeps them).
- Imported shops are historical, so the live-recording rule that a time is "not in the future"
  is not applied (the shipped example EX-1 happened on 24–29 December 2026); the rules on the
  order of times (callback not before the message, and so on) are.
- The shopper is a shopper or a coordinator (team leads and assessors record no shops),
  never staff of the block shopped.
"""

import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa

from shopper.domain.deadlines import LONDON
from shopper.domain.enums import Answer, Away, Channel, Outcome
from shopper.domain.facts import (
    MAX_MINUTES,
    CallFacts,
    Facts,
    VisitFacts,
    fact_errors,
    minutes_error,
)
from shopper.domain.phones import display_number
from shopper.domain.states import Role
from shopper.services.imports.csv_rows import (
    RowErrors,
    parse_choice,
    parse_yes_no,
    required_text,
)
from shopper.services.imports.shop_lookups import Lookups, ReceptionRef
from shopper.services.shops import ShopRecord

FIXED_COLUMNS = (
    "ref", "channel", "occurred_at", "shopper_email", "service_block", "number", "extension",
    "reception_point", "rings", "outcome", "held_or_transferred", "officer_away",
    "message_left_at", "callback_at", "callback_withheld", "callback_answering_machine",
    "acknowledged_minutes", "seen_minutes")
CALL_COLUMNS = ("number", "extension", "rings", "outcome", "held_or_transferred", "officer_away",
                "message_left_at", "callback_at", "callback_withheld",
                "callback_answering_machine")
VISIT_COLUMNS = ("reception_point", "acknowledged_minutes", "seen_minutes")
ANSWERS = {"met": Answer.MET, "not_met": Answer.NOT_MET}
SHOPPING_ROLES = (Role.SHOPPER, Role.COORDINATOR)
# Far enough ahead that fact_errors' "not in the future" rule never applies (see above).
NO_FUTURE_LIMIT = datetime(9000, 1, 1, tzinfo=UTC)
# An imported shop's client id follows from its ref, so the same ref always has the same id.
REF_NAMESPACE = uuid.UUID("0f5e6b8e-5a4f-4d0c-9a55-6c1d0b6f3a71")
TIME_EXAMPLE = "2026-03-02T14:05:00"
_WHOLE = re.compile(r"\d{1,9}")
_MINUTES = re.compile(r"\d{1,4}(\.\d+)?")


def parse_row(row: int, values: dict[str, str], item_columns: tuple[str, ...],
              lookups: Lookups, errors: RowErrors) -> ShopRecord | None:
    """The shop a row records, or None after recording every problem with it."""
    found = len(errors)
    ref = errors.check(row, "ref", lambda text: required_text(
        text, "a reference for the shop", "EX-1", max_length=100), values["ref"])
    channel = errors.check(row, "channel", lambda text: Channel(
        parse_choice(text, list(Channel))), values["channel"])
    occurred_at = errors.check(row, "occurred_at", lambda text: parse_time(
        text, "the date and time of the shop"), values["occurred_at"])
    block_id = errors.check(row, "service_block", lambda text: _block(text, lookups),
                            values["service_block"])
    person = errors.check(row, "shopper_email", lambda text: _shopper(
        text, block_id, lookups), values["shopper_email"])
    answers, bad_answers = _answers(row, values, item_columns, errors)
    if channel is None:
        return None
    reader = _call if channel is Channel.CALL else _visit
    place, facts, checkable = reader(row, values, occurred_at, block_id, lookups, errors)
    if facts is not None:
        for problem in fact_errors(facts, NO_FUTURE_LIMIT):
            errors.add(row, problem.field, problem.message)
    if facts is not None and checkable:
        for problem in lookups.answer_errors(facts, answers):
            if problem.item_code not in bad_answers:
                message = problem.message.removeprefix(f"{problem.item_code}: ")
                errors.add(row, problem.item_code, message[:1].upper() + message[1:])
    if len(errors) > found:
        return None
    return ShopRecord(facts=facts, answers={k: v for k, v in answers.items() if v},
                      shopper_id=person.id, service_block_id=block_id,
                      client_id=uuid.uuid5(REF_NAMESPACE, ref), ref=ref, **place)


def parse_time(text: str, what: str, required: bool = True) -> datetime | None:
    """An ISO 8601 date and time in UTC; without an offset it is Europe/London (fold=0)."""
    if not text:
        if required:
            raise ValueError(f"Enter {what}, like {TIME_EXAMPLE}")
        return None
    example = f"{TIME_EXAMPLE} (UK time) or {TIME_EXAMPLE}+00:00"
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Enter {what} like {example}, not '{text}'") from None
    if "T" not in text.upper() and " " not in text:
        raise ValueError(f"Enter {what} with the time of day, like {example}, not '{text}'")
    return (at if at.tzinfo else at.replace(tzinfo=LONDON)).astimezone(UTC)


def parse_rings(text: str) -> int | None:
    if text and not _WHOLE.fullmatch(text):
        raise ValueError(f"Enter the number of rings as a whole number, like 3, not '{text}'")
    return int(text) if text else None


def parse_minutes(text: str, what: str) -> Decimal | None:
    """Minutes from 0 to MAX_MINUTES with at most one decimal place; None when empty."""
    value = Decimal(text) if _MINUTES.fullmatch(text) else None
    if text and (value is None or minutes_error(value, what, "1.5")):
        raise ValueError(f"Enter {what} as a number from 0 to {MAX_MINUTES} with at most one "
                         f"decimal place, like 1.5, not '{text}'")
    return value


def _optional_yes_no(text: str) -> bool | None:
    return parse_yes_no(text) if text else None


def _block(text: str, lookups: Lookups) -> int:
    if not text:
        raise ValueError("Enter the service block shopped, like Revenues & Benefits")
    if text not in lookups.blocks:
        raise ValueError(f"'{text}' is not a service block: check the spelling, or import the "
                         "directory first")
    return lookups.blocks[text]


def _shopper(text: str, block_id: int | None, lookups: Lookups) -> sa.Row:
    """The user who shopped: one who records shops, and not staff of the block shopped."""
    if not text:
        raise ValueError("Enter the email address of the shopper, like cllr.jones@example.org")
    user = lookups.users.get(text.lower())
    if user is None:
        raise ValueError(f"There is no user with the email {text}: create the user first, "
                         "with `flask shopper create-user`")
    if user.role not in SHOPPING_ROLES:
        role = user.role.label.lower()
        raise ValueError(f"{user.email} is {'an' if role[0] in 'aeiou' else 'a'} {role}, who "
                         "does not record shops: give the email address of the person who shopped")
    if block_id is not None and user.service_block_id == block_id:
        block = lookups.block_names[block_id]
        raise ValueError(f"{user.email} is a member of staff of {block}, and staff cannot shop "
                         f"their own block: give a shopper from outside {block}")
    return user


def _answers(row: int, values: dict[str, str], item_columns: tuple[str, ...],
             errors: RowErrors) -> tuple[dict[str, Answer | None], set[str]]:
    """The answers given, None for those that could not be read, and the unreadable codes."""
    answers = {code: ANSWERS.get(values[code].lower()) for code in item_columns if values[code]}
    bad = {code for code, answer in answers.items() if answer is None}
    for code in sorted(bad, key=item_columns.index):
        errors.add(row, code, f"Enter met or not_met, or leave it blank when {code} does not "
                              f"apply, not '{values[code]}'")
    return answers, bad


def _must_be_blank(row: int, values: dict[str, str], columns: tuple[str, ...], channel: str,
                   errors: RowErrors) -> None:
    for column in columns:
        if values[column]:
            errors.add(row, column, f"Leave {column} blank — this shop is a {channel}")


def _call(row: int, values: dict[str, str], occurred_at: datetime | None, block_id: int | None,
          lookups: Lookups, errors: RowErrors) -> tuple[dict, Facts | None, bool]:
    """Where the call went, and its facts if every one of them could be read."""
    _must_be_blank(row, values, VISIT_COLUMNS, "call", errors)
    place = _line(row, values["number"], values["extension"], block_id, lookups, errors)
    found = len(errors)
    cell = {column: errors.check(row, column, parse, values[column]) for column, parse in (
        ("rings", parse_rings),
        ("outcome", lambda text: Outcome(parse_choice(text, list(Outcome)))),
        ("held_or_transferred", _optional_yes_no),
        ("officer_away", lambda text: Away(parse_choice(text or "unknown", list(Away)))),
        ("message_left_at", lambda text: parse_time(
            text, "the time the message was left", required=False)),
        ("callback_at", lambda text: parse_time(text, "the time of the callback", False)),
        ("callback_withheld", _optional_yes_no),
        ("callback_answering_machine", _optional_yes_no))}
    if cell["outcome"] is Outcome.ENGAGED and cell["rings"] == 0:
        cell["rings"] = None  # councils' spreadsheets say 0 rings for an engaged line
    if len(errors) > found or occurred_at is None:
        return place, None, False
    facts = CallFacts(occurred_at=occurred_at, **{
        **cell, "held_or_transferred": bool(cell["held_or_transferred"])})
    return place, facts, True


def _line(row: int, number: str, extension: str, block_id: int | None, lookups: Lookups,
          errors: RowErrors) -> dict:
    """The active line of the block with this number and extension, or {} with the problem."""
    phone = lookups.phone(number, extension)
    if isinstance(phone, tuple):
        errors.add(row, *phone)
        return {}
    lines = lookups.lines.get((phone.e164, phone.extension), [])
    active = [line for line in lines if line.active]
    if active and active[0].service_block_id == block_id:
        return {"line_id": active[0].id, "dialled_number": phone.e164,
                "dialled_extension": phone.extension}
    shown = display_number(phone.e164, phone.extension)
    block = lookups.block_names.get(block_id, "its block")
    if not lines:
        others = lookups.extensions.get(phone.e164)
        hint = (f"give one of its extensions ({', '.join(sorted(e or 'none' for e in others))})"
                if others else "check the number, or import the directory first")
        errors.add(row, "number", f"{shown} is not a line in the directory: {hint}")
    elif not active:
        owner = lookups.block_names[lines[-1].service_block_id]
        errors.add(row, "number", f"{shown} is an inactive line of {owner}: give the number of "
                                  f"an active line of {block}, or make the line active first")
    elif block_id is not None:
        owner = lookups.block_names[active[0].service_block_id]
        errors.add(row, "number", f"{shown} is a line of {owner}, not {block}: give a line of "
                                  f"{block}, or correct the service block")
    return {}


def _visit(row: int, values: dict[str, str], occurred_at: datetime | None, block_id: int | None,
           lookups: Lookups, errors: RowErrors) -> tuple[dict, Facts | None, bool]:
    """The reception point visited, and the visit's facts if they could be read."""
    _must_be_blank(row, values, CALL_COLUMNS, "visit", errors)
    point = errors.check(row, "reception_point", lambda text: _reception(
        text, block_id, lookups), values["reception_point"])
    found = len(errors)
    acknowledged = errors.check(row, "acknowledged_minutes", lambda text: parse_minutes(
        text, "the minutes until the shopper was acknowledged"), values["acknowledged_minutes"])
    seen = errors.check(row, "seen_minutes", lambda text: parse_minutes(
        text, "the minutes until the shopper was seen"), values["seen_minutes"])
    if len(errors) > found or occurred_at is None:
        return {}, None, False
    facts = VisitFacts(occurred_at=occurred_at, acknowledged_minutes=acknowledged,
                       seen_minutes=seen, family_reception=bool(point and point.family_reception))
    # Whether RC8 applies depends on the reception point, so answers wait until it is known.
    return ({"reception_point_id": point.id} if point else {}), facts, point is not None


def _reception(text: str, block_id: int | None, lookups: Lookups) -> ReceptionRef:
    if not text:
        raise ValueError("Enter the reception point visited, like Municipal Buildings")
    point = lookups.receptions.get(text)
    if point is None:
        raise ValueError(f"'{text}' is not a reception point: check the spelling, or import the "
                         "reception points first")
    if block_id is not None and block_id not in point.block_ids:
        block = lookups.block_names[block_id]
        raise ValueError(f"{point.name} does not serve {block}: give a reception point of "
                         f"{block}, or correct the service block")
    return point
