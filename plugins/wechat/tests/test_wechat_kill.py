"""``kill -9`` of the publishing process between the draft and the submission: the rerun
reuses the saved draft and the platform ends with exactly one article."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from gov_disclosure_wechat import WechatChannel, WechatSettings
from sqlalchemy import create_engine

from gov_disclosure.channels import ChannelContext
from gov_disclosure.store.channel_state import StoredChannelState
from gov_disclosure.store.tables import metadata
from testsupport.samples import sample_editions

CHILD = textwrap.dedent(
    """
    import sys
    from sqlalchemy import create_engine
    from gov_disclosure_wechat import WechatChannel, WechatSettings
    from gov_disclosure.channels import ChannelContext
    from gov_disclosure.store.channel_state import StoredChannelState
    from testsupport.samples import sample_editions

    db, api = sys.argv[1], sys.argv[2]
    state = StoredChannelState(create_engine(f"sqlite:///{db}"), "wechat")
    context = ChannelContext(data_dir=".", catalogue=list, state=state,
                             site={"base_url": "https://gk.example.gov.cn"})
    settings = WechatSettings(api_base=api, thumb_media_id="THUMB", poll_seconds=0)
    edition = sample_editions()[0]
    WechatChannel(settings, context).publish(edition)
    """
)


APPID, SECRET = "wx0123456789abcdef", "s3cr3t-not-for-logs"  # as in conftest.py


def test_kill_between_draft_and_submit_makes_one_article(
    platform, httpserver, tmp_path: Path, monkeypatch
):
    db = tmp_path / "state.db"
    engine = create_engine(f"sqlite:///{db}")
    metadata.tables["channel_state"].create(engine)
    reached, release = threading.Event(), threading.Event()
    platform.hold_submit = (reached, release)
    platform.materials["THUMB"] = {"type": "image", "media_id": "THUMB"}  # uploaded earlier
    api = httpserver.url_for("").rstrip("/")
    env = {
        **os.environ,
        "GD_WECHAT_APPID": APPID,
        "GD_WECHAT_SECRET": SECRET,
        "PYTHONPATH": os.pathsep.join([str(Path.cwd()), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), api], env=env)
    try:
        assert reached.wait(60), "the child never submitted"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        release.set()
    assert child.returncode == -signal.SIGKILL
    assert len(platform.drafts) == 1 and platform.publishes == {}

    monkeypatch.setenv("GD_WECHAT_APPID", APPID)
    monkeypatch.setenv("GD_WECHAT_SECRET", SECRET)
    context = ChannelContext(
        data_dir=tmp_path,
        catalogue=list,
        state=StoredChannelState(engine, "wechat"),
        site={"base_url": "https://gk.example.gov.cn"},
    )
    settings = WechatSettings(api_base=api, thumb_media_id="THUMB", poll_seconds=0)
    receipt = WechatChannel(settings, context).publish(sample_editions()[0])
    assert receipt.details["media_id"] == "MEDIA0"
    assert len(platform.drafts) == 1 and len(platform.articles) == 1
    assert receipt.details["article_id"] in platform.articles
