"""What import-shops checks its rows against, read in a handful of queries before the first row.

Users, blocks, lines, reception points and the standards, each by the name or number a file
gives it; the numbers a file gives and the answers' checks are remembered as the rows repeat.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from shopper.domain.applicability import AnswerError, answer_errors, conditions_holding
from shopper.domain.enums import Answer, Channel
from shopper.domain.facts import Facts
from shopper.domain.phones import PhoneNumber, PhoneNumberError, parse_phone_number
from shopper.domain.standards import StandardSpec
from shopper.extensions import db
from shopper.models import Line, ReceptionPoint, ServiceBlock, User, reception_point_blocks
from shopper.services.standards import Catalogue, load_catalogue


class ReceptionRef(NamedTuple):
    id: int
    name: str
    family_reception: bool
    block_ids: frozenset[int]


@dataclass
class Lookups:
    """Everything the rows are checked against, read once before the first row."""

    catalogue: Catalogue
    users: dict[str, sa.Row]  # by lower-cased email
    blocks: dict[str, int]
    lines: dict[tuple[str, str], list[sa.Row]]  # by (E.164, extension), in order of creation
    receptions: dict[str, ReceptionRef]
    block_names: dict[int, str] = field(init=False)
    _published: list[datetime] = field(init=False)
    extensions: dict[str, set[str]] = field(default_factory=dict)
    _phones: dict[tuple[str, str], PhoneNumber | tuple[str, str]] = field(default_factory=dict)
    _standards: dict[int, list[StandardSpec]] = field(default_factory=dict)
    _sound: set[tuple] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.block_names = {block_id: name for name, block_id in self.blocks.items()}
        for number, extension in self.lines:
            self.extensions.setdefault(number, set()).add(extension)
        self._published = sorted(version.published_at for versions in
                                 self.catalogue.versions.values() for version in versions)

    def phone(self, number: str, extension: str) -> PhoneNumber | tuple[str, str]:
        """The parsed number, or (column, problem); remembered, as a file repeats its lines."""
        if (number, extension) not in self._phones:
            self._phones[number, extension] = parse_phone(number, extension)
        return self._phones[number, extension]

    def answer_errors(self, facts: Facts, answers: dict[str, Answer | None]) -> list[AnswerError]:
        """The domain's answer_errors against every standard in force when the shop occurred.

        Whether there is a problem depends only on those standards, the facts' channel and
        conditions and which items have an answer, so sound combinations are remembered.
        """
        span = bisect_right(self._published, facts.occurred_at)
        if span not in self._standards:
            self._standards[span] = [version.spec for channel in Channel for version
                                     in self.catalogue.in_force(channel, facts.occurred_at)]
        key = (span, facts.channel, conditions_holding(facts),
               frozenset(code for code, answer in answers.items() if answer))
        if key in self._sound:
            return []
        problems = answer_errors(self._standards[span], facts, answers)
        if not problems:
            self._sound.add(key)
        return problems


def load_lookups() -> Lookups:
    """Users, blocks, lines and reception points, in a handful of queries for any file size."""
    users = {user.email.lower(): user for user in db.session.execute(
        sa.select(User.id, User.email, User.role, User.service_block_id))}
    blocks = dict(db.session.execute(sa.select(ServiceBlock.name, ServiceBlock.id)).all())
    lines: dict[tuple[str, str], list[sa.Row]] = {}
    for line in db.session.execute(sa.select(Line.id, Line.number, Line.extension,
                                             Line.service_block_id, Line.active).order_by(Line.id)):
        lines.setdefault((line.number, line.extension or ""), []).append(line)
    served: dict[int, set[int]] = {}
    for point_id, block_id in db.session.execute(sa.select(reception_point_blocks)):
        served.setdefault(point_id, set()).add(block_id)
    query = sa.select(ReceptionPoint.id, ReceptionPoint.name, ReceptionPoint.family_reception)
    receptions = {name: ReceptionRef(id, name, family, frozenset(served.get(id, ())))
                  for id, name, family in db.session.execute(query)}
    return Lookups(load_catalogue(), users, blocks, lines, receptions)


def parse_phone(number: str, extension: str) -> PhoneNumber | tuple[str, str]:
    """As import-directory reads the two columns, so a line's number reads the same here."""
    if extension and not (extension.isdigit() and len(extension) <= 10):
        return "extension", f"Enter the extension as up to 10 digits, like 2201, not '{extension}'"
    try:
        phone = parse_phone_number(number)
    except PhoneNumberError as error:
        return "number", str(error)
    if extension and phone.extension and phone.extension != extension:
        return "extension", (f"The number says extension {phone.extension} but this column says "
                             f"{extension}: give the extension in this column only")
    return PhoneNumber(phone.e164, extension or phone.extension)
