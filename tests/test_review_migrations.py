"""Schema: migrations build it from empty, match the models, go down and up; SQLite runs in WAL mode."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from viewer.consent import consent_models  # noqa: F401 (their tables on Base.metadata)
from viewer.db import Base
from viewer.review import Store, follow_models, migrate, models  # noqa: F401
from viewer.team import accounts_models, rekey_models, workflow_models  # noqa: F401

pytest_plugins = ["tests.pg_server"]

TABLES = {"review_label", "review_flag", "review_comment", "review_status", "review_audit", "review_rekey",
          "review_follow", "accounts", "access_log", "review_lease", "review_pass", "consent_event", "export_record",
          "export_subject", "erasure_request", migrate.VERSION_TABLE}


def test_open_creates_schema_from_empty(db_url):
    with Store.open(db_url) as store:
        assert set(inspect(store.engine).get_table_names()) == TABLES
        assert migrate.current(store.engine) == migrate.head()


def test_models_match_migrations(db_url):
    with Store.open(db_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": migrate.VERSION_TABLE,
                                                         "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_then_upgrade(db_url):
    with Store.open(db_url) as store:
        migrate.downgrade(store.engine, "base")
        assert set(inspect(store.engine).get_table_names()) == {migrate.VERSION_TABLE}
        migrate.upgrade(store.engine)
        assert set(inspect(store.engine).get_table_names()) == TABLES


def test_reopen_is_a_no_op(db_url):
    with Store.open(db_url) as store:
        store.add_comment("s", "h", reviewer="ann", t=1, text="kept")
    with Store.open(db_url) as store:
        assert [c.text for c in store.comments("s")] == ["kept"]


def test_sqlite_uses_wal(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'a.db'}") as store:
        store.add_comment("s", "h", reviewer="ann", t=0, text="x")
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert (tmp_path / "a.db-wal").exists()


def test_default_url_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("VIEWER_DB_URL", raising=False)
    with Store.open() as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "data.annotations.db").exists()
