"""Concurrent submissions on PostgreSQL: none lost, and a reporter's repeats count once."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from surveys.models import Answer, Report, Response
from tests.surveys.conftest import SUBMIT_URL, valid_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


def submit_at_once(addresses: list[str], answers_for) -> list[int]:
    barrier = threading.Barrier(len(addresses))
    statuses: list[int] = []

    def send(index: int, address: str) -> None:
        try:
            client = Client(REMOTE_ADDR=address)
            body = json.dumps({"answers": answers_for(index)})
            barrier.wait(timeout=10)
            reply = client.post(SUBMIT_URL, body, content_type="application/json")
            statuses.append(reply.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, address))
        for index, address in enumerate(addresses)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_concurrent_submissions_lose_nothing(catalog, questionnaire):
    addresses = [f"192.0.2.{index + 1}" for index in range(THREADS)]
    statuses = submit_at_once(addresses, lambda i: valid_answers(days_to_resolution=i))
    assert statuses == [201] * THREADS
    assert Response.objects.count() == THREADS
    assert Answer.objects.count() == THREADS * 8
    assert Report.objects.counted().count() == THREADS
    assert sorted(Report.objects.values_list("days_to_resolution", flat=True)) == list(
        range(THREADS)
    )


def test_concurrent_repeats_of_one_reporter_are_counted_once(catalog, questionnaire):
    statuses = submit_at_once(["192.0.2.200"] * THREADS, lambda i: valid_answers())
    assert statuses == [201] * THREADS
    assert Report.objects.count() == THREADS
    assert Report.objects.filter(counted=True).count() == 1
