"""Finding 8 (issue 16): a colleague forwarding a request reaches a person, it is not filed as noise."""

from __future__ import annotations

from tests.conftest import MESSAGES, RunningService
from tests.support.tickets import list_tickets


async def test_a_colleagues_forward_goes_to_review_not_noise(service: RunningService) -> None:
    """Sent from @sodepac.com with a Message-ID under our domain and another system's X-Loop:
    each of these once made it noise with no draft."""
    raw = (MESSAGES / "colleague_forward_from_own_domain.eml").read_bytes()
    code, reply = await service.send_async(raw, sender="jean.dupont@sodepac.com")
    assert code == 250, reply
    await service.settle()
    [ticket] = await list_tickets(service.db)
    assert ticket["status"] != "noise"
    assert ticket["needs_review"] is True
