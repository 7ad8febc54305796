"""Two moderators deciding on the same report at once, on PostgreSQL: one decision wins,
the other is refused with 409, and the history holds exactly one entry."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client

from moderation.models import Decision
from surveys.models import Report
from tests.aggregation.factories import reports

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_moderators_on_one_report_one_wins_and_one_gets_409(catalog):
    group = Group.objects.get_or_create(name="moderators")[0]
    if not group.permissions.exists():
        from django.contrib.auth.models import Permission

        group.permissions.add(Permission.objects.get(codename="moderate"))
    users = []
    for name in ("mona", "max"):
        user = User.objects.create_user(name, f"{name}@example.org", "pw")
        user.groups.add(group)
        users.append(user)
    [report] = reports(1, status=Report.Status.PENDING, hold_reason="phone number: +1 555")
    version = report.version
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def decide(user: User, body: dict) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            reply = client.post(
                f"/api/moderation/items/{report.pk}/decision/",
                {**body, "version": version},
                content_type="application/json",
            )
            statuses.append(reply.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(users[0], {"action": "approve"})),
        threading.Thread(target=decide, args=(users[1], {"action": "reject", "reason": "spam"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201, 409]
    [decision] = Decision.objects.filter(report=report)
    final = Report.objects.get(pk=report.pk)
    expected = Report.Status.APPROVED if decision.action == "approve" else Report.Status.SPAM
    assert final.status == expected
