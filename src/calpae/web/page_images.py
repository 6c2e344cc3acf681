"""Page images of kept files: a PDF page rendered by PDFium, or a frame of a page image, as a
PNG of bounded size, cached on disk beside the kept files by (sha256, page, width).

The work is bounded whatever the file: about DPI dots per inch, never wider than MAX_WIDTH
nor more than MAX_PIXELS (a poster-sized page is rendered smaller, an image is never
enlarged). The file comes from the file store by the sha256 the database holds: nothing of
the request's path is ever a file name.
"""

from __future__ import annotations

import io
import math
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from calpae.pdfium_lock import PDFIUM
from calpae.store.files import FileStore, write_atomically

DPI = 110  # enough to read a contract's body text on a screen
MAX_WIDTH = 1400  # pixels
MAX_PIXELS = 1400 * 2000
MAX_SOURCE_PIXELS = 200_000_000  # a frame larger than this is not decoded (the reader's limit)
RENDERING = 1  # bump when the rendering changes: the cached images are then made anew


class PageUnavailable(LookupError):
    """The page cannot be shown; `reason` says why in French."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PageImage:
    path: Path  # the cached PNG
    etag: str
    seconds: float  # spent rendering (0 when it came from the cache)


def target_size(width: float, height: float, dpi: int = DPI) -> tuple[int, int]:
    """The pixel size of a page of `width` × `height` points (or pixels of an image)
    rendered at `dpi`, within MAX_WIDTH and MAX_PIXELS."""
    scale = min(dpi / 72, MAX_WIDTH / width, math.sqrt(MAX_PIXELS / (width * height)))
    return max(1, round(width * scale)), max(1, round(height * scale))


def page_image(store: FileStore, sha256: str, fmt: str, page: int,
               size: tuple[float, float] | None) -> PageImage:
    """The PNG of page `page` (from 1) of the kept file, from the cache or rendered now.

    `size` is the page's size in points as stored (None: measured from the file); it
    decides the pixel width, so that a PDF page and a scan of it look alike."""
    source = store.find(sha256, fmt)
    if source is None:
        raise PageUnavailable("le fichier d'origine de ce document n'est pas conservé")
    width, height = size or (0.0, 0.0)
    wanted = target_size(width, height)[0] if width > 0 and height > 0 else 0
    cached = store.cache_dir(sha256) / f"{sha256}-{page}-{wanted or 'auto'}-r{RENDERING}.png"
    etag = f'"{sha256[:16]}-{page}-{wanted}-{RENDERING}"'
    if cached.is_file():
        return PageImage(cached, etag, 0.0)
    started = time.perf_counter()
    image = _render_pdf(source, page, wanted) if fmt == "pdf" else \
        _render_image(source, page, wanted)
    out = io.BytesIO()
    # 256 colours: a fifth to a tenth of the bytes of full colour (a scan's noise, text's
    # anti-aliasing), and quicker to write
    image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    cached.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(cached, out.getvalue())
    return PageImage(cached, etag, time.perf_counter() - started)


def _render_pdf(source: Path, number: int, wanted: int) -> Image.Image:
    with PDFIUM:
        try:
            doc = pdfium.PdfDocument(source)
        except pdfium.PdfiumError as e:
            raise PageUnavailable("le fichier d'origine conservé est illisible") from e
        try:
            if not 1 <= number <= len(doc):
                raise PageUnavailable(f"le PDF n'a pas de page {number} (il en a {len(doc)})")
            page = doc[number - 1]
            try:
                # the displayed page, turned by its /Rotate, as the reader measured it
                width, height = page.get_size()
                scale = (wanted or target_size(width, height)[0]) / width
                bitmap = page.render(scale=scale, may_draw_forms=False)
                try:
                    return bitmap.to_pil().convert("RGB")  # a copy: the bitmap is freed
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()


def _render_image(source: Path, number: int, wanted: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    if index == number:
                        return _scaled(frame, wanted)
    except Image.DecompressionBombError as e:
        raise PageUnavailable("l'image est trop grande pour être affichée") from e
    except (OSError, SyntaxError, ValueError) as e:
        raise PageUnavailable("le fichier d'origine conservé est illisible") from e
    raise PageUnavailable(f"l'image n'a pas de page {number}")


def _scaled(frame: Image.Image, wanted: int) -> Image.Image:
    if frame.width * frame.height > MAX_SOURCE_PIXELS:
        raise PageUnavailable("l'image est trop grande pour être affichée")
    bound = target_size(frame.width, frame.height, dpi=72)  # pixels: never enlarged
    width = min(wanted or bound[0], bound[0], frame.width)
    height = max(1, round(frame.height * width / frame.width))
    frame.draft("RGB", (width, height))  # JPEG: decode at a fraction of the size
    picture = frame.convert("L" if frame.mode in {"1", "L", "I;16", "I"} else "RGB")
    return picture.resize((width, height), Image.Resampling.LANCZOS) \
        if picture.size != (width, height) else picture
