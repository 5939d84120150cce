"""What a shopper reads about their shop: the answers to check, in words, and times the UK way."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shopper.domain.deadlines import LONDON
from shopper.domain.phones import display_number
from shopper.services.recording import pages as journeys
from shopper.services.recording import places

OUTCOME_TEXT = {"person": "A person answered", "voicemail": "It went to voicemail",
                "no_answer": "Nobody answered", "engaged": "Engaged every time"}
AWAY_TEXT = {"yes": "Yes", "no": "No", "unknown": "I do not know"}
YES_NO_TEXT = {"yes": "Yes", "no": "No", "met": "Yes", "not_met": "No"}


def clock(at: datetime) -> str:
    """A Europe/London time of day, like 10am or 2:05pm."""
    local = at.astimezone(LONDON)
    text = local.strftime("%-I%p" if local.minute == 0 else "%-I:%M%p")
    return text.replace("AM", "am").replace("PM", "pm")


def when_text(at: datetime | None) -> str:
    """Like 24 December 2026 at 10am."""
    if at is None:
        return ""
    return f"{at.astimezone(LONDON).strftime('%-d %B %Y')} at {clock(at)}"


def deadline_text(at: datetime) -> str:
    """Like 5pm on Tuesday 29 December 2026."""
    return f"{clock(at)} on {at.astimezone(LONDON).strftime('%A %-d %B %Y')}"


def minutes_text(value) -> str:
    minutes = Decimal(str(value))
    return f"{minutes.normalize():f} minute{'' if minutes == 1 else 's'}"


@dataclass(frozen=True)
class Row:
    """One line of the check-your-answers list and the page that changes it."""

    key: str
    value: str
    step: str


def place_label(channel: str, data: dict) -> str:
    """What was shopped, like "0113 496 0001, Council Tax, Revenues & Benefits"."""
    if channel == "visit":
        point = places.reception_point(data.get("reception_point_id"))
        return point.name if point else ""
    line = places.line_choice(data.get("line_id"))
    if line is not None:
        return f"{line.display}, {line.label}"
    number = display_number(data.get("number"), data.get("extension") or "")
    block = places.block_name(data.get("block_id"))
    return f"{number}, {block}" if block else number


def place_sentence(channel: str, data: dict) -> str:
    """What was shopped, for the questions pages: VM2 depends on whether a line is shared."""
    if channel == "visit":
        block = places.block_name(data.get("block_id"))
        return f"You visited {place_label('visit', data)} about {block}." if block else ""
    line = places.line_choice(data.get("line_id"))
    if line is not None:
        return f"You called {line.display} ({line.label}): {line.line_type.lower()}."
    number = display_number(data.get("number"), data.get("extension") or "")
    return f"You called {number}, which is not in the council's directory."


@dataclass(frozen=True)
class Section:
    """A heading on the check page and the answers under it."""

    heading: str
    rows: list[Row]


def check_sections(draft, now: datetime) -> list[Section]:
    """Every answer the draft holds on the pages that apply, in the order they were asked:
    the facts first, then each standard's questions, then the notes."""
    journey, data = draft.journey, draft.data
    facts = Section("Your call" if draft.channel == "call" else "Your visit", [])
    sections = [facts]
    for step in journeys.steps(journey, now):
        standard = journeys.standard_of_step(journey, step)
        rows = _rows(step, journey, data, now)
        if standard is not None:
            sections.append(Section(standard.name, rows))
        elif step == "notes":
            sections.append(Section("Notes", rows))
        else:
            facts.rows.extend(rows)
    return sections


def _time(data: dict, key: str) -> datetime | None:
    return journeys.parse_time(data.get(key))


def _rows(step: str, journey, data: dict, now: datetime) -> list[Row]:
    standard = journeys.standard_of_step(journey, step)
    if standard is not None:
        given = data.get("answers") or {}
        asked = journeys.asked(journey, now).get(standard.code, ())
        implied = {code: pair for code, pair in journeys.implied(journey, now).items()
                   if pair[0] in standard.items}
        return [Row(item.question, YES_NO_TEXT.get(given.get(item.code), ""), step)
                if item.code not in implied else
                Row(item.question, implied_text(implied[item.code][1]), "message")
                for item in standard.items if item in asked or item.code in implied]
    text = _FACT_ROWS.get(step)
    return [Row(key, value, step) for key, value in text(data)] if text else []


def implied_text(answer) -> str:
    """An answer the shopper was not asked, because it follows from what they said."""
    return f"{YES_NO_TEXT[answer]}, because you left a message"


def implied_lines(journey, standard, now: datetime) -> list[str]:
    """The items page's word on the questions it does not ask, like "Could you leave a
    message? Yes, because you left a message"."""
    return [f"{item.question} {implied_text(answer)}."
            for item, answer in journeys.implied(journey, now).values()
            if item in standard.items]


def overridden_notices(journey, now: datetime) -> list[str]:
    """What to tell a shopper whose change of fact replaced an answer they gave earlier."""
    return [f"You said you left a message, so your answer to {item.code} "
            f"“{item.question}” is now {YES_NO_TEXT[implied]}. You had answered "
            f"{YES_NO_TEXT[given]}: if you could not leave a message, change “Message left” "
            "to No."
            for item, given, implied in journeys.overridden(journey, now).values()]


def _number(data):
    line = places.line_choice(data.get("line_id"))
    if line is not None:
        return [("Number called", f"{line.display} ({line.label})")]
    number = display_number(data.get("number"), data.get("extension") or "")
    return [("Number called", f"{number} (not in the directory)")]




def _callback(data):
    answer = data.get("callback")
    text = {"yes": "Yes", "no": "No, they never called back"}.get(answer, "Not recorded yet")
    return [("Callback", text)]




_FACT_ROWS = {
    "number": _number,
    "service": lambda d: [("Service you were trying to reach", places.block_name(d["block_id"]))],
    "when": lambda d: [("When you called", when_text(_time(d, "occurred_at")))],
    "outcome": lambda d: [("What happened", OUTCOME_TEXT.get(d.get("outcome"), ""))],
    "rings": lambda d: [("Rings", "Not counted" if d.get("rings") is None else str(d["rings"]))],
    "held": lambda d: [("Put on hold or transferred", YES_NO_TEXT.get(d.get("held"), ""))],
    "away": lambda d: [("Officer away that day", AWAY_TEXT.get(d.get("away"), ""))],
    "message": lambda d: [("Message left", YES_NO_TEXT.get(d.get("message"), ""))],
    "message-time": lambda d: [("Time you left the message",
                                clock(_time(d, "message_left_at")))],
    "callback": _callback,
    "callback-when": lambda d: [("When they called back", when_text(_time(d, "callback_at")))],
    "callback-details": lambda d: [
        ("Their number was withheld", YES_NO_TEXT.get(d.get("callback_withheld"), "")),
        ("It went to your answering machine",
         YES_NO_TEXT.get(d.get("callback_answering_machine"), ""))],
    "reception": lambda d: [("Reception", place_label("visit", d))],
    "visit-service": lambda d: [("Service you visited about", places.block_name(d["block_id"]))],
    "arrival": lambda d: [("When you arrived", when_text(_time(d, "occurred_at")))],
    "acknowledged": lambda d: [("Acknowledged", f"After "
                                                f"{minutes_text(d['acknowledged_minutes'])}")],
    "seen": lambda d: [("Seen", "Yes" if d.get("seen") == "yes" else "No, never seen")],
    "seen-minutes": lambda d: [("Seen after", minutes_text(d["seen_minutes"]))],
    "notes": lambda d: [("Notes", d.get("notes") or "None")],
}
