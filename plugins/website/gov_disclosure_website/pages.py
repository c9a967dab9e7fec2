"""Every page of the site as (path, digest of its inputs, how to render it).

A page's digest covers the template fingerprint and exactly the data the page shows, so the
builder can skip a page whose digest is unchanged and rewrite only the pages that show an item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from gov_disclosure.channels import PublishedEdition

from .footer import footer_context
from .listed import Listed, plain_excerpt
from .manifest import digest
from .naming import attachment_path, human_size, type_label, url_path
from .page import Page, item_path
from .pdfs import PdfFile
from .render import Renderer
from .sections import BODY_PAGES, SectionPages
from .settings import WebsiteSettings
from .sitemodel import ALL, ListingKey, SiteModel, listing_line

SITEMAP_CHUNK = 10_000


def feed_path(model: SiteModel, key: ListingKey) -> str:
    return "feeds/all.xml" if key.kind == ALL else f"feeds/column/{model.slug(key)}.xml"


class PageFactory(SectionPages):
    """Makes :class:`Page` objects for one build."""

    def __init__(
        self,
        model: SiteModel,
        renderer: Renderer,
        settings: WebsiteSettings,
        organization: dict[str, Any],
        base_url: str,
        pdfs: dict[str, PdfFile] | None = None,
        issues: list[tuple[str, PdfFile]] | None = None,
    ) -> None:
        self.model = model
        self.renderer = renderer
        self.settings = settings
        self.org = organization
        self.base_url = base_url
        self.pdfs = pdfs or {}
        """slug → the bulletin's PDF of that item's 公示/公告 sheet."""
        self.issues = issues or []
        """(period, PDF) of the bulletin's issues, newest first."""
        # the body layer changes every page's navigation: a different fingerprint
        self.fp = renderer.fingerprint + ("+bodies" if model.multi_body else "")
        self.footer = footer_context(settings, organization)

    # -- helpers ----------------------------------------------------------------------------
    def _html(self, template: str, path: str, **context: Any) -> str:
        values: dict[str, Any] = {
            "path": path,
            "root": "../" * path.count("/"),
            "base_url": self.base_url,
            "site": self.settings,
            "org": self.org,
            "column_href": self.column_href,
            "item_href": lambda e: item_path(e.slug),
            "excerpt": self.excerpt,
            "footer": self.footer,
            "multi_body": self.model.multi_body,
            "body": None,
        }
        values.update(context)
        return self.renderer.render(template, **values)

    def excerpt(self, e: Listed, length: int) -> str:
        """Plain text for descriptions: the 内容概述, else the start of the body."""
        return plain_excerpt(e, length, self.settings.body_html)

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
        pdf = self.pdfs.get(e.slug)
        body = self.model.body(e.org.credit_code) if self.model.multi_body else None
        return Page(
            path,
            digest(self.fp, "item", e.model_dump_json(), links, pdf.sha256 if pdf else ""),
            lambda: self._html(
                "item.html",
                path,
                e=e,
                interpreters=interpreters,
                policies=policies,
                attachments=attachments,
                pdf=url_path(pdf.site_path()) if pdf else None,
                body=body,
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
        total = len(editions)
        for n in wanted:
            chunk = editions[(n - 1) * size : n * size][::-1]
            lines = "".join(listing_line(e) for e in chunk)
            newest = n == count
            shown = count - n + 1  # visitors count pages from the newest: index.html is 第1页
            facts = f"{shown}/{count}" + (f"/{total}" if newest else "")
            for name in (f"p{n}.html", *(["index.html"] if newest else [])):
                path = prefix + name
                pages.append(
                    Page(
                        path,
                        digest(self.fp, "listing", path, title, str(n), facts, lines),
                        self._listing_render(path, title, chunk, n, count, total, key),
                    )
                )
        return pages

    def _listing_render(
        self,
        path: str,
        title: str,
        chunk: list[Listed],
        n: int,
        count: int,
        total: int,
        key: ListingKey,
    ) -> Callable[[], str]:
        newest = n == count
        return lambda: self._html(
            "listing.html",
            path,
            title=title,
            editions=chunk,
            number=count - n + 1,
            pages=count,
            total=total if newest else None,
            first=None if newest else "index.html",
            last=None if n == 1 else "p1.html",
            newer=None if newest else ("index.html" if n + 1 == count else f"p{n + 1}.html"),
            older=f"p{n - 1}.html" if n > 1 else None,
            feed=feed_path(self.model, key) if key.kind != "topic" and not key.body else None,
            body=self.model.body(key.body) if key.body else None,
        )

    # -- single pages -----------------------------------------------------------------------
    def home(self) -> Page:
        newest = self.model.newest(self.settings.home_items)
        urgent = self.model.urgent(5)
        columns = self.model.counts("column")
        shown = self._statutory(columns)
        bodies = self.model.bodies() if self.model.multi_body else []
        lines = "".join(listing_line(e) for e in [*newest, *urgent])
        lines += repr([shown, bodies, bool(self.issues)])
        return Page(
            "index.html",
            digest(self.fp, "home", lines),
            lambda: self._html(
                "home.html",
                "index.html",
                newest=newest,
                urgent=urgent,
                statutory=shown,
                bodies=bodies,
                bulletins=bool(self.issues),
            ),
        )

    def _statutory(self, counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """The 法定主动公开内容 columns with their counts; empty ones only when configured."""
        live = dict(counts)
        return [
            (name, live.get(name, 0))
            for name in self.settings.statutory_columns
            if name in live or self.settings.show_empty_columns
        ]

    def guide(self) -> Page:
        return Page(
            "guide.html", digest(self.fp, "guide"), lambda: self._html("guide.html", "guide.html")
        )

    def search(self) -> Page:
        bodies = self.model.bodies() if self.model.multi_body else []
        return Page(
            "search.html",
            digest(self.fp, "search", repr(bodies)),
            lambda: self._html("search.html", "search.html", bodies=bodies),
        )

    def catalogue(self, body: str = "") -> Page:
        path = f"bodies/{body}/catalogue/index.html" if body else "catalogue/index.html"
        columns, topics = self.model.counts("column", body), self.model.counts("topic", body)
        prefix = self.model.prefix
        topic_links = [
            (t, n, prefix(ListingKey("topic", t, body)) + "index.html") for t, n in topics
        ]
        column_links = [
            (c, n, prefix(ListingKey("column", c, body)) + "index.html") for c, n in columns
        ]
        total = len(self.model.listing(ListingKey(ALL, "", body)))
        owner = self.model.body(body) if body else None
        return Page(
            path,
            digest(self.fp, "catalogue", path, repr(columns), repr(topics), repr(owner)),
            lambda: self._html(
                "catalogue.html",
                path,
                columns=column_links,
                topics=topic_links,
                total=total,
                all_href=prefix(ListingKey(ALL, "", body)) + "index.html",
                body=owner,
            ),
        )

    def columns(self) -> Page:
        path = "columns.html"
        counts = self.model.counts("column")
        shown = self._statutory(counts)
        others = [(c, n) for c, n in counts if c not in self.settings.statutory_columns]
        return Page(
            path,
            digest(self.fp, "columns", repr(shown), repr(others)),
            lambda: self._html("columns.html", path, statutory=shown, others=others),
        )

    def site_map(self) -> Page:
        """网站地图 for people: every section and listing (items are in the listings)."""
        path = "sitemap.html"
        columns = self.model.counts("column")
        topics = self.model.counts("topic")
        bodies = self.model.bodies() if self.model.multi_body else []
        return Page(
            path,
            digest(self.fp, "sitemap.html", repr([columns, topics, bodies, bool(self.issues)])),
            lambda: self._html(
                "sitemap.html",
                path,
                columns=columns,
                topics=topics,
                topic_href=lambda t: self.model.prefix(ListingKey("topic", t)) + "index.html",
                groups=self._grouped(bodies),
                bulletins=bool(self.issues),
            ),
        )

    def single_paths(self) -> list[str]:
        """Every page besides listings, feeds, items and search files."""
        paths = ["index.html", "guide.html", "search.html", "catalogue/index.html"]
        paths += ["columns.html", "sitemap.html"]
        if self.issues:
            paths.append("bulletins.html")
        if self.model.multi_body:
            paths.append("bodies/index.html")
            for b in self.model.bodies():
                paths += [f"bodies/{b.code}/{name}" for name in BODY_PAGES]
                paths.append(f"bodies/{b.code}/catalogue/index.html")
        return sorted(paths)

    def singles(self) -> list[Page]:
        pages = [self.home(), self.guide(), self.search(), self.catalogue(), self.columns()]
        pages.append(self.site_map())
        if self.issues:
            pages.append(self.bulletins())
        if self.model.multi_body:
            pages.append(self.body_list())
            for b in self.model.bodies():
                pages += [*self.body_pages(b.code), self.catalogue(b.code)]
        return pages

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

    def _sitemap_render(self, chunk: list[Listed]) -> Callable[[], str]:
        return lambda: self.renderer.render(
            "sitemap.xml",
            base_url=self.base_url,
            urls=[(item_path(e.slug), e.published_on.isoformat()) for e in chunk],
        )
