"""Actor administration (管理员): add, change roles, disable; one natural person, one actor;
self-approval compares persons; the CLI's operating-system account binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from gov_disclosure import audit, authority
from gov_disclosure.app import App
from gov_disclosure.authority.admin import register
from gov_disclosure.cli.identity import os_account
from gov_disclosure.cli.main import _mount, cli
from gov_disclosure.errors import InvalidInputError, PermissionDeniedError
from gov_disclosure.models import Actor, ItemState
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.migrate import upgrade
from gov_disclosure.store.tables import actors, audit_log
from testsupport.applications import application_form
from testsupport.cli import office_cli
from testsupport.core import draft

_mount()


@pytest.fixture
def admin_app(any_app: App) -> App:
    """The test App with an administrator ``zhou``."""
    with any_app.store.transaction() as conn:
        register(
            conn,
            any_app.policy,
            Actor(id="zhou", name="周敏", unit="办", roles={"管理员"}),
            "system",
        )
    return any_app


def last_refusal(app: App) -> dict:
    with app.store.engine.connect() as conn:
        return next(e for e in audit.entries(conn, limit=20) if e.action == "refused").payload


def test_only_an_administrator_adds_actors_and_only_known_roles(admin_app: App) -> None:
    app = admin_app
    person = Actor(id="wang", name="王晓丽", unit="党政办", roles={"经办人"})
    for by in ("chief", "system", "nobody"):
        with pytest.raises(PermissionDeniedError):
            app.add_actor(person, by)
    assert last_refusal(app)["kind"] == "unknown_actor"
    with pytest.raises(InvalidInputError, match="未知角色"):
        app.add_actor(person.model_copy(update={"roles": frozenset({"超级审核"})}), "zhou")
    app.add_actor(person, "zhou")
    with app.store.engine.connect() as conn:
        entry = audit.entries(conn, "actor:wang")[0]
    assert (entry.actor, entry.action, entry.payload["roles"]) == ("zhou", "actor.add", ["经办人"])


def test_one_person_one_actor(admin_app: App) -> None:
    app = admin_app
    app.add_actor(Actor(id="wang", name="王晓丽", unit="党政办", roles={"经办人"}), "zhou")
    second = Actor(id="wang2", name="王 晓丽", unit="党政办", roles={"科室审核"})
    with pytest.raises(PermissionDeniedError) as refused:
        app.add_actor(second, "zhou")
    assert refused.value.kind == "same_person" and last_refusal(app)["kind"] == "same_person"
    # a namesake in another unit is another person; the same unit needs a recorded reason
    app.add_actor(Actor(id="wang3", name="王晓丽", unit="财政所", roles={"经办人"}), "zhou")
    app.add_actor(second, "zhou", different_person="同名不同人，身份证号不同")
    with app.store.engine.connect() as conn:
        payload = audit.entries(conn, "actor:wang2")[0].payload
    assert (
        payload["different_person"] == "同名不同人，身份证号不同" and "wang" in payload["namesakes"]
    )
    assert {a.person_key for a in app.actors()} >= {"wang", "wang2", "wang3"}


def test_a_second_id_of_a_disabled_actor_is_the_same_person(admin_app: App) -> None:
    """王晓丽 drafts as wang; wang is disabled and she is registered again as wang2 with a
    reviewer's role: wang2 still cannot approve wang's edition."""
    app = admin_app
    app.add_actor(Actor(id="wang", name="王晓丽", unit="党政办", roles={"经办人"}), "zhou")
    item = app.create_item(draft(), "wang")
    app.submit(item.id, "wang")
    app.disable_actor("wang", "zhou", "调岗")
    app.add_actor(Actor(id="wang2", name="王晓丽", unit="党政办", roles={"科室审核"}), "zhou")
    assert [a.person_key for a in app.actors() if a.id == "wang2"] == ["wang"]
    with pytest.raises(PermissionDeniedError) as refused:
        app.approve(item.id, "wang2")
    assert refused.value.kind == "own_work"
    assert app.review_queue("wang2") == []  # nothing of her own is offered to her
    app.approve(item.id, "chief")
    assert app.item(item.id).state is ItemState.IN_REVIEW


def test_a_disabled_actor_is_refused_everywhere(admin_app: App) -> None:
    app = admin_app
    item = app.create_item(draft(), "clerk")
    app.submit(item.id, "clerk")
    app.disable_actor("chief", "zhou", "退休")
    attempts = [
        lambda: app.approve(item.id, "chief"),
        lambda: app.reject(item.id, "chief", "退回"),
        lambda: app.create_item(draft(), "chief"),
        lambda: app.authorize_send("recorder", "chief"),
        lambda: app.applications.new(application_form("2026-03-02"), "chief"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError) as refused:
            attempt()
        assert refused.value.kind == "disabled_actor"
        assert last_refusal(app)["kind"] == "disabled_actor"
    assert [a.id for a in app.actors(include_disabled=True) if not a.active] == ["chief"]
    assert "chief" not in {a.id for a in app.actors()}
    with pytest.raises(InvalidInputError):
        app.disable_actor("chief", "zhou", "again")
    with pytest.raises(Exception, match="已被使用"):  # the id stays taken
        app.add_actor(Actor(id="chief", name="新人", unit="办"), "zhou")


def test_roles_change_and_the_last_administrator_stays(admin_app: App) -> None:
    app = admin_app
    with pytest.raises(PermissionDeniedError):
        app.set_actor_roles("clerk", "chief", add=("科室审核",))
    changed = app.set_actor_roles("clerk", "zhou", add=("信息发布员",), remove=("经办人",))
    assert changed.roles == {"信息发布员"}
    assert authority.may_do(app, "clerk", authority.Action.CHANNEL_SEND)
    assert not authority.may_do(app, "clerk", authority.Action.ITEM_CREATE)
    assert authority.has_role(app, "zhou", "管理员") and not authority.has_role(app, "x", "管理员")
    with pytest.raises(InvalidInputError, match="最后一名管理员"):
        app.set_actor_roles("zhou", "zhou", remove=("管理员",))
    with pytest.raises(InvalidInputError, match="最后一名管理员"):
        app.disable_actor("zhou", "zhou", "离职")
    app.set_actor_roles("chief", "zhou", add=("管理员",))
    app.disable_actor("zhou", "chief", "离职")
    with pytest.raises(PermissionDeniedError):
        app.set_actor_roles("clerk", "zhou", add=("经办人",))


def test_upgrade_gives_every_existing_actor_its_own_person(db_url: str) -> None:
    engine = make_store_engine(db_url)
    upgrade(engine, target="0001")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO actors (id, name, unit, roles, active) VALUES (:i, :n, :u, :r, :a)"),
            {"i": "old", "n": "老张", "u": "办", "r": '["经办人"]', "a": True},
        )
    upgrade(engine)
    with engine.connect() as conn:
        row = conn.execute(select(actors).where(actors.c.id == "old")).mappings().one()
    assert (row["person"], row["active"], row["disabled_at"]) == ("old", True, None)


# --- the command line ------------------------------------------------------------------------

CONFIG = """
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
"""


def admins(folder: Path) -> list[tuple[str, str]]:
    with make_store_engine(f"sqlite:///{folder / 'office.db'}").connect() as conn:
        rows = conn.execute(select(actors.c.id, actors.c.name, actors.c.roles)).all()
    return [(r.id, r.name) for r in rows if "管理员" in r.roles]


def test_init_creates_the_first_administrator_and_the_cli_needs_one(tmp_path: Path) -> None:
    run = office_cli(cli, tmp_path, CONFIG)  # runs 'init' without options
    ((admin, name),) = admins(tmp_path)  # named after the operating-system account
    assert name == os_account()
    run("init", "--admin", "other", "--admin-name", "别人")  # there is one: nothing new
    assert admins(tmp_path) == [(admin, name)]
    add = ("actor", "add", "wang", "--name", "王晓丽", "--unit", "办", "--role", "经办人")
    refused = run(*add, ok=False)
    assert refused.exit_code != 0 and "--actor" in refused.output
    run(*add, "--actor", admin)
    out = run(
        "actor", "add", "wang2", "--name", "王晓丽", "--unit", "办", "--actor", admin, ok=False
    )
    assert "一人一号" in out.output
    run("actor", "roles", "wang", "--add", "科室审核", "--actor", admin)
    out = run("actor", "roles", "wang", "--add", "管理员", "--actor", "wang", ok=False)
    assert out.exit_code != 0 and "管理员" in out.output
    run("actor", "disable", "wang", "--reason", "调岗", "--actor", admin)
    listing = run("actor", "list", "--all").output
    assert "已停用" in listing and "王晓丽" in listing


def test_init_names_the_first_administrator(tmp_path: Path) -> None:
    config = tmp_path / "gov-disclosure.toml"
    config.write_text(CONFIG, encoding="utf-8")
    base = ["--db", str(tmp_path / "office.db"), "--config", str(config)]
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, [*base, "init", "--admin", "zhou", "--admin-name", "周敏"])
    assert out.exit_code == 0 and "管理员：zhou（周敏）" in out.output
    assert admins(tmp_path) == [("zhou", "周敏")]


def test_the_cli_acts_as_the_logged_in_account(tmp_path: Path) -> None:
    me = os_account()
    run = office_cli(cli, tmp_path, CONFIG + f'\n[authority.os_accounts]\n"{me}" = "zhou"\n')
    assert [a for a, _ in admins(tmp_path)] == ["zhou"]  # init took the bound id
    run("actor", "add", "wang", "--name", "王晓丽", "--unit", "办", "--role", "经办人")
    refused = run("actor", "add", "li", "--name", "李", "--unit", "办", "--actor", "wang", ok=False)
    assert refused.exit_code != 0 and "不能以 wang 的身份操作" in refused.output
    run("actor", "add", "li", "--name", "李", "--unit", "办", "--actor", "zhou")  # itself: fine
    with make_store_engine(f"sqlite:///{tmp_path / 'office.db'}").connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()
    assert [(r.actor, "not_own_account" in r.payload) for r in rows] == [("wang", True)]


def test_an_unbound_account_is_refused(tmp_path: Path) -> None:
    run = office_cli(cli, tmp_path, CONFIG + '\n[authority.os_accounts]\n"someone-else" = "zhou"\n')
    out = run("review", "queue", ok=False)
    assert out.exit_code != 0 and "未绑定" in out.output
