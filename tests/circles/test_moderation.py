"""A friend's held answer goes through the moderators like any report: the queue says it
came from a circle, and the asker reads the tip only once a moderator published it."""

import pytest
from django.test import Client

from circles.models import CircleAnswer
from circles.services import circle_answer
from surveys.models import Report
from tests.circles.conftest import answers
from tests.moderation.conftest import moderator, signed_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

HELD_TIP = "Their support line +1 888 555 0199 got my account back"


def test_a_held_circle_answer_is_moderated_and_then_shown_to_the_asker(
    client,
    started,
    version,
    moderator,  # noqa: F811
):
    sent = circle_answer(
        circle=started.circle,
        version=version,
        answers=answers(tip=HELD_TIP),
        never_had_it=False,
        name="Alex",
        count_publicly=True,
        language="en",
        client_hash="alex",
        reporter_key="alex",
    )
    asker = Client()
    asker.get(f"/circle/results/{started.owner_token}/")
    page = asker.get(f"/circle/{started.share_token}/results/").content.decode()
    assert "Held for review" in page
    assert "555" not in page

    queue = signed_in(client, moderator).get("/api/moderation/queue/").json()
    [item] = [item for item in queue["results"] if item["id"] == sent.answer.report_id]
    assert item["source"] == "circle"

    report = Report.objects.get(pk=sent.answer.report_id)
    decided = client.post(
        f"/api/moderation/items/{report.pk}/decision/",
        {"version": report.version, "action": "reject", "reason": "scam"},
        content_type="application/json",
    )
    assert decided.status_code == 201
    page = asker.get(f"/circle/{started.share_token}/results/").content.decode()
    assert "Removed by a moderator" in page
    assert "555" not in page
    assert CircleAnswer.objects.get().report.status == Report.Status.REJECTED
