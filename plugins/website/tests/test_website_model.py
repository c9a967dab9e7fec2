"""The site model kept between deliveries equals one built from scratch after any changes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from gov_disclosure_website.sitemodel import ListingKey, SiteModel

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import Audience, ItemState
from testsupport.samples import bulk_editions, sample_editions


def shown(e: PublishedEdition) -> bool:
    return e.audience is Audience.PUBLIC


def snapshot(model: SiteModel) -> dict:
    keys = model.listing_keys()
    return {
        "sorted": [e.index_no for e in model.all_sorted],
        "listings": {k: [e.index_no for e in model.listing(k)] for k in keys},
        "prefixes": {k: model.prefix(k) for k in keys},
        "urgent": [e.index_no for e in model.urgent(5)],
        "links": {i: sorted(model.linked(i)) for i in model.by_index},
        "interpreters": {
            i: [x.index_no for x in model.interpreters(e)] for i, e in model.by_index.items()
        },
        "files": model.files(),
        "withdrawn": model.withdrawn,
    }


def change(rng: random.Random, catalogue: list[PublishedEdition], n: int) -> None:
    """One random edit of the catalogue, in place."""
    at = rng.randrange(len(catalogue))
    e = catalogue[at]
    what = rng.choice(
        ["title", "date", "column", "topic", "urgent", "state", "audience", "remove", "add", "link"]
    )
    if what == "remove":
        del catalogue[at]
        return
    if what == "add":
        catalogue.insert(
            at,
            e.model_copy(
                update={
                    "item_id": 10_000 + n,
                    "index_no": f"{e.index_no}-N{n}",
                    "published_on": e.published_on + timedelta(days=rng.randint(-30, 30)),
                }
            ),
        )
        return
    update = {
        "title": {"title": f"{e.title}（{n}）"},
        "date": {"published_on": date(2020, 1, 1) + timedelta(days=rng.randint(0, 900))},
        "column": {"column": rng.choice(["通知公告", "社会救助", "新栏目"])},
        "topic": {"topic": rng.choice(["综合政务", "民政、扶贫、救灾", "新主题"])},
        "urgent": {"urgent": not e.urgent},
        "state": {"state": rng.choice([ItemState.PUBLISHED, ItemState.EXPIRED])},
        "audience": {"audience": rng.choice(list(Audience))},
        "link": {"interprets": rng.choice(catalogue).index_no},
    }[what]
    catalogue[at] = e.model_copy(update={**update, "edition": e.edition + 1})


@pytest.mark.parametrize("seed", range(6))
def test_kept_model_equals_a_fresh_one(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    catalogue = sample_editions(tmp_path) + bulk_editions(30)
    model = SiteModel.from_catalogue(catalogue, shown)
    for n in range(60):
        change(rng, catalogue, n)
        if rng.random() < 0.3:
            rng.shuffle(catalogue)  # a new order: compared item by item
        model.sync(catalogue, shown)
        if rng.random() < 0.3:  # a delivery hands in its own version; the catalogue wins after
            e = rng.choice(catalogue)
            moved = e.model_copy(update={"published_on": date(2019, 1, 1), "column": "另一栏目"})
            model.override(e.index_no, moved if rng.random() < 0.7 else None)
            model.sync(catalogue, shown)
        gone = {e.index_no: "撤回" for e in rng.sample(catalogue, 2)}
        model.set_withdrawn(gone)
        fresh = SiteModel((e for e in catalogue if shown(e)), gone)
        assert snapshot(model) == snapshot(fresh), n


def test_listing_of_an_unknown_name_is_empty(tmp_path: Path) -> None:
    model = SiteModel(sample_editions(tmp_path))
    assert model.listing(ListingKey("column", "没有这个栏目")) == []
    assert "社会救助" in model.columns()
