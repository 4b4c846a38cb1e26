"""A database made by the last release (schema 0003) with rows in every table upgrades to head, and the store,
accounts, access log and queue read those rows back, while the tables later schemas added (followed flags,
consent, erasure requests, subjects' accounts) take writes; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from viewer import db
from viewer.consent import erasures, records
from viewer.consent.scope import Grant
from viewer.review import Store, migrate
from viewer.sensitive import derived
from viewer.team import access, accounts, passwords, queue

pytest_plugins = ["tests.pg_server"]

RELEASED = "0003"  # the schema the last release shipped
AT = "2026-01-02 03:04:05"
COMMON = "id, session_id, content_hash, reviewer, updated_by, created_at, updated_at, deleted_at, version"
COMMON_VALUES = ":id, 's1', 'h1', 'ann', 'ann', :at, :at, NULL, 1"


def _json(dialect: str, name: str) -> str:
    """A JSON parameter: PostgreSQL needs the cast, SQLite stores the text as it is."""
    return f"CAST(:{name} AS json)" if dialect == "postgresql" else f":{name}"


def _populate_release(url: str) -> None:
    """The previous release's schema and rows written as it wrote them, with plain SQL (no current model)."""
    engine = db.create(url)
    try:
        migrate.upgrade(engine, RELEASED)
        j = lambda name: _json(engine.dialect.name, name)  # noqa: E731
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO review_label ({COMMON}, t_start, t_end, instruction, outcome, quality, "
                              f"tags, note) VALUES ({COMMON_VALUES}, 1.0, 5.0, 'open the mail', 'success', 4, "
                              f"{j('tags')}, '')"), {"id": "L1", "at": AT, "tags": '["mail"]'})
            conn.execute(text(f"INSERT INTO review_flag ({COMMON}, t_start, t_end, regions, scope, category, status, "
                              f"source, note) VALUES ({COMMON_VALUES}, 2.0, 3.0, {j('regions')}, 'both', "
                              "'password', 'accepted', 'human', '')"),
                         {"id": "F1", "at": AT, "regions": '[{"screen": 0, "x": 1, "y": 2, "w": 3, "h": 4}]'})
            conn.execute(text(f"INSERT INTO review_comment ({COMMON}, t, text) VALUES ({COMMON_VALUES}, 2.5, "
                              "'looks fine')"), {"id": "C1", "at": AT})
            conn.execute(text(f"INSERT INTO review_status ({COMMON}, status) VALUES ({COMMON_VALUES}, 'approved')"),
                         {"id": "R1", "at": AT})
            conn.execute(text("INSERT INTO review_audit (at, who, session_id, entity_kind, entity_id, action, "
                              f"before, after) VALUES (:at, 'ann', 's1', 'label', 'L1', 'create', NULL, "
                              f"{j('after')})"), {"at": AT, "after": '{"instruction": "open the mail"}'})
            conn.execute(text("INSERT INTO accounts (name, role, password_hash, disabled, created_at, failed_logins, "
                              "last_failed_at, locked_until) VALUES ('ann', 'admin', :hash, false, :at, 0, NULL, "
                              "NULL)"), {"hash": passwords.hash_password("correct horse battery"), "at": AT})
            conn.execute(text("INSERT INTO access_log (at, who, action, session_id, detail) VALUES "
                              "(:at, 'ann', 'view_session', 's1', '')"), {"at": AT})
            conn.execute(text("INSERT INTO review_lease (session_id, reviewer, round, taken_at, expires_at) VALUES "
                              "('s2', 'bob', 1, :at, '2999-01-01 00:00:00')"), {"at": AT})
            conn.execute(text("INSERT INTO review_pass (session_id, reviewer, round, status, started_at, "
                              "finished_at) VALUES ('s1', 'ann', 1, 'approved', :at, :at)"), {"at": AT})
    finally:
        engine.dispose()


def test_a_populated_release_database_upgrades_and_reads_back(db_url):
    _populate_release(db_url)
    with Store.open(db_url) as store:
        assert migrate.current(store.engine) == migrate.head()
        [label] = store.labels("s1")
        assert (label.instruction, label.outcome, label.quality, label.tags) == ("open the mail", "success", 4,
                                                                                 ["mail"])
        assert label.created_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        [flag] = store.flags("s1")
        assert (flag.category, flag.scope, flag.status) == ("password", "both", "accepted")
        assert [c.text for c in store.comments("s1")] == ["looks fine"]
        assert store.review("s1").data["status"] == "approved"
        assert [(a.entity_id, a.action) for a in store.audit(session_id="s1")] == [("L1", "create")]
        [ann] = accounts.list_accounts(store)
        assert (ann.name, ann.role, ann.person) == ("ann", "admin", None)
        assert accounts.verify(store, "ann", "correct horse battery").ok
        assert [(e.who, e.action, e.session_id) for e in access.entries(store)] == [("ann", "view_session", "s1")]
        assert [(h.session_id, h.reviewer) for h in queue.leases(store)] == [("s2", "bob")]
        # the upgraded database takes new writes beside the old rows
        updated = store.update("label", "L1", label.version, reviewer="ann", note="checked")
        assert updated.version == 2 and updated.note == "checked"
        # and so do the tables later schemas added
        assert derived.followed_versions(store, "s1") == {}
        records.grant(store, "ann", "person-1", "agent-training", Grant("agent-training", apps=("Mail",)))
        assert [r.grant.apps for r in records.history(store, "person-1")] == [("Mail",)]
        asked = erasures.request(store, "person-1", "ann")
        assert [e.id for e in erasures.for_subject(store, "person-1")] == [asked.id]
        accounts.add(store, "pat", "subject", "another correct horse", "person-1")
        assert accounts.get(store, "pat").person == "person-1"
