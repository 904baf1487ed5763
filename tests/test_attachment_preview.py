"""Attachment previews: a requester's image or PDF, mailed through the real SMTP intake, is shown to
staff as a PNG redrawn on the server: pixels only (no EXIF location, no script), bombs and broken
files refused in a sentence, files that could carry active content (SVG, HTML) never previewed."""

from __future__ import annotations

import io
from email import policy
from email.message import EmailMessage

import pytest
from PIL import Image
from sqlalchemy import select

from assistant.storage.models import Message
from assistant.web.attachment_preview import PreviewKind, preview_kind
from tests.conftest import INBOX
from tests.support.tickets import list_tickets
from tests.support.web import console_app, signed_in

SECRET = "48.8566N-2.3522E-home-of-the-requester"


def passport_scan() -> bytes:
    """A JPEG as a phone takes it: lying on its side (EXIF orientation 6) with a description to leak."""
    picture = Image.new("RGB", (300, 200), (30, 90, 200))
    exif = Image.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x0112] = 6  # rotate 90° to display
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def two_page_pdf() -> bytes:
    pages = [Image.new("RGB", (595, 842), colour) for colour in ("white", (250, 240, 200))]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:])
    # An OpenAction script in the file: drawing the pages must not run it (and the PNG cannot carry it).
    script = b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    assert b"/Type /Catalog" in out.getvalue()
    return out.getvalue().replace(b"/Type /Catalog", script, 1)


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 million pixels in a few kilobytes
    return out.getvalue()


def mail_with_attachments() -> bytes:
    mail = EmailMessage()
    mail["From"] = "Jo Example <jo@example.com>"
    mail["To"] = INBOX
    mail["Subject"] = "Please delete my account"
    mail["Message-ID"] = "<preview-1@example.com>"
    mail.set_content("Please delete my account. My passport and the contract are attached.")
    mail.add_attachment(passport_scan(), maintype="image", subtype="jpeg", filename="passport.jpg")
    mail.add_attachment(two_page_pdf(), maintype="application", subtype="pdf", filename="contract.pdf")
    mail.add_attachment(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                        maintype="image", subtype="svg+xml", filename="drawing.svg")
    mail.add_attachment(b"\x89PNG\r\n\x1a\nnot really a png", maintype="image", subtype="png", filename="broken.png")
    mail.add_attachment(bomb(), maintype="image", subtype="png", filename="huge.png")
    return mail.as_bytes(policy=policy.SMTP)


@pytest.mark.parametrize(("content_type", "filename", "expected"), [
    ("image/jpeg", "a.jpg", PreviewKind.IMAGE),
    ("IMAGE/PNG; name=a.png", "a.png", PreviewKind.IMAGE),
    ("application/pdf", "a.pdf", PreviewKind.PDF),
    ("application/octet-stream", "Scan.PDF", PreviewKind.PDF),
    ("image/svg+xml", "a.svg", None),
    ("text/html", "invoice.html", None),
    ("application/octet-stream", "a.exe", None),
])
def test_which_files_get_a_preview(content_type, filename, expected) -> None:
    assert preview_kind(content_type, filename) == expected


async def test_images_and_pdf_pages_are_redrawn_as_plain_pngs(config, db, service) -> None:
    code, reply = await service.send_async(mail_with_attachments())
    assert code == 250, reply
    await service.settle()
    reference = (await list_tickets(db))[0]["reference"]
    async with db.session() as session:
        message_id = (await session.execute(select(Message.id))).scalar_one()
    base = f"/tickets/{reference}/messages/{message_id}/attachments"
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{reference}")).text
        scan, pdf, svg, broken, huge = [await http.get(f"{base}/{index}/preview") for index in range(5)]
    assert page.count('class="attachment-preview"') == 4  # the jpeg, the pdf and both pngs; not the svg
    assert f'src="{base}/0/preview"' in page and f'src="{base}/1/preview"' in page
    assert f'src="{base}/2/preview"' not in page  # the SVG: download only

    assert scan.status_code == 200 and scan.headers["content-type"] == "image/png"
    assert scan.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert SECRET.encode() not in scan.content and b"Exif" not in scan.content
    with Image.open(io.BytesIO(scan.content)) as shown:
        assert shown.format == "PNG" and shown.size == (200, 300)  # upright, as the camera held it
        assert shown.getpixel((100, 150)) == pytest.approx((30, 90, 200), abs=8)

    with Image.open(io.BytesIO(pdf.content)) as shown:
        assert shown.format == "PNG" and shown.width == 1000
        assert shown.height > 2 * 1000 * 842 / 595  # both pages, one under the other
    assert b"JavaScript" not in pdf.content and b"app.alert" not in pdf.content

    assert svg.status_code == 404
    assert broken.status_code == 422 and "not an image this console can read" in broken.text
    assert huge.status_code == 422 and "too large to preview (10000×5000 pixels)" in huge.text
