"""A safe look at a requester's attachment without downloading it: images and PDF pages rendered
on the server to a fresh PNG. Only pixels reach the browser: the original's metadata (EXIF GPS
included), scripts, forms, links and embedded files never do, and nothing of it runs in the
console's origin (the download stays `application/octet-stream`, see routes/ticket.py).

Bounded work per preview: inputs over `MAX_INPUT_BYTES` or `MAX_PIXELS` (decompression bombs)
are refused, at most `MAX_PAGES` PDF pages are drawn, and the result is at most `WIDTH` wide.
"""

from __future__ import annotations

import io
from enum import StrEnum

from PIL import Image, ImageOps

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is about 35 million
MAX_PAGES = 5
WIDTH = 1000
GAP = 16  # grey space between PDF pages
# Raster formats Pillow reads; SVG (it can hold scripts) and anything else get no preview.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp",
                         "image/tiff"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})


class PreviewKind(StrEnum):
    IMAGE = "image"
    PDF = "pdf"


class NoPreview(Exception):
    """The file cannot be previewed; the message says why, for staff (download it instead)."""


def preview_kind(content_type: str, filename: str | None) -> PreviewKind | None:
    """What kind of preview an attachment gets, from its declared type (or its name's extension)."""
    declared = content_type.split(";")[0].strip().lower()
    name = (filename or "").lower()
    if declared in PDF_TYPES or (declared == "application/octet-stream" and name.endswith(".pdf")):
        return PreviewKind.PDF
    if declared in IMAGE_TYPES:
        return PreviewKind.IMAGE
    return None


def render_preview(data: bytes, kind: PreviewKind) -> bytes:
    """A PNG of the image, or of the first PDF pages one under the other. Raises NoPreview."""
    if len(data) > MAX_INPUT_BYTES:
        raise NoPreview(f"the file is larger than {MAX_INPUT_BYTES // 1024 // 1024} MB")
    picture = _pdf_pages(data) if kind == PreviewKind.PDF else _image(data)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=False)  # a new file: no EXIF, no text chunks, no ICC profile
    return out.getvalue()


def _image(data: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise NoPreview(f"the image is too large to preview ({width}×{height} pixels)")
            opened.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(opened)  # as the camera held it, then the EXIF is dropped
            picture = upright.convert("RGB")
    except NoPreview:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise NoPreview(f"the file is not an image this console can read ({type(error).__name__})") from None
    return _fit(picture)


def _pdf_pages(data: bytes) -> Image.Image:
    import pypdfium2 as pdfium  # loaded on the first PDF preview only

    try:
        document = pdfium.PdfDocument(data)  # no form environment: the PDF's JavaScript never runs
    except pdfium.PdfiumError as error:
        raise NoPreview(f"the file is not a PDF this console can read ({error})") from None
    try:
        pages = []
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            width, height = page.get_size()
            scale = min(WIDTH / max(width, 1.0), 3.0)
            if width * height * scale * scale > MAX_PIXELS:
                raise NoPreview("a page is too large to preview")
            pages.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
    finally:
        document.close()
    if not pages:
        raise NoPreview("the PDF has no page")
    return _stack([_fit(page) for page in pages])


def _fit(picture: Image.Image) -> Image.Image:
    if picture.width > WIDTH:
        picture = picture.resize((WIDTH, max(1, round(picture.height * WIDTH / picture.width))))
    return picture


def _stack(pages: list[Image.Image]) -> Image.Image:
    width = max(page.width for page in pages)
    height = sum(page.height for page in pages) + GAP * (len(pages) - 1)
    sheet = Image.new("RGB", (width, height), (200, 204, 212))
    top = 0
    for page in pages:
        sheet.paste(page, (0, top))
        top += page.height + GAP
    return sheet
