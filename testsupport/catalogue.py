"""Test helpers shared by the channel plugins' tests: an editable catalogue, a QR reader."""

from __future__ import annotations

from gov_disclosure.channels import PublishedEdition

#: Draws the ``<img>`` matched by the selector (``%s``) 4× with crisp edges; returns grey bytes.
_QR_PIXELS = """() => {
    const img = document.querySelector(%s);
    const scale = 4, w = img.naturalWidth * scale, h = img.naturalHeight * scale;
    const canvas = document.createElement('canvas');
    canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data, gray = [];
    for (let i = 0; i < rgba.length; i += 4) gray.push(rgba[i]);
    return {w, h, gray};
}"""


class Catalogue:
    """A live catalogue the test edits, keyed by 索引号, like the store would return it."""

    def __init__(self, editions: list[PublishedEdition]) -> None:
        self.by_index = {e.index_no: e for e in editions}

    def __call__(self) -> list[PublishedEdition]:
        return list(self.by_index.values())

    def put(self, edition: PublishedEdition) -> None:
        self.by_index[edition.index_no] = edition

    def drop(self, index_no: str) -> PublishedEdition:
        return self.by_index.pop(index_no)


def decode_qr(page: object, selector: str) -> list[str]:
    """The texts of the QR codes in the page's image ``selector`` (read with zxing-cpp)."""
    import json

    import zxingcpp

    shot = page.evaluate(_QR_PIXELS % json.dumps(selector))  # type: ignore[attr-defined]
    pixels = memoryview(bytes(shot["gray"])).cast("B", shape=[shot["h"], shot["w"]])
    return [r.text for r in zxingcpp.read_barcodes(pixels)]
