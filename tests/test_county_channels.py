"""The kiosk and the bulletin built for one body or for the whole county."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from county_testlib import County, cli_config, county_app, policy
from gov_disclosure_bulletin import BulletinChannel, BulletinSettings
from gov_disclosure_kiosk import KioskChannel, KioskSettings
from reports_testlib import CHINA

from gov_disclosure.channels import Action
from gov_disclosure.errors import ConfigError
from gov_disclosure.models import DocumentKind

OTHER = DocumentKind.OTHER
DAY = date(2026, 3, 2)


@pytest.fixture
def county(tmp_path: Path, clock) -> County:  # type: ignore[no-untyped-def]
    c = county_app(tmp_path, clock)
    policy(c, clock, c.county, "示例县人民政府工作报告", OTHER, DAY)
    policy(c, clock, c.finance, "示例县2026年县级一般公共预算", OTHER, DAY)
    policy(c, clock, c.township, "示例镇2026年部门预算", OTHER, DAY)
    policy(c, clock, c.village, "东村村2026年2月村级财务收支公开", OTHER, DAY)
    clock.at = datetime.combine(date(2026, 4, 2), time(9, 0), tzinfo=CHINA)
    return c


def _shown_titles(root: Path) -> set[str]:
    titles = set()
    for path in (root / "data").glob("items-*.js"):
        text = path.read_text(encoding="utf-8")
        titles |= {
            r["title"] for r in json.loads(text[text.index("]=") + 2 : text.rindex(";")]).values()
        }
    return titles


def kiosk(c: County, **settings: object) -> KioskChannel:
    return KioskChannel(
        KioskSettings(base_url="https://xxgk.example.gov.cn", **settings), c.app.channel_context()
    )


def test_kiosk_default_is_the_configured_body_with_the_bodies_under_it(county: County) -> None:
    built = kiosk(county).rebuild()
    assert built.items == 4  # the county government is configured: the whole county
    assert _shown_titles(built.root) == {
        "示例县人民政府工作报告",
        "示例县2026年县级一般公共预算",
        "示例镇2026年部门预算",
        "东村村2026年2月村级财务收支公开",
    }


def test_kiosk_for_one_township_with_or_without_its_villages(county: County) -> None:
    township = kiosk(county, org="示例镇人民政府", out_dir="kiosk-zhen").rebuild()
    assert _shown_titles(township.root) == {
        "示例镇2026年部门预算",
        "东村村2026年2月村级财务收支公开",
    }
    alone = kiosk(county, org="示例镇人民政府", subordinates=False, out_dir="k2").rebuild()
    assert _shown_titles(alone.root) == {"示例镇2026年部门预算"}
    index = (alone.root / "index.html").read_text(encoding="utf-8")
    assert "示例镇人民政府" in index


def test_kiosk_sync_org_builds_beside_the_channels_own_bundle(county: County) -> None:
    channel = kiosk(county)
    finance = channel.for_body("示例县财政局", subordinates=False)
    code = county.app.organization(county.finance).credit_code
    assert finance.out_dir == channel.out_dir.with_name(f"kiosk-{code}")
    result = finance.rebuild()
    assert _shown_titles(result.root) == {"示例县2026年县级一般公共预算"}
    with pytest.raises(ConfigError, match="没有这个机关"):
        channel.for_body("不存在的机关")


def _bulletin(c: County, **settings: object) -> BulletinChannel:
    return BulletinChannel(BulletinSettings(**settings), c.app.channel_context())


def _titles(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_bulletin_for_one_body_prints_only_its_items(county: County) -> None:
    channel = _bulletin(county, org="示例县财政局", auto_issue=False)
    editions = {e.title: e for e in county.app.channel_context().catalogue()}
    skipped = channel.publish(editions["示例镇2026年部门预算"])
    assert skipped.action is Action.PUBLISH and "未收入本公报" in skipped.details["skipped"]
    channel.publish(editions["示例县2026年县级一般公共预算"])
    issue = channel.build_issue("2026-03")
    assert issue.items == 1
    text = _titles(issue.path)
    assert "示例县财政局公报" in text and "县级一般公共预算" in text and "示例镇" not in text


def test_bulletin_issue_org_has_its_own_numbers_and_folder(county: County) -> None:
    whole = _bulletin(county)
    county_issue = whole.build_issue("2026-03")
    assert county_issue.items == 4 and county_issue.record.year_no == 1
    township = whole.for_body("示例镇人民政府")
    code = county.app.organization(county.township).credit_code
    issue = township.build_issue("2026-03")
    assert issue.path.parent.name == f"bulletin-{code}"
    assert issue.items == 2 and issue.record.year_no == 1  # its own first issue
    text = _titles(issue.path)
    assert (
        "示例镇人民政府公报" in text and "村级财务收支" in text and "县级一般公共预算" not in text
    )


def test_kiosk_sync_and_bulletin_issue_take_the_body_on_the_command_line(
    county: County, tmp_path: Path
) -> None:
    from gov_disclosure_bulletin.cli import bulletin
    from gov_disclosure_kiosk.cli import kiosk as kiosk_group

    from gov_disclosure.cli.main import cli

    cli.add_command(kiosk_group)
    cli.add_command(bulletin)
    config = cli_config(tmp_path, ("kiosk", "bulletin"))
    base = ["--db", county.app.store.url, "--config", str(config)]
    code = county.app.organization(county.township).credit_code

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [*base, *args, "--actor", "deputy"])
        assert result.exit_code == 0, result.output
        return result.output

    out = run("kiosk", "sync", "--org", "示例镇人民政府", "--body-only")
    assert "1 条" in out and f"kiosk-{code}" in out  # the township alone, in its own folder
    out = run("bulletin", "issue", "--period", "2026-03", "--org", "示例镇人民政府")
    assert "2 条" in out and f"bulletin-{code}" in out
    bad = CliRunner().invoke(cli, [*base, "kiosk", "sync", "--body-only", "--actor", "deputy"])
    assert bad.exit_code != 0 and "--org" in bad.output
