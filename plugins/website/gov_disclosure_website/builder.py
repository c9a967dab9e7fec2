"""Builds the static site, fully or incrementally, writing only pages whose inputs changed."""

from __future__ import annotations

import posixpath
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from gov_disclosure import ConflictError
from gov_disclosure.channels import AttachmentView, PublishedEdition, safe_slug
from gov_disclosure.files import SafeDir

from . import search_index
from .footer import conac_asset
from .manifest import Manifest, digest
from .naming import attachment_path
from .pages import Page, PageFactory, feed_path, item_path
from .ranks import page_numbers, span
from .render import STATIC
from .search_items import SearchEntries
from .search_patch import patch_index
from .sitemodel import ALL, ListingKey, SiteModel

ASSETS = {
    "assets/site.css": "site.css",
    "assets/prefs.js": "prefs.js",
    "search/search.js": "search.js",
}

Batches = Callable[[], Iterable[Iterable[PublishedEdition]]]
"""Streams the catalogue in batches (each call from the start)."""


@dataclass
class BuildReport:
    """Files a build wrote or removed (paths relative to the output folder)."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    """What the office should fix in the settings (e.g. a missing 网站标识码)."""


class Builder:
    """One build over one :class:`SiteModel`; ``full()`` or ``incremental(changed)``."""

    def __init__(
        self,
        out_dir: Path,
        factory: PageFactory,
        manifest: Manifest,
        body_html: bool = False,
        layout: search_index.Layout = search_index.LAYOUT,
    ) -> None:
        self.out = out_dir
        self.files = SafeDir(out_dir)
        """Every write, read and removal goes through it: links in the tree are refused."""
        self.factory = factory
        self.model: SiteModel = factory.model
        self.manifest = manifest
        self.body_html = body_html
        self.layout = layout
        self.report = BuildReport()
        self.search = SearchEntries(body_html, self.model.multi_body)

    # -- entry points -----------------------------------------------------------------------
    def full(
        self,
        batches: Batches | None = None,
        attachments: Iterable[AttachmentView] | None = None,
    ) -> BuildReport:
        """Build everything; remove pages, search files and attachments nothing shows.

        ``batches`` streams the whole editions the model shows (default: the model's own, in
        one batch); ``attachments`` are the files to copy in before any page (default: those
        of the model's editions), so a bad file stops the build before it writes a page.
        """
        self._check_slugs()
        if batches is None:
            whole = [e for i in self.model.by_index if (e := self._whole(i)) is not None]
            batches = lambda: [whole]  # noqa: E731
            attachments = (a for e in whole for a in e.attachments)
        self._copy_attachments(attachments or ())
        self.manifest.begin_full()
        index = search_index.IndexBuilder(self.layout)
        live_items = self._items(batches, index)
        for index_no, reason in self.model.withdrawn.items():
            if index_no not in live_items:
                self._notice(index_no, reason)
                live_items.add(index_no)
        for index_no in self.manifest.indexes():
            if index_no not in live_items and (record := self.manifest.item(index_no)):
                self._remove(item_path(record["slug"]))
                self.manifest.drop_item(index_no)
        produced = self._site_pages(self.model.listing_keys(), None)
        for path, text in index.files():
            self._write_site(path, digest(text), lambda t=text: t)
            produced.add(path)
        for path in self.manifest.site_paths():
            if path not in produced:
                self._remove(path)
                self.manifest.drop_page(path)
        self._prune_files()
        self.manifest.snapshot(self.factory.fp)
        return self.report

    def incremental(self, changed: Iterable[str]) -> BuildReport:
        """Rebuild what shows the items ``changed`` (索引号): their pages, linked pages, the
        listings, feeds and sitemaps they are in, and the search shards their words are in."""
        changed = set(changed)
        old = {i: self.manifest.item(i) for i in changed}
        pages = set(changed)
        keys = {ListingKey(ALL)}
        bodies = self.model.multi_body
        for index_no in changed:
            pages |= self.model.linked(index_no) | set((old[index_no] or {}).get("links", ()))
            for record in (old[index_no], self._listed_in(index_no)):
                if record and record.get("column"):
                    for body in ("", record.get("org", "")) if bodies else ("",):
                        if body:
                            keys.add(ListingKey(ALL, "", body))
                        keys.add(ListingKey("column", record["column"], body))
                        keys.add(ListingKey("topic", record["topic"], body))
        self._copy_attachments(a for i in pages if (e := self._whole(i)) for a in e.attachments)
        new_shards = self._search_patch(changed, old)
        for index_no in pages:
            e = self._whole(index_no)
            if e is not None:
                record = self.manifest.item(index_no)
                keep = record.get("shards", []) if record and index_no not in changed else None
                self._item(e, keep if keep is not None else new_shards[index_no])
            elif index_no in self.model.withdrawn:
                self._notice(index_no, self.model.withdrawn[index_no])
            elif (record := self.manifest.item(index_no)) is not None:
                self._remove(item_path(record["slug"]), index_no, record["slug"])
                self.manifest.drop_item(index_no)
        for index_no in changed:
            for rel in (old[index_no] or {}).get("files", ()):
                self._drop_file_if_unused(rel)
        spans = {k: span(self.model, k, changed, old) for k in keys}
        self._site_pages(sorted(keys), spans)
        self.manifest.commit()
        return self.report

    # -- items ------------------------------------------------------------------------------
    def _items(self, batches: Batches, index: search_index.IndexBuilder) -> set[str]:
        """Write the item pages of a full build and index them; returns their 索引号 (the
        model's strings, so no batch outlives this pass through them)."""
        live_items: set[str] = set()
        memo = self.manifest.memo
        memo.clear()
        shown = self.model.by_index
        for batch in batches():
            for e in batch:
                listed = shown.get(e.index_no)
                if listed is None or listed.item_id != e.item_id or e.index_no in live_items:
                    continue
                shards = index.add(e.item_id, self.search.tokens(e), self.search.row(e))
                self._item(e, shards)
                live_items.add(listed.index_no)
                if listed is e:  # a streamed build keeps no whole editions
                    memo[e.index_no] = e
        return live_items

    def _whole(self, index_no: str) -> PublishedEdition | None:
        """The model's edition of ``index_no``: whole (only a streamed full build keeps
        summaries, and it gets the whole editions from its stream)."""
        e = self.model.by_index.get(index_no)
        assert e is None or isinstance(e, PublishedEdition), "a summary where a whole edition"
        return e

    def _item(self, e: PublishedEdition, shards: list[int]) -> None:
        pdf = self.factory.pdfs.get(e.slug)
        if pdf is not None and not self.files.is_file(pdf.site_path()):
            self._copy_in(pdf.source, pdf.site_path(), pdf.sha256)
            self.report.written.append(pdf.site_path())
        page = self.factory.item(e)
        record = self.manifest.item(e.index_no)
        links = sorted(self.model.linked(e.index_no))
        files = [rel for _, rel in page.files]
        if record is None or record.get("digest") != page.digest or not self._exists(page.path):
            self._write(page, e.index_no, e.slug)
        else:
            self.report.unchanged += 1
        self.manifest.set_item(
            intern(e.index_no),
            {
                "id": e.item_id,
                "slug": e.slug,
                "column": intern(e.column),
                "topic": intern(e.topic),
                "org": intern(e.org.credit_code),
                "published_on": intern(e.published_on.isoformat()),
                "digest": page.digest,
                "shards": array("H", shards),  # a tenth of a list's memory
                "links": links or (),  # one shared empty tuple: JSON writes it as []
                "files": files or (),
            },
        )

    def _copy_attachments(self, attachments: Iterable[AttachmentView]) -> None:
        """Copy (and check) attachments first, so a bad file stops the build before any page."""
        for att in attachments:
            rel = attachment_path(att)
            if not self.files.is_file(rel):
                self._copy_in(att.path, rel, att.sha256)
                self.report.written.append(rel)

    def _copy_in(self, source: Path, rel: str, sha256: str) -> None:
        try:
            self.files.copy_in(source, rel, sha256=sha256, field="attachments.path")
        except BaseException:
            folder = posixpath.dirname(rel)
            for empty in (folder, posixpath.dirname(folder)):
                self.files.remove_empty_dir(empty)
            raise

    def _notice(self, index_no: str, reason: str) -> None:
        record = self.manifest.item(index_no) or {}
        slug = record.get("slug") or safe_slug(index_no)
        page = self.factory.withdrawn(index_no, slug, reason)
        if record.get("digest") != page.digest or not self._exists(page.path):
            self._write(page, index_no, slug)
        self.manifest.set_item(
            index_no,
            {
                "id": record.get("id"),
                "slug": slug,
                "digest": page.digest,
                "shards": [],
                "withdrawn": True,
            },
        )

    def _listed_in(self, index_no: str) -> dict[str, Any] | None:
        e = self.model.by_index.get(index_no)
        return {"column": e.column, "topic": e.topic, "org": e.org.credit_code} if e else None

    def _check_slugs(self) -> None:
        seen: dict[str, str] = {}
        for index_no in [*self.model.by_index, *self.model.withdrawn]:
            slug = safe_slug(index_no)
            if seen.setdefault(slug, index_no) != index_no:
                raise ConflictError(
                    "item page", slug, f"索引号 {seen[slug]} and {index_no} give the same page name"
                )

    # -- listings, feeds, sitemaps, single pages --------------------------------------------
    def _site_pages(
        self, keys: list[ListingKey], spans: dict[ListingKey, tuple[int, int, int]] | None
    ) -> set[str]:
        """Single pages, listings of ``keys``, their feeds and the sitemaps.

        ``spans`` (incremental builds) gives per listing the ranks that can have changed and
        how many items it gained, so only the pages at those ranks are even looked at.
        """
        produced: set[str] = set()
        f = self.factory
        for src, rel in ASSETS.items():
            text = (STATIC / rel).read_text(encoding="utf-8")
            produced.add(self._write_site(src, digest(text), lambda t=text: t))
        produced |= self._conac()
        for _, pdf in self.factory.issues:
            if not self.files.is_file(pdf.site_path()):
                self._copy_in(pdf.source, pdf.site_path(), pdf.sha256)
                self.report.written.append(pdf.site_path())
        for page in f.singles():
            produced.add(self._write_page(page))
        statics = f.single_paths()
        for key in keys:
            shown = key.kind == ALL or bool(self.model.listing(key))
            size = f.settings.page_size
            numbers = None if spans is None else page_numbers(self.model, key, spans[key], size)
            produced |= {self._write_page(p) for p in f.listing(key, numbers)} if shown else set()
            prefix = self.model.prefix(key)
            # index.html and p1 … pN: look for stale pages only when their number changed
            if spans is not None and self.manifest.count_under(prefix) != (
                f.page_count(key) + 1 if shown else 0
            ):
                expected = f.listing_paths(key) if shown else set()
                self._remove_stale(self.manifest.pages_under(prefix), expected)
        for key in self.model.listing_keys():
            statics.append(self.model.prefix(key) + "index.html")
        for key in (k for k in keys if k.kind != "topic" and not k.body):  # county-wide only
            if key.kind == ALL or self.model.listing(key):
                produced.add(self._write_page(f.feed(key)))
            else:
                self._remove_stale([feed_path(self.model, key)], set())
        ranks = None
        if spans is not None:
            lo, hi, _ = spans[ListingKey(ALL)]
            ranks = range(lo, hi + 1)
        produced |= {self._write_page(p) for p in f.sitemaps(statics, ranks)}
        if spans is not None:
            self._remove_stale(self.manifest.pages_under("sitemaps/"), f.sitemap_paths())
        return produced

    def _remove_stale(self, paths: Iterable[str], keep: set[str]) -> None:
        for path in paths:
            if path not in keep and self.manifest.page_digest(path) is not None:
                self._remove(path)
                self.manifest.drop_page(path)

    # -- search -----------------------------------------------------------------------------
    def _search_patch(
        self, changed: set[str], old: dict[str, dict[str, Any] | None]
    ) -> dict[str, list[int]]:
        """Patch the index for ``changed``; returns the token shards of each live one."""
        live = {i: self._whole(i) for i in changed}
        files, shards = patch_index(
            {i: (old[i], e) for i, e in live.items()},
            self.manifest.memo,
            self.search.tokens,
            self.search.row,
            self._read,
            self.layout,
        )
        for index_no, e in live.items():
            record = old[index_no] or {}
            ids = {int(i) for i in (record.get("id"), e.item_id if e else None) if i is not None}
            self.manifest.intend_item(
                index_no,
                e.slug if e else record.get("slug") or safe_slug(index_no),
                ids,
                set(record.get("shards", ())) | set(shards.get(index_no, ())),
            )
        for path, text in files.items():
            self._put_search(path, text)
        return shards

    def _put_search(self, path: str, text: str | None) -> None:
        if text is None:
            self._remove(path)
            self.manifest.drop_page(path)
        else:
            self._write_site(path, digest(text), lambda: text)

    # -- files ------------------------------------------------------------------------------
    def _conac(self) -> set[str]:
        """The 党政机关标识 image, copied from the configured file into ``assets/``."""
        image = self.factory.settings.footer.conac_image
        target = conac_asset(self.factory.settings)
        if image is None or target is None or not image.is_file():
            return set()
        data = image.read_bytes()
        if self.manifest.page_digest(target) != digest(data.hex()) or not self._exists(target):
            self.manifest.intend(target)
            self.files.write(target, data)
            self.report.written.append(target)
            self.manifest.set_page(target, digest(data.hex()))
        return {target}

    def _write_page(self, page: Page) -> str:
        return self._write_site(page.path, page.digest, page.render)

    def _write_site(self, path: str, page_digest: str, render: Any) -> str:
        if self.manifest.page_digest(path) == page_digest and self._exists(path):
            self.report.unchanged += 1
        else:
            self._write(Page(path, page_digest, render))
            self.manifest.set_page(path, page_digest)
        return path

    def _write(self, page: Page, index_no: str | None = None, slug: str | None = None) -> None:
        text = page.render()
        self.manifest.intend(page.path, index_no, slug)
        self.files.write(page.path, text)
        self.report.written.append(page.path)

    def _exists(self, path: str) -> bool:
        return self.files.is_file(path)

    def _read(self, path: str) -> str | None:
        data = self.files.read(path)
        return None if data is None else data.decode("utf-8")

    def _remove(self, path: str, index_no: str | None = None, slug: str | None = None) -> None:
        if self.files.is_file(path):
            self.manifest.intend(path, index_no, slug)
        if self.files.remove(path):
            self.report.removed.append(path)

    def _drop_file_if_unused(self, rel: str) -> None:
        """Attachments are content-addressed and kept out of the manifest and its journal."""
        sha256 = rel.split("/")[2]
        if not self.model.uses_file(sha256) and sha256 not in self._pdf_hashes():
            if self.files.remove(rel):
                self.report.removed.append(rel)
            self.files.remove_empty_dir(posixpath.dirname(rel))

    def _pdf_hashes(self) -> set[str]:
        f = self.factory
        return {p.sha256 for p in f.pdfs.values()} | {p.sha256 for _, p in f.issues}

    def _prune_files(self) -> None:
        live = self.model.files() | self._pdf_hashes()
        files = self.out / "files"
        if not files.is_dir():
            return
        for folder in files.glob("*/*"):
            if folder.is_dir() and folder.name not in live:
                rel = str(folder.relative_to(self.out))
                self.files.rmtree(rel)
                self.report.removed.append(rel)
