"""`flask shopper import-shops`: historical shops from CSV, all or nothing, matched on ref."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from shopper.domain import (
    LONDON,
    SHIPPED_STANDARDS,
    Away,
    CallFacts,
    Outcome,
    VisitFacts,
    asked_items,
    implied_answers,
)
from shopper.domain.scoring import format_percentage
from shopper.extensions import db
from shopper.models import (
    AuditEvent,
    Item,
    ItemAnswer,
    ItemTally,
    LineTypeTally,
    ResultTally,
    Shop,
    ShopResult,
    Standard,
    StandardVersion,
)
from shopper.services.audit import Actor
from shopper.services.imports.csv_rows import ImportSummary
from shopper.services.imports.shops import ImportRejected, import_shops
from shopper.services.review import tallies
from shopper.services.review.reports import compliance_report
from shopper.services.shops import facts_of

TESTS = Actor("the tests")

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
SHOPS = (EXAMPLES / "shops.csv").read_text(encoding="utf-8")
HEADER = SHOPS.splitlines()[0].split(",")
EXAMPLE_ROWS = {row["ref"]: row for row in csv.DictReader(io.StringIO(SHOPS))}
REJECTED = "Error: shops.csv was not imported: {}. Correct the file and import it again\n"


@pytest.fixture
def cli(app):
    def invoke(*args: str):
        return app.test_cli_runner().invoke(args=["shopper", *args])

    return invoke


@pytest.fixture
def council(cli):
    """The example directory, reception points and councillors, loaded by their commands."""
    for command, name in (("import-directory", "directory.csv"),
                          ("import-receptions", "receptions.csv")):
        assert cli(command, str(EXAMPLES / name)).exit_code == 0
    for email in ("cllr.jones@example.org", "cllr.patel@example.org"):
        assert cli("create-user", email, "--role", "shopper").exit_code == 0


@pytest.fixture
def run(cli, council, tmp_path):
    """Run import-shops on a file holding `content`."""

    def invoke(content: str, *options: str):
        path = tmp_path / "shops.csv"
        path.write_text(content, encoding="utf-8")
        return cli("import-shops", str(path), *options)

    return invoke


def shops_csv(*rows: dict, header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def example(ref: str, /, **changes: str) -> dict:
    """An example row with some cells changed."""
    return {**EXAMPLE_ROWS[ref], **changes}


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Shop, ItemAnswer, ShopResult, AuditEvent)}


def snapshot() -> list[list[tuple]]:
    """Every stored column of every shop, answer and result."""
    db.session.expire_all()
    return [list(db.session.execute(sa.select(table).order_by(*table.primary_key.columns)))
            for table in (Shop.__table__, ItemAnswer.__table__, ShopResult.__table__)]


def scores() -> dict[tuple[str, str], tuple[str, bool]]:
    """Each stored (ref, standard) result as shown, like ("87.5%", True)."""
    query = (sa.select(Shop.ref, Standard.code, ShopResult)
             .join(ShopResult.shop).join(ShopResult.standard_version)
             .join(StandardVersion.standard))
    return {(ref, code): (format_percentage(
                Fraction(result.met_weight) / Fraction(result.applicable_weight)), result.passed)
            for ref, code, result in db.session.execute(query)}


def answers(ref: str) -> dict[str, str]:
    query = (sa.select(Item.code, ItemAnswer.answer).join(ItemAnswer.shop)
             .join(Item, Item.id == ItemAnswer.item_id).where(Shop.ref == ref))
    return {code: str(answer) for code, answer in db.session.execute(query)}


def report_standard(block: str, code: str) -> dict:
    report = compliance_report(date(2026, 1, 1), date(2026, 12, 31), datetime.now(UTC))
    [figures] = [standard for entry in report["blocks"] if entry["service_block"] == block
                 for standard in entry["standards"] if standard["code"] == code]
    return figures


def test_the_example_shops_import_and_score_as_the_examples_say(run):
    result = run(SHOPS)

    assert result.exit_code == 0, result.output
    assert result.output == "Imported shops.csv: 3 shops — 3 created, 0 updated, 0 unchanged\n"
    assert scores() == {("EX-1", "TA"): ("50.0%", False), ("EX-1", "VM"): ("87.5%", True),
                        ("EX-2", "TA"): ("85.7%", True), ("EX-3", "RC"): ("80.0%", True)}
    ex1 = answers("EX-1")
    assert (ex1["TA1"], ex1["TA2"], ex1["VM4"], ex1["VM8"], ex1["VM9"]) == (
        "not_met", "met", "not_met", "met", "met")
    assert "VM6" not in ex1 and "VM10" not in ex1 and "TA3" not in ex1
    assert sum(answer == "met" for code, answer in ex1.items() if code.startswith("VM")) == 7
    ex3 = answers("EX-3")
    assert (ex3["RC1"], ex3["RC2"], ex3["RC5"], ex3["RC8"]) == ("met", "not_met", "not_met", "met")
    shops = {shop.ref: shop for shop in db.session.scalars(sa.select(Shop))}
    assert {str(shop.status) for shop in shops.values()} == {"submitted"}
    assert shops["EX-1"].occurred_at == datetime(2026, 12, 24, 9, 58, tzinfo=UTC)
    assert shops["EX-1"].awaiting_until is None
    assert (shops["EX-1"].dialled_number, shops["EX-1"].dialled_extension) == (
        "+441134960100", "2201")
    assert shops["EX-3"].occurred_at == datetime(2026, 6, 15, 10, 20, tzinfo=UTC)
    assert shops["EX-3"].reception_point.name == "Family Hub"
    assert shops["EX-3"].acknowledged_minutes == Decimal("1.5")
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity, event.action, event.after) == (
        "shop_import", "created", {"created": ["EX-1", "EX-2", "EX-3"]})


def test_the_compliance_report_counts_the_imported_shops(run):
    run(SHOPS)

    telephone = report_standard("Revenues & Benefits", "TA")
    voicemail = report_standard("Revenues & Benefits", "VM")
    reception = report_standard("Revenues & Benefits", "RC")
    planning = report_standard("Planning", "TA")

    assert (telephone["n"], telephone["passes"]) == (1, 0)
    assert (voicemail["n"], voicemail["passes"], voicemail["pass_rate"]) == (1, 1, 1.0)
    items = {item["code"]: (item["applicable"], item["met"]) for item in voicemail["items"]}
    assert items["VM8"] == (1, 1) and items["VM4"] == (1, 0) and items["VM6"] == (0, 0)
    assert sum(applicable for applicable, _ in items.values()) == 8
    assert sum(met for _, met in items.values()) == 7
    assert (reception["n"], reception["passes"]) == (1, 1)
    assert (planning["n"], planning["passes"]) == (1, 1)


def test_importing_the_same_file_again_changes_nothing(run):
    run(SHOPS)
    before, stored = counts(), snapshot()

    result = run(SHOPS)

    assert result.output == "Imported shops.csv: 3 shops — 0 created, 0 updated, 3 unchanged\n"
    assert counts() == before
    assert snapshot() == stored


def test_a_changed_row_updates_its_shop_its_score_and_the_audit_trail(run):
    run(SHOPS)
    ex2 = db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))
    shop_id, client_id, before = ex2.id, ex2.client_id, counts()
    changed = shops_csv(example("EX-1"), example("EX-2", TA6="met"), example("EX-3"))

    result = run(changed)

    assert result.output == "Imported shops.csv: 3 shops — 0 created, 1 updated, 2 unchanged\n"
    assert scores()[("EX-2", "TA")] == ("100.0%", True)
    assert answers("EX-2")["TA6"] == "met"
    db.session.expire_all()
    ex2 = db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))
    assert (ex2.id, ex2.client_id) == (shop_id, client_id)
    assert counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity, event.entity_id, event.action) == ("shop", str(shop_id), "updated")
    assert (event.before["answers"]["TA6"], event.after["answers"]["TA6"]) == ("not_met", "met")
    assert event.before["results"] == {"TA v1": {"score": "85.7%", "passed": True}}
    assert event.after["results"] == {"TA v1": {"score": "100.0%", "passed": True}}
    assert {key for key in event.before if event.before[key] != event.after[key]} == {
        "answers", "results"}
    assert run(changed).output.endswith("0 created, 0 updated, 3 unchanged\n")


def tally_rows() -> dict[str, list[tuple]]:
    """Every tally row, without its id, in key order."""
    return {table.__name__: sorted(tuple(row[1:]) for row in db.session.execute(
        sa.select(*table.__table__.columns))) for table in (ResultTally, LineTypeTally, ItemTally)}


def test_imported_and_updated_shops_are_tallied_as_a_recount_from_the_shops_would(run):
    run(shops_csv(example("EX-1"), example("EX-2"), example("EX-3")))
    run(shops_csv(example("EX-1", VM4="met"), example("EX-2", TA6="met"), example("EX-3")))
    imported = tally_rows()

    tallies.recount_all()

    assert imported["ItemTally"] and tally_rows() == imported


def test_a_call_that_becomes_a_visit_keeps_no_call_facts(run):
    run(SHOPS)
    visit = example("EX-3", ref="EX-2", shopper_email="cllr.jones@example.org")

    result = run(shops_csv(visit))

    assert result.output.endswith("1 shop — 0 created, 1 updated, 0 unchanged\n")
    shop = db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))
    assert (str(shop.channel), shop.line_id, shop.dialled_number, shop.rings, shop.outcome) == (
        "visit", None, None, None, None)
    assert set(answers("EX-2")) == {f"RC{n}" for n in range(1, 11)}
    assert scores()[("EX-2", "RC")] == ("80.0%", True)
    assert ("EX-2", "TA") not in scores()


def _engaged(rings: str) -> dict:
    """EX-2 as a call that found the line engaged: no item is asked."""
    no_answers = {column: "" for column in HEADER if column[:2].isupper()}
    return example("EX-2", **no_answers, ref="ENGAGED-1", rings=rings, outcome="engaged",
                   held_or_transferred="no")


def test_an_engaged_call_with_0_rings_is_taken_as_no_rings(run):
    result = run(shops_csv(_engaged("0")))

    assert result.exit_code == 0, result.output
    shop = db.session.scalar(sa.select(Shop).filter_by(ref="ENGAGED-1"))
    assert (shop.outcome, shop.rings) == ("engaged", None)
    assert answers("ENGAGED-1")["TA2"] == "not_met"


def test_an_engaged_call_with_rings_counted_is_still_refused(run):
    result = run(shops_csv(_engaged("2")))

    assert result.exit_code == 1
    assert "row 2: rings: Leave the number of rings blank — the line was engaged" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shop)) == 0


def test_an_updated_shop_is_submitted_again_but_an_excluded_one_stays_excluded(run):
    run(SHOPS)
    for ref, status in (("EX-1", "verified"), ("EX-2", "excluded")):
        db.session.execute(sa.update(Shop).where(Shop.ref == ref).values(status=status))
    db.session.commit()

    run(shops_csv(example("EX-1", VM4="met"), example("EX-2", TA6="met")))

    db.session.expire_all()
    statuses = dict(db.session.execute(sa.select(Shop.ref, Shop.status)).all())
    assert {ref: str(status) for ref, status in statuses.items()} == {
        "EX-1": "submitted", "EX-2": "excluded", "EX-3": "submitted"}


def test_a_dry_run_counts_but_saves_nothing(run):
    before = counts()

    result = run(SHOPS, "--dry-run")

    assert result.exit_code == 0
    assert result.output == ("Checked shops.csv (dry run, nothing saved): 3 shops — "
                             "3 to create, 0 to update, 0 unchanged\n")
    assert counts() == before
    assert before["Shop"] == 0


def test_a_dry_run_of_a_changed_file_leaves_the_stored_shops_alone(run):
    run(SHOPS)
    before, stored = counts(), snapshot()

    result = run(shops_csv(example("EX-1", VM4="met"), example("EX-2")), "--dry-run")

    assert result.output.endswith("2 shops — 0 to create, 1 to update, 1 unchanged\n")
    assert (counts(), snapshot()) == (before, stored)


def test_item_columns_may_be_a_subset(run):
    header = [name for name in HEADER if not name.startswith(("VM", "RC"))]

    result = run(shops_csv(example("EX-2"), header=header))

    assert result.output.endswith("1 shop — 1 created, 0 updated, 0 unchanged\n")
    assert scores() == {("EX-2", "TA"): ("85.7%", True)}


@pytest.mark.parametrize(("text", "stored"), [
    ("2026-03-02T14:05:00Z", datetime(2026, 3, 2, 14, 5, tzinfo=UTC)),
    ("2026-03-02T14:05:00+01:00", datetime(2026, 3, 2, 13, 5, tzinfo=UTC)),
    ("2026-07-02T14:05:00", datetime(2026, 7, 2, 13, 5, tzinfo=UTC)),
    ("2026-07-02 14:05", datetime(2026, 7, 2, 13, 5, tzinfo=UTC)),
    # The clocks go back at 02:00 BST on 25 October 2026: 01:30 happens twice; the first counts.
    ("2026-10-25T01:30:00", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    # They go forward at 01:00 GMT on 29 March 2026: 01:30 never happens; it is read as GMT.
    ("2026-03-29T01:30:00", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
])
def test_times_are_iso_8601_and_uk_time_without_an_offset(run, text, stored):
    result = run(shops_csv(example("EX-2", occurred_at=text)))

    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(Shop.occurred_at)) == stored


EX1, EX2, EX3 = "EX-1", "EX-2", "EX-3"
INACTIVE = ("020 7946 0330 is an inactive line of Planning: give the number of an active line of "
            "Planning, or make the line active first")


@pytest.mark.parametrize(("ref", "changes", "problem"), [
    (EX2, {"occurred_at": "02/03/2026 14:05"},
     "occurred_at: Enter the date and time of the shop like 2026-03-02T14:05:00 (UK time) or "
     "2026-03-02T14:05:00+00:00, not '02/03/2026 14:05'"),
    (EX2, {"occurred_at": "2026-03-02"},
     "occurred_at: Enter the date and time of the shop with the time of day, like "
     "2026-03-02T14:05:00 (UK time) or 2026-03-02T14:05:00+00:00, not '2026-03-02'"),
    (EX2, {"occurred_at": ""},
     "occurred_at: Enter the date and time of the shop, like 2026-03-02T14:05:00"),
    (EX2, {"ref": ""}, "ref: Enter a reference for the shop, like EX-1"),
    (EX2, {"channel": "phone"}, "channel: Enter one of call, visit, not 'phone'"),
    (EX2, {"number": "0113 496"},
     "number: Enter a real phone number, like 0113 496 0000: '0113 496' is not one"),
    (EX2, {"extension": "12a"},
     "extension: Enter the extension as up to 10 digits, like 2201, not '12a'"),
    (EX2, {"number": "0113 496 0999"},
     "number: 0113 496 0999 is not a line in the directory: check the number, or import the "
     "directory first"),
    (EX1, {"extension": ""},
     "number: 0113 496 0100 is not a line in the directory: give one of its extensions "
     "(2201, 2202)"),
    (EX2, {"number": "020 7946 0330"},
     "number: " + INACTIVE),
    (EX2, {"number": "0113 496 0101"},
     "number: 0113 496 0101 is a line of Revenues & Benefits, not Planning: give a line of "
     "Planning, or correct the service block"),
    (EX2, {"outcome": "answered"},
     "outcome: Enter one of person, voicemail, no_answer, engaged, not 'answered'"),
    (EX2, {"rings": "three"}, "rings: Enter the number of rings as a whole number, like 3, "
                              "not 'three'"),
    (EX2, {"rings": "120"}, "rings: Enter the number of rings as a whole number from 0 to 99"),
    (EX2, {"held_or_transferred": "sometimes"},
     "held_or_transferred: Enter yes or no, not 'sometimes'"),
    (EX2, {"officer_away": "maybe"}, "officer_away: Enter one of yes, no, unknown, not 'maybe'"),
    (EX2, {"shopper_email": "nobody@example.org"},
     "shopper_email: There is no user with the email nobody@example.org: create the user "
     "first, with `flask shopper create-user`"),
    (EX2, {"service_block": "Highways"},
     "service_block: 'Highways' is not a service block: check the spelling, or import the "
     "directory first"),
    (EX2, {"reception_point": "Family Hub"},
     "reception_point: Leave reception_point blank — this shop is a call"),
    (EX2, {"TA3": "yes"},
     "TA3: Enter met or not_met, or leave it blank when TA3 does not apply, not 'yes'"),
    (EX1, {"VM6": "met"},
     "VM6: Leave blank — it applies only when the officer was away that day "
     "(officer_away is no)"),
    (EX1, {"VM4": ""},
     "VM4: Answer met or not met — it applies because the call reached voicemail "
     "(outcome is voicemail)"),
    (EX1, {"TA3": "met"},
     "TA3: Leave blank — it applies only when the call was answered by a person "
     "(outcome is voicemail)"),
    (EX1, {"RC3": "met"},
     "RC3: Leave blank — Reception is for visits, not calls"),
    (EX1, {"callback_at": "2026-12-24T09:59:00"},
     "callback_at: Enter a callback time that is not before the time the message was left"),
    (EX1, {"message_left_at": "2026-12-24T09:00:00"},
     "message_left_at: Enter a time the message was left that is not before the time of "
     "the call"),
    (EX1, {"callback_withheld": ""},
     "callback_withheld: Select whether the callback number was withheld"),
    (EX2, {"callback_withheld": "no"},
     "callback_withheld: Leave whether the callback number was withheld blank — no callback "
     "was recorded"),
    (EX3, {"rings": "3"}, "rings: Leave rings blank — this shop is a visit"),
    (EX3, {"reception_point": "Town Hall"},
     "reception_point: 'Town Hall' is not a reception point: check the spelling, or import the "
     "reception points first"),
    (EX3, {"service_block": "Planning"},
     "reception_point: Family Hub does not serve Planning: give a reception point of "
     "Planning, or correct the service block"),
    (EX3, {"acknowledged_minutes": "-1"},
     "acknowledged_minutes: Enter the minutes until the shopper was acknowledged as a number "
     "from 0 to 9999.9 with at most one decimal place, like 1.5, not '-1'"),
    (EX3, {"seen_minutes": "1.25"},
     "seen_minutes: Enter the minutes until the shopper was seen as a number from 0 to 9999.9 "
     "with at most one decimal place, like 1.5, not '1.25'"),
    (EX3, {"seen_minutes": "1"},
     "seen_minutes: Enter minutes until you were seen that are no fewer than minutes until "
     "acknowledged"),
    ("EX-1", {"VM7": "not_met"},
     "VM7: Answer met, or leave message_left_at blank — you said you left a message "
     "(message_left_at is set), so VM7 cannot be not_met"),
    (EX3, {"RC8": ""},
     "RC8: Answer met or not met — it applies because the reception is a family reception "
     "(family_reception is yes)"),
    (EX3, {"RC8": "met", "reception_point": "Municipal Buildings"},
     "RC8: Leave blank — it applies only when the reception is a family reception "
     "(family_reception is no)"),
])
def test_each_problem_is_one_line_naming_its_row_and_column(run, ref, changes, problem):
    result = run(shops_csv(example(ref, **changes)))

    assert result.exit_code == 1
    assert result.stderr == f"row 2: {problem}\n" + REJECTED.format("1 problem")
    assert result.stdout == ""
    assert counts()["Shop"] == 0


def test_a_member_of_staff_cannot_have_shopped_their_own_block(run, cli):
    cli("create-user", "sam@example.org", "--role", "shopper", "--block", "Planning")

    own = run(shops_csv(example(EX2, shopper_email="Sam@Example.org")))
    other = run(shops_csv(example(EX1, shopper_email="sam@example.org")))

    assert own.stderr.splitlines()[0] == (
        "row 2: shopper_email: sam@example.org is a member of staff of Planning, and staff "
        "cannot shop their own block: give a shopper from outside Planning")
    assert other.exit_code == 0


def test_only_shoppers_and_coordinators_record_shops(run, cli):
    cli("create-user", "lead@example.org", "--role", "team_lead", "--block", "Planning")
    cli("create-user", "cse@example.org", "--role", "coordinator")

    result = run(shops_csv(example(EX1, shopper_email="lead@example.org"),
                           example(EX2, shopper_email="cse@example.org")))

    assert result.stderr.splitlines()[0] == (
        "row 2: shopper_email: lead@example.org is a team lead, who does not record shops: "
        "give the email address of the person who shopped")
    assert len(result.stderr.splitlines()) == 2


def test_every_problem_in_the_file_is_listed_in_row_order(run):
    result = run(shops_csv(
        example(EX1, occurred_at="yesterday", VM6="met"),
        example(EX2),
        example(EX3, ref="EX-2", seen_minutes="soon"),
        example(EX2, ref="EX-4", outcome="answered", shopper_email="x@example.org"),
    ))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 2: occurred_at: Enter the date and time of the shop like 2026-03-02T14:05:00 "
        "(UK time) or 2026-03-02T14:05:00+00:00, not 'yesterday'",
        "row 4: ref: EX-2 is already on row 3: give each shop its own ref",
        "row 4: seen_minutes: Enter the minutes until the shopper was seen as a number from 0 to "
        "9999.9 with at most one decimal place, like 1.5, not 'soon'",
        "row 5: shopper_email: There is no user with the email x@example.org: create the user "
        "first, with `flask shopper create-user`",
        "row 5: outcome: Enter one of person, voicemail, no_answer, engaged, not 'answered'",
        REJECTED.format("5 problems").rstrip("\n"),
    ]


def test_one_bad_row_among_good_ones_leaves_the_database_exactly_as_it_was(run):
    run(SHOPS)
    before, stored = counts(), snapshot()

    result = run(shops_csv(example(EX1, VM4="met"), example(EX2, TA6="met"), example(EX3),
                           example(EX2, ref="EX-5", number="020 7946 0330")))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "row 5: number: " + INACTIVE
    assert (counts(), snapshot()) == (before, stored)


@pytest.mark.parametrize(("header", "problems"), [
    ([name for name in HEADER if name != "outcome"],
     ["row 1: header: Add the column 'outcome': the columns are ref, channel, occurred_at, "
      "shopper_email, service_block, number, extension, reception_point, rings, outcome, "
      "held_or_transferred, officer_away, message_left_at, callback_at, callback_withheld, "
      "callback_answering_machine, acknowledged_minutes, seen_minutes"]),
    ([*HEADER, "TA1", "VM8"],
     ["row 1: header: Remove the column 'TA1': TA1 is worked out from the facts (rings), so it "
      "is not imported",
      "row 1: header: Remove the column 'VM8': VM8 is worked out from the facts "
      "(message_left_at and callback_at), so it is not imported"]),
    ([*HEADER, "notes"],
     ["row 1: header: Remove the column 'notes', or rename it: the columns are ref, channel, "
      "occurred_at, shopper_email, service_block, number, extension, reception_point, rings, "
      "outcome, held_or_transferred, officer_away, message_left_at, callback_at, "
      "callback_withheld, callback_answering_machine, acknowledged_minutes, seen_minutes, then "
      "one for each item asked (TA3, TA4, TA5, TA6, TA7, VM1, VM2, VM3, VM4, VM5, VM6, VM7, "
      "VM10, RC3, RC4, RC5, RC6, RC7, RC8, RC9, RC10)"]),
    ([*HEADER, "TA3"], ["row 1: header: The column 'TA3' appears more than once: keep only one"]),
])
def test_a_file_with_the_wrong_columns_is_rejected(run, header, problems):
    result = run(shops_csv(example(EX2), header=header))

    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    assert result.stderr.splitlines() == [*problems, REJECTED.format(count).rstrip("\n")]
    assert counts()["Shop"] == 0


def test_a_shop_whose_deadline_is_still_to_come_awaits_its_callback(council):
    row = example(EX1, callback_at="", callback_withheld="", callback_answering_machine="")
    now = datetime(2026, 12, 24, 12, tzinfo=UTC)

    assert import_shops(shops_csv(row), now=now, actor=TESTS) == ImportSummary(1, 0, 0)

    shop = db.session.scalar(sa.select(Shop))
    assert shop.awaiting_until == datetime(2026, 12, 29, 17, tzinfo=UTC)
    assert answers(EX1)["VM8"] == "not_met"


def test_the_service_takes_text_and_returns_the_counts(council):
    assert import_shops(SHOPS, actor=TESTS) == ImportSummary(created=3, updated=0, unchanged=0)
    assert import_shops(SHOPS.encode(), dry_run=True, actor=TESTS) == ImportSummary(0, 0, 3)


def test_the_service_rejects_with_every_row_error(council):
    with pytest.raises(ImportRejected) as rejected:
        import_shops(shops_csv(example(EX2), example(EX2)), actor=TESTS)

    assert str(rejected.value) == "1 problem"
    [error] = rejected.value.errors
    assert (error.row, error.column) == (3, "ref")


# Active lines of the example directory, and the blocks each reception point serves.
LINES = [("Revenues & Benefits", "0113 496 0101", ""), ("Revenues & Benefits", "0113 496 0100",
         "2201"), ("Revenues & Benefits", "0113 496 0100", "2202"),
         ("Planning", "020 7946 0321", ""), ("Planning", "020 7946 0300", "")]
RECEPTIONS = [("Municipal Buildings", "Revenues & Benefits", False),
              ("Municipal Buildings", "Planning", False),
              ("Family Hub", "Revenues & Benefits", True)]


def _time_text(at: datetime, style: str) -> str:
    """A UTC time written as a file might hold it: UK time, an offset, or Z."""
    local = at.astimezone(LONDON).replace(tzinfo=None)
    # The second 01:30 of an autumn night cannot be written in UK time alone (fold=0).
    if style == "local" and local.replace(tzinfo=LONDON).astimezone(UTC) == at:
        return local.isoformat()
    return at.isoformat().replace("+00:00", "Z") if style == "z" else at.isoformat()


@st.composite
def valid_rows(draw, ref: str) -> tuple[dict, CallFacts | VisitFacts, dict[str, str]]:
    """A row the import must accept, the facts it records and the answers it gives."""
    minute = st.integers(0, 60 * 24 * 3)
    occurred_at = draw(st.datetimes(datetime(2025, 1, 1), datetime(2026, 11, 1),
                                    timezones=st.just(UTC))).replace(second=0, microsecond=0)
    style = draw(st.sampled_from(["local", "offset", "z"]))
    row = {"ref": ref, "occurred_at": _time_text(occurred_at, style),
           "shopper_email": draw(st.sampled_from(["cllr.jones@example.org",
                                                  "CLLR.PATEL@example.org"]))}
    if draw(st.booleans()):
        name, block, family = draw(st.sampled_from(RECEPTIONS))
        acknowledged = Decimal(draw(st.integers(0, 100))) / 10
        seen = draw(st.none() | st.integers(0, 300).map(lambda n: acknowledged + Decimal(n) / 10))
        facts = VisitFacts(occurred_at, acknowledged, seen, family)
        row |= {"channel": "visit", "service_block": block, "reception_point": name,
                "acknowledged_minutes": str(acknowledged),
                "seen_minutes": "" if seen is None else str(seen)}
    else:
        block, number, extension = draw(st.sampled_from(LINES))
        outcome = draw(st.sampled_from(list(Outcome)))
        rings = None if outcome == Outcome.ENGAGED else draw(st.integers(0, 15))
        left = callback = withheld = machine = None
        if outcome == Outcome.VOICEMAIL and draw(st.booleans()):
            left = occurred_at + timedelta(minutes=draw(minute))
            if draw(st.booleans()):
                callback = left + timedelta(minutes=draw(minute))
                withheld, machine = draw(st.booleans()), draw(st.booleans())
        facts = CallFacts(occurred_at, outcome, rings, draw(st.booleans()),
                          draw(st.sampled_from(list(Away))), left, callback,
                          callback_withheld=withheld, callback_answering_machine=machine)
        yes_no = {True: "yes", False: "no", None: ""}
        row |= {"channel": "call", "service_block": block, "number": number,
                "extension": extension, "rings": "" if rings is None else str(rings),
                "outcome": str(outcome), "held_or_transferred": yes_no[facts.held_or_transferred],
                "officer_away": str(facts.officer_away),
                "message_left_at": _time_text(left, style) if left else "",
                "callback_at": _time_text(callback, style) if callback else "",
                "callback_withheld": yes_no[withheld],
                "callback_answering_machine": yes_no[machine]}
    asked = [item.code for standard in SHIPPED_STANDARDS for item in asked_items(standard, facts)]
    chosen = {code: draw(st.sampled_from(["met", "not_met"])) for code in asked}
    chosen |= {code: str(answer) for code, answer in implied_answers(facts).items()}
    return row | chosen, facts, chosen


def test_importing_any_valid_file_twice_changes_nothing_the_second_time(council):
    @settings(max_examples=25, deadline=None)
    @given(st.integers(1, 6).flatmap(
        lambda size: st.tuples(*(valid_rows(f"H-{n}") for n in range(size)))))
    def check(shops):
        with db.engine.begin() as connection:
            for table in (ItemTally, LineTypeTally, ResultTally, ItemAnswer, ShopResult, Shop,
                          AuditEvent):
                connection.execute(sa.delete(table))
        rows = [row for row, _, _ in shops]
        content = shops_csv(*rows)

        assert import_shops(content, actor=TESTS) == ImportSummary(len(rows), 0, 0)
        stored = snapshot()
        for row, facts, chosen in shops:
            shop = db.session.scalar(sa.select(Shop).filter_by(ref=row["ref"]))
            assert facts_of(shop) == facts
            assert {code: answers(row["ref"])[code] for code in chosen} == chosen
        assert import_shops(content, actor=TESTS) == ImportSummary(0, 0, len(rows))
        assert snapshot() == stored

    check()

