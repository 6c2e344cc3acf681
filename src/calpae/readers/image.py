"""Images of pages (PNG, JPEG, TIFF, one page per frame), read by OCR."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from calpae import deadline, progress
from calpae.errors import LimitExceeded, UnreadableFile
from calpae.model import FileInfo, SourceDocument
from calpae.readers import ocr
from calpae.readers.base import Limits
from calpae.readers.builder import DocumentBuilder

_DEFAULT_DPI = 300  # assumed when the file does not say: the usual scanning resolution
_MIN_DPI = 200  # below this, Tesseract reads small print badly: the image is enlarged


def read(data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
    """Read an image file (recognised by `calpae.readers.binary`)."""
    builder = DocumentBuilder(info, limits.max_text_chars, limits=limits)
    good_words = 0
    for number, frame in enumerate(_frames(data, info, limits), start=1):
        result, dpi = _ocr_frame(frame, limits)
        good_words += result.good_words
        ocr.add_page(builder, result, 72 / dpi)
        builder.notes.append(f"page {number} : OCR, {dpi} dpi, confiance moyenne "
                             f"{result.confidence:.0f}, redressement {result.angle:+.2f}°")
    if good_words < 5:
        raise UnreadableFile(info.name, "aucun texte lisible dans l'image",
                             "no readable text in the image")
    return builder.build()


def _frames(data: bytes, info: FileInfo, limits: Limits):
    """Each frame of the image, checked against the pixel limit before it is decoded."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            # counting a TIFF's frames walks all of them: a multi-frame total stays unknown
            frames = None if getattr(image, "is_animated", False) else 1
            for count, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if count > limits.max_pages:
                    raise LimitExceeded(info.name, f"trop de pages (> {limits.max_pages})",
                                        "too many pages")
                _check_pixels(frame.size, info, limits)
                deadline.check()
                deadline.allow(limits.time_per_page)
                progress.page("OCR", count, frames)
                frame.load()
                yield frame.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise LimitExceeded(info.name, "image trop grande (nombre de pixels)",
                            "image too large (pixel count)") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise UnreadableFile(info.name, "image illisible (tronquée ou corrompue)",
                             "unreadable image (truncated or corrupt)") from e
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _check_pixels(size: tuple[int, int], info: FileInfo, limits: Limits) -> None:
    if size[0] * size[1] > limits.max_pixels:
        raise LimitExceeded(
            info.name,
            f"image trop grande ({size[0]}×{size[1]} pixels > {limits.max_pixels / 1e6:.0f} Mpx)",
            "image too large")


def _ocr_frame(frame: Image.Image, limits: Limits) -> tuple[ocr.OcrResult, int]:
    """OCR one frame; returns the result and the resolution its boxes are in."""
    dpi = _dpi(frame)
    image = frame.convert("L")
    if dpi < _MIN_DPI:
        factor = _MIN_DPI / dpi
        if image.width * image.height * factor**2 <= limits.max_pixels:
            image = image.resize((round(image.width * factor), round(image.height * factor)),
                                 Image.Resampling.LANCZOS)
            dpi = _MIN_DPI
    return ocr.recognise(image, dpi=dpi), dpi


def _dpi(frame: Image.Image) -> int:
    value = frame.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else 0
    except (TypeError, ValueError):
        dpi = 0
    return dpi if dpi >= 50 else _DEFAULT_DPI
