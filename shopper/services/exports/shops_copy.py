"""The shops CSV on PostgreSQL: the database formats and quotes the rows itself (COPY … TO STDOUT
WITH (FORMAT csv)) and they are streamed on as they come; byte for byte what the Python writer
(shops.shops_table through exports.shops_csv.write_csv) gives, several times quicker.

Every value is formatted in SQL as the Python writer formats it: text neutralised (a leading
=, +, -, @, tab or CR gets an apostrophe) and empty text as no value (COPY would quote an
empty string), local times as yyyy-mm-dd hh:mm, scores as Python prints a float. Only the
line ends differ: COPY ends rows with LF, the CSV with CRLF, turned here outside quotes.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import sqlalchemy as sa

from shopper.domain.states import LineType, ShopStatus
from shopper.exports.shops_csv import crlf_chunks, header
from shopper.exports.table import FORMULA_STARTS, neutralise
from shopper.extensions import db
from shopper.models import Line, ReceptionPoint, ServiceBlock, ServiceGrouping, Shop, Team, User
from shopper.services.exports.evidence import Evidence
from shopper.services.exports.shops import (
    SHOPPED_BY,
    chosen,
    per_shop_answers,
    per_shop_scores,
    shop_number,
    shopper_kind,
    shops_columns,
    shops_joined,
    standard_and_item_codes,
)


def copy_csv(evidence: Evidence, now: datetime,
             progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The Shops CSV, header first, in chunks; progress is told the rows written so far."""
    yield header(shops_columns(evidence, *standard_and_item_codes(evidence)))
    connection = db.session.connection()
    connection.exec_driver_sql("SET LOCAL jit = off")
    statement = _formatted(evidence, now, _numbers(evidence)).compile(
        dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    try:
        with (connection.connection.driver_connection.cursor() as cursor,
              cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)", ()) as copy):
            yield from crlf_chunks(copy, progress)
    except GeneratorExit:
        # Left unread (the browser went away): psycopg cancelled the COPY, and with it this
        # read-only transaction; end it so the session can be used again.
        db.session.rollback()
        raise


def _formatted(evidence: Evidence, now: datetime, numbers: sa.Values | None) -> sa.Select:
    codes, items = standard_and_item_codes(evidence)
    scores, answers = per_shop_scores(evidence, codes), per_shop_answers(evidence, items)
    at = sa.literal(now.astimezone(UTC).replace(tzinfo=None), sa.DateTime)
    awaiting = sa.and_(Shop.awaiting_until.is_not(None), Shop.awaiting_until > at)
    status = _raw(Shop.status)
    columns = [
        Shop.id, _text(Shop.ref), _raw(Shop.channel), _local(Shop.occurred_at),
        sa.func.to_char(Shop.occurred_on, "YYYY-MM-DD"), _text(ServiceGrouping.name),
        _text(ServiceBlock.name),
        sa.case((sa.and_(awaiting, status != ShopStatus.EXCLUDED.value), "awaiting callback"),
                else_=status),
        _yes_no(sa.and_(status.in_([ShopStatus.SUBMITTED.value, ShopStatus.VERIFIED.value]),
                        sa.not_(awaiting))),
        shopper_kind(SHOPPED_BY), numbers.c.shown if numbers is not None else sa.null(),
        sa.case(*((_raw(Line.line_type) == kind.value, kind.label) for kind in LineType)),
        _text(Team.name), _text(ReceptionPoint.name), Shop.rings, _words(Shop.outcome),
        _yes_no(Shop.held_or_transferred), _words(Shop.officer_away),
        _local(Shop.message_left_at), _local(Shop.callback_at), _yes_no(Shop.callback_withheld),
        _yes_no(Shop.callback_answering_machine), Shop.acknowledged_minutes, Shop.seen_minutes,
        *_scores(list(scores.c)[1:]), *list(answers.c)[1:]]
    if evidence.choice.with_names:
        columns += [_text(sa.func.coalesce(sa.func.nullif(User.name, ""), User.email)),
                    _text(Line.officer_name), _text(Shop.notes), _text(Shop.excluded_reason)]
    query = shops_joined(evidence, columns, scores, answers)
    if numbers is None:
        return query
    return query.outerjoin(numbers, sa.and_(numbers.c.e164 == _dialled(Line.number,
                                                                           Shop.dialled_number),
                                            numbers.c.extension == _dialled(
                                                Line.extension, Shop.dialled_extension)))


def _numbers(evidence: Evidence) -> sa.Values | None:
    """Each number the chosen shops may show (every line's, and each dialled without one),
    with its extension, as the CSV shows it: formatted by Python (phonenumbers), once each."""
    numberless = sa.select(Line.id).where(Line.number == "")
    dialled = (sa.select(Shop.dialled_number, Shop.dialled_extension).where(*chosen(evidence))
               .where(Shop.dialled_number.is_not(None),
                      sa.or_(Shop.line_id.is_(None), Shop.line_id.in_(numberless))))
    pairs = db.session.execute(dialled.union(sa.select(Line.number, Line.extension))).all()
    rows = [(e164, extension, neutralise(shown)) for e164, extension in pairs
            if (shown := shop_number(e164, extension))]
    if not rows:
        return None
    return sa.values(sa.column("e164", sa.String), sa.column("extension", sa.String),
                     sa.column("shown", sa.String), name="numbers").data(rows)


def _dialled(on_line, dialled):
    """The line's value when the shop's line has a number, else what the shopper dialled."""
    return sa.case((sa.func.coalesce(Line.number, "") != "", on_line), else_=dialled)


def _raw(column) -> sa.ColumnElement:
    return sa.type_coerce(column, sa.String)


def _text(text) -> sa.ColumnElement:
    """Free text neutralised, and empty text as no value, as the Python writer does."""
    text = _raw(text)
    return sa.case((sa.func.substr(text, 1, 1).in_(FORMULA_STARTS), sa.literal("'") + text),
                   else_=sa.func.nullif(text, ""))


def _words(column) -> sa.ColumnElement:
    return sa.func.replace(_raw(column), "_", " ")


def _yes_no(condition) -> sa.ColumnElement:
    return sa.case((condition.is_(True), "yes"), (condition.is_(False), "no"))


def _local(column) -> sa.ColumnElement:
    """A stored UTC time as London's wall clock, to the minute."""
    london = sa.func.timezone("Europe/London", sa.func.timezone("UTC", column))
    return sa.func.to_char(london, "YYYY-MM-DD HH24:MI")


def _scores(found: list) -> list:
    """Per standard, its score rounded half up to 4 places as Python prints the float (0.5,
    1.0, 0.8333), and passed; nothing for a standard the shop was not scored on."""
    columns = []
    for index in range(0, len(found), 3):
        met, applicable, passed = found[index:index + 3]
        # 1.0000 → 1.0, 0.5000 → 0.5, 0.8333 → 0.8333: rounded to 4 places, at most three
        # trailing zeros dropped (rtrim drops them all, and ".0" goes back on).
        trimmed = sa.func.rtrim(sa.cast(sa.func.round(met / applicable, 4), sa.String), "0")
        columns += [sa.case((sa.func.right(trimmed, 1) == ".", trimmed + "0"), else_=trimmed),
                    sa.case((applicable.is_(None), None), (passed == 1, "yes"), else_="no")]
    return columns
