"""Every page of the site as (path, digest of its inputs, how to render it).

A page's digest covers the template fingerprint and exactly the data the page shows, so the
builder can skip a page whose digest is unchanged and rewrite only the pages that show an item.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import nh3

from gov_disclosure.channels import AttachmentView, PublishedEdition

from .manifest import digest
from .naming import attachment_path, human_size, type_label, url_path
from .render import Renderer
from .settings import WebsiteSettings
from .sitemodel import ALL, ListingKey, SiteModel, listing_line

SITEMAP_CHUNK = 10_000


@dataclass
class Page:
    path: str
    digest: str
    render: Callable[[], str]
    files: list[tuple[AttachmentView, str]] = field(default_factory=list)


def item_path(slug: str) -> str:
    return f"items/{slug}.html"


def feed_path(model: SiteModel, key: ListingKey) -> str:
    return "feeds/all.xml" if key.kind == ALL else f"feeds/column/{model.slug(key)}.xml"


class PageFactory:
    """Makes :class:`Page` objects for one build."""

    def __init__(
        self,
        model: SiteModel,
        renderer: Renderer,
        settings: WebsiteSettings,
        organization: dict[str, Any],
        base_url: str,
    ) -> None:
        self.model = model
        self.renderer = renderer
        self.settings = settings
        self.org = organization
        self.base_url = base_url
        self.fp = renderer.fingerprint

    # -- helpers ----------------------------------------------------------------------------
    def _html(self, template: str, path: str, **context: Any) -> str:
        return self.renderer.render(
            template,
            path=path,
            root="../" * path.count("/"),
            base_url=self.base_url,
            site=self.settings,
            org=self.org,
            column_href=self.column_href,
            item_href=lambda e: item_path(e.slug),
            excerpt=self.excerpt,
            **context,
        )

    def excerpt(self, e: PublishedEdition, length: int) -> str:
        """Plain text for descriptions: the 内容概述, else the start of the body."""
        text = e.summary or e.body
        if self.settings.body_html and not e.summary:
            text = html.unescape(nh3.clean(text, tags=set()))
        return " ".join(text.split())[:length]

    def column_href(self, name: str) -> str:
        return self.model.prefix(ListingKey("column", name)) + "index.html"

    # -- item pages -------------------------------------------------------------------------
    def item(self, e: PublishedEdition) -> Page:
        path = item_path(e.slug)
        interpreters = self.model.interpreters(e)
        policies = self.model.interpreted(e)
        files = [(a, attachment_path(a)) for a in e.attachments]
        attachments = [
            {
                "name": a.name,
                "href": url_path(rel),
                "size": human_size(a.size),
                "type": type_label(a.media_type),
            }
            for a, rel in files
        ]
        links = "".join(listing_line(x) for x in [*interpreters, *policies])
        return Page(
            path,
            digest(self.fp, "item", e.model_dump_json(), links),
            lambda: self._html(
                "item.html",
                path,
                e=e,
                interpreters=interpreters,
                policies=policies,
                attachments=attachments,
            ),
            files,
        )

    def withdrawn(self, index_no: str, slug: str, reason: str) -> Page:
        path = item_path(slug)
        return Page(
            path,
            digest(self.fp, "withdrawn", index_no, reason),
            lambda: self._html("withdrawn.html", path, index_no=index_no, reason=reason),
        )

    # -- listings ---------------------------------------------------------------------------
    def page_count(self, key: ListingKey) -> int:
        return max(1, -(-len(self.model.listing(key)) // self.settings.page_size))

    def listing_paths(self, key: ListingKey) -> set[str]:
        prefix = self.model.prefix(key)
        count = self.page_count(key)
        return {prefix + "index.html", *(f"{prefix}p{n}.html" for n in range(1, count + 1))}

    def listing(self, key: ListingKey, numbers: range | None = None) -> list[Page]:
        """Pages ``p1.html`` (oldest) … ``pN.html`` and ``index.html`` (= the newest page).

        Pages are cut from the oldest end, so a newly published item changes only the newest
        page, and an update changes only the page that shows it. ``numbers`` limits the pages
        made (an incremental build knows which ranks can have changed).
        """
        editions = self.model.listing(key)
        size = self.settings.page_size
        count = self.page_count(key)
        prefix = self.model.prefix(key)
        title = self.model.title(key)
        pages: list[Page] = []
        wanted = (
            range(1, count + 1)
            if numbers is None
            else range(max(1, numbers.start), min(count, numbers.stop - 1) + 1)
        )
        for n in wanted:
            chunk = editions[(n - 1) * size : n * size][::-1]
            lines = "".join(listing_line(e) for e in chunk)
            newest = n == count
            for name in (f"p{n}.html", *(["index.html"] if newest else [])):
                path = prefix + name
                pages.append(
                    Page(
                        path,
                        digest(self.fp, "listing", path, title, str(n), str(newest), lines),
                        self._listing_render(path, title, chunk, n, newest, key),
                    )
                )
        return pages

    def _listing_render(
        self,
        path: str,
        title: str,
        chunk: list[PublishedEdition],
        n: int,
        newest: bool,
        key: ListingKey,
    ) -> Callable[[], str]:
        return lambda: self._html(
            "listing.html",
            path,
            title=title,
            editions=chunk,
            number=n,
            newer=None if newest else f"p{n + 1}.html",
            older=f"p{n - 1}.html" if n > 1 else None,
            feed=feed_path(self.model, key) if key.kind != "topic" else None,
        )

    # -- single pages -----------------------------------------------------------------------
    def home(self) -> Page:
        newest = self.model.newest(self.settings.home_items)
        urgent = self.model.urgent(5)
        columns = self.model.columns()
        lines = "".join(listing_line(e) for e in [*newest, *urgent]) + "|".join(columns)
        return Page(
            "index.html",
            digest(self.fp, "home", lines),
            lambda: self._html(
                "home.html", "index.html", newest=newest, urgent=urgent, live_columns=columns
            ),
        )

    def guide(self) -> Page:
        return Page(
            "guide.html", digest(self.fp, "guide"), lambda: self._html("guide.html", "guide.html")
        )

    def search(self) -> Page:
        return Page(
            "search.html",
            digest(self.fp, "search"),
            lambda: self._html("search.html", "search.html"),
        )

    def catalogue(self) -> Page:
        path = "catalogue/index.html"
        columns, topics = self.model.columns(), self.model.topics()
        topic_links = [
            (t, self.model.prefix(ListingKey("topic", t)) + "index.html") for t in topics
        ]
        return Page(
            path,
            digest(self.fp, "catalogue", "|".join(columns), "|".join(topics)),
            lambda: self._html("catalogue.html", path, live_columns=columns, topics=topic_links),
        )

    def columns(self) -> Page:
        path = "columns.html"
        live = self.model.columns()
        return Page(
            path,
            digest(self.fp, "columns", "|".join(live)),
            lambda: self._html("columns.html", path, live_columns=live),
        )

    # -- feeds and sitemaps -----------------------------------------------------------------
    def feed(self, key: ListingKey) -> Page:
        items = self.model.newest(self.settings.feed_items, self.model.listing(key))
        path = feed_path(self.model, key)
        title = self.settings.title + ("" if key.kind == ALL else f" - {key.name}")
        link = "index.html" if key.kind == ALL else self.column_href(key.name)
        return Page(
            path,
            digest(self.fp, "feed", path, "".join(listing_line(e) + e.summary for e in items)),
            lambda: self.renderer.render(
                "feed.xml",
                base_url=self.base_url,
                path=path,
                title=title,
                link=link,
                items=items,
                site=self.settings,
                org=self.org,
                excerpt=self.excerpt,
            ),
        )

    def sitemaps(self, statics: list[str], ranks: range | None = None) -> Iterator[Page]:
        editions = self.model.all_sorted
        count = -(-len(editions) // SITEMAP_CHUNK)
        names = ["sitemaps/pages.xml"]
        if ranks is not None:
            first, last = ranks.start // SITEMAP_CHUNK, (ranks.stop - 1) // SITEMAP_CHUNK
        else:
            first, last = 0, count
        yield Page(
            names[0],
            digest(self.fp, "sitemap-pages", "|".join(statics)),
            lambda: self.renderer.render(
                "sitemap.xml", base_url=self.base_url, urls=[(p, None) for p in statics]
            ),
        )
        for n in range(1, count + 1):
            path = f"sitemaps/items-{n}.xml"
            names.append(path)
            if not first <= n - 1 <= last:
                continue
            chunk = editions[(n - 1) * SITEMAP_CHUNK : n * SITEMAP_CHUNK]
            yield Page(
                path,
                digest(self.fp, "sitemap", "".join(f"{e.index_no}{e.published_on}" for e in chunk)),
                self._sitemap_render(chunk),
            )
        yield Page(
            "sitemap.xml",
            digest(self.fp, "sitemap-index", "|".join(names)),
            lambda: self.renderer.render("sitemapindex.xml", base_url=self.base_url, names=names),
        )

    def sitemap_paths(self) -> set[str]:
        chunks = -(-len(self.model.all_sorted) // SITEMAP_CHUNK)
        return {"sitemaps/pages.xml", *(f"sitemaps/items-{n}.xml" for n in range(1, chunks + 1))}

    def _sitemap_render(self, chunk: list[PublishedEdition]) -> Callable[[], str]:
        return lambda: self.renderer.render(
            "sitemap.xml",
            base_url=self.base_url,
            urls=[(item_path(e.slug), e.published_on.isoformat()) for e in chunk],
        )
