"""Load the invented demo council: organisation, directory, people and a year of shops."""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shopper.domain.deadlines import LONDON
from shopper.domain.states import LineType, Role
from shopper.extensions import db
from shopper.models import Line, ReceptionPoint, ServiceBlock, ServiceGrouping, Shop, Team, User
from shopper.services.audit import Actor
from shopper.services.database import refresh_statistics
from shopper.services.demo.council import (
    COUNCIL,
    DEMO_PASSWORD,
    FIRST_NAMES,
    LINE_TYPES_BY_TEAM_INDEX,
    PEOPLE,
    RECEPTIONS,
    SURNAMES,
    demo_numbers,
)
from shopper.services.demo.shops import DemoPlace, generate_shops
from shopper.services.demo.work import load_work
from shopper.services.people import hash_password
from shopper.services.settings import load_settings
from shopper.services.shops import insert_shops, shop_rows
from shopper.services.standards import load_catalogue

LINES_PER_BLOCK = 21


class DemoRefused(Exception):
    """The database already holds a council; the demo changes nothing."""


@dataclass(frozen=True)
class DemoSummary:
    blocks: int
    lines: int
    reception_points: int
    users: int
    shops: int


def existing_council() -> str | None:
    """What the database already holds, in words, or None when it is empty."""
    counts = {label: db.session.scalar(db.select(db.func.count()).select_from(model))
              for label, model in (("service blocks", ServiceBlock), ("users", User),
                                   ("shops", Shop))}
    held = [f"{count} {label}" for label, count in counts.items() if count]
    return ", ".join(held) or None


def load_demo(shops: int, seed: int, today: date) -> DemoSummary:
    """Create the demo council with `shops` shops over the 12 months to `today`."""
    held = existing_council()
    if held:
        raise DemoRefused(f"The database already has data ({held})")
    rng = random.Random(seed)
    blocks = _organisation()
    lines = _directory(blocks, rng)
    receptions = _receptions(blocks)
    users = _people(blocks)
    db.session.flush()
    places = [DemoPlace(block.id, COUNCIL[block.grouping.name][block.name][1:],
                        [line for line in lines if line.service_block_id == block.id],
                        [r for r in receptions if block in r.blocks])
              for block in blocks.values()]
    shoppers = [user for user in users if user.role == Role.SHOPPER]
    records = generate_shops(rng, shops, places, shoppers, today, uuid.UUID(int=seed))
    catalogue, settings = load_catalogue(), load_settings()
    now = datetime.combine(today, time(18), LONDON).astimezone(UTC)
    now = min(now, datetime.now(UTC))
    insert_shops(shop_rows(record, catalogue, settings, now) for record in records)
    load_work(Actor.command("demo"), today, seed)
    db.session.commit()
    refresh_statistics()
    return DemoSummary(len(blocks), len(lines), len(receptions), len(users), len(records))


def _organisation() -> dict[str, ServiceBlock]:
    blocks = {}
    for grouping_name, block_specs in COUNCIL.items():
        grouping = ServiceGrouping(name=grouping_name)
        db.session.add(grouping)
        for block_name, (team_names, _quality, _share) in block_specs.items():
            block = ServiceBlock(name=block_name, grouping=grouping)
            block.teams = [Team(name=name) for name in team_names]
            blocks[block_name] = block
    return blocks


def _directory(blocks: dict[str, ServiceBlock], rng: random.Random) -> list[Line]:
    numbers = demo_numbers()
    lines = []
    for block in blocks.values():
        for index in range(LINES_PER_BLOCK):
            team = block.teams[index % len(block.teams)]
            if index < len(LINE_TYPES_BY_TEAM_INDEX):
                line_type, officer = LineType(LINE_TYPES_BY_TEAM_INDEX[index]), None
            else:
                line_type = LineType.INDIVIDUAL
                officer = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            lines.append(Line(number=next(numbers), line_type=line_type, officer_name=officer,
                              team=team, block=block, active=index != LINES_PER_BLOCK - 1))
    db.session.add_all(lines)
    return lines


def _receptions(blocks: dict[str, ServiceBlock]) -> list[ReceptionPoint]:
    points = [ReceptionPoint(name=name, address=address, family_reception=family,
                             opening_hours="Monday to Friday, 9am to 5pm",
                             blocks=[blocks[block] for block in served])
              for name, address, served, family in RECEPTIONS]
    db.session.add_all(points)
    return points


def _people(blocks: dict[str, ServiceBlock]) -> list[User]:
    password_hash = hash_password(DEMO_PASSWORD)
    users = []
    for person in PEOPLE:
        user = User(email=person.email, name=person.name, role=Role(person.role),
                    password_hash=password_hash)
        if user.role == Role.TEAM_LEAD:
            user.led_blocks = [blocks[name] for name in person.blocks]
        elif person.blocks:
            user.block = blocks[person.blocks[0]]
        if user.role == Role.ASSESSOR:
            user.access_expires_at = datetime.now(UTC) + timedelta(days=90)
        users.append(user)
    db.session.add_all(users)
    return users
