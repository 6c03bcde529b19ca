"""The relay's tests run the same cases against SQLite and a real PostgreSQL server.

PostgreSQL is started once per test session (``tests/support/postgres.py``); each test gets
a database of its own. Under CI (env ``CI`` set) a missing PostgreSQL fails the tests, it
never skips them.
"""

from __future__ import annotations

import os

import pytest

from tests.support.postgres import PostgresMissing, PostgresServer


@pytest.fixture(scope="session")
def postgres():
    try:
        server = PostgresServer().start()
    except PostgresMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed for the relay's tests under CI: {exc}")
        pytest.skip(f"PostgreSQL not available here: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty relay database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/relay.db"
    return request.getfixturevalue("postgres").create_database()
