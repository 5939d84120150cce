"""Fixtures shared by every suite: an app on a migrated database, emptied after each test.

The database is SQLite in a temporary folder unless TEST_DATABASE_URL names another
(CI sets it to PostgreSQL and runs the whole suite again).
"""

import os
import uuid
from collections import Counter

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade

from shopper import create_app
from shopper.extensions import db
from shopper.services.audit import Actor
from shopper.services.people import use_password_hash_method
from shopper.services.review.tallies import tallied
from shopper.services.settings import forget_settings

TESTS = Actor("the tests")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """SQLite in a temporary folder, or a fresh PostgreSQL database beside TEST_DATABASE_URL's.

    Each run gets a database of its own, so runs side by side cannot disturb each other.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"shopper_test_{uuid.uuid4().hex[:12]}"
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE closes the connections the app's pool still holds.
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def migrated_app(database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        _remember_reference_data()
    return app


@pytest.fixture
def app(migrated_app):
    # Another test may have built an app that hashes as production does; hash cheaply again.
    use_password_hash_method(migrated_app.config["PASSWORD_HASH_METHOD"])
    with migrated_app.app_context():
        yield migrated_app
        db.session.remove()
        assert_tallies_match_the_shops()
        empty_database()


def assert_tallies_match_the_shops() -> None:
    """Whatever a test did to the shops, the tallies every figure is summed from still add up
    to the shops themselves: a write path that forgot to recount fails here."""
    for table, counts in tallied():
        columns = [table.__table__.c[column.key] for column in counts.selected_columns]
        stored = Counter(map(tuple, db.session.execute(sa.select(*columns))))
        expected = Counter(map(tuple, db.session.execute(counts)))
        assert stored == expected, f"{table.__tablename__} no longer match the shops"
    db.session.remove()


# Every row the migrated database started with, table by table, parents first.
_reference_data: list[tuple[sa.Table, list[dict]]] = []


def _remember_reference_data() -> None:
    with db.engine.connect() as connection:
        _reference_data[:] = [
            (table, rows) for table in db.metadata.sorted_tables
            if (rows := [row._asdict() for row in connection.execute(table.select())])]
    assert _reference_data, "the migrations insert the reference data"


def empty_database() -> None:
    """Delete every row, then put back the reference data a new database starts with.

    The rows are the ones the migrations inserted, ids and all, put back with one insert per
    table: several times quicker than insert_reference_data, which inserts them row by row.
    """
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        for table, rows in _reference_data:
            connection.execute(table.insert(), rows)


class FreshRequestClient(FlaskClient):
    """A test client whose requests start with an empty `g` and settings read afresh, as they
    do outside tests.

    The `app` fixture keeps an app context open so tests can query the database; Flask then
    reuses it for every request, and whatever a request cached in `g` (the signed-in user)
    would leak into the next.
    """

    def open(self, *args, **kwargs):
        for key in list(g):
            g.pop(key)
        forget_settings()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshRequestClient
    return app.test_client()


def parse(response) -> BeautifulSoup:
    """Parse a page, checking what every page must have: a title and no duplicate ids."""
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.title and page.title.text.strip(), "every page has a title"
    ids = [element["id"] for element in page.select("[id]")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids on the page: {duplicates}"
    return page


@pytest.fixture
def make_user(app):
    from shopper.domain.states import Role
    from shopper.services.people import create_user

    def make(email="coordinator@example.org", role=Role.COORDINATOR, password="correct horse",
             **kwargs):
        return create_user(email, role, actor=TESTS, password=password, **kwargs)

    return make


@pytest.fixture
def sign_in(client):
    def do(email, password="correct horse"):
        return client.post("/sign-in", data={"email": email, "password": password})

    return do
