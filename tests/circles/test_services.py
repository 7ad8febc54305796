"""The circle's writes: starting, answering with and without consent, updating,
withdrawing, closing, deleting, and what comes back."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from aggregation import services as aggregation
from aggregation.models import ChannelStat, CurrentSnapshot
from circles.models import Circle, CircleAnswer
from circles.services import (
    TIP_HELD,
    TIP_SHOWN,
    TIP_WITHHELD,
    CircleCapReached,
    CircleClosed,
    CircleFull,
    CircleInvalid,
    answer_tip,
    answer_tip_state,
    circle_answer,
    circle_answer_delete,
    circle_answer_update,
    circle_answer_withdraw_consent,
    circle_close,
    circle_delete,
    circle_recurring_refresh,
    circle_start,
    owner_token_hash,
)
from platforms.models import Platform
from surveys.models import Report, Response
from surveys.services import AnswersInvalid, report_update
from tests.circles.conftest import HUB, PLATFORM, PROBLEM, TIP, answers

SCAM_TIP = "Call Instagram support on +1 888 555 0199, they fixed it in an hour"

pytestmark = pytest.mark.django_db


def answer(started, version, *, person: int = 1, consent: bool = True, **overrides):
    """One friend's answer, each friend from a network of their own."""
    return circle_answer(
        circle=started.circle,
        version=version,
        answers=answers(**overrides),
        never_had_it=False,
        name=f"Friend {'ABCDEFGHIJ'[person % 10]}",
        count_publicly=consent,
        language="en",
        client_hash=f"friend-{person}",
        reporter_key=f"friend-{person}",
    )


def hub_reports() -> int:
    platform = Platform.objects.get(slug=PLATFORM)
    assert aggregation.snapshot_refresh(platform_id=platform.pk).status == "published"
    run = CurrentSnapshot.objects.get(platform=platform).run_id
    stat = ChannelStat.objects.filter(
        run_id=run, channel__slug=HUB, problem__slug=PROBLEM, segment=""
    ).first()
    return stat.reports if stat else 0


# --- starting -------------------------------------------------------------------------


def test_a_circle_keeps_its_share_token_and_only_the_hash_of_the_owner_token(started):
    circle = Circle.objects.get()
    assert circle.share_token == started.share_token
    assert circle.owner_token_hash == owner_token_hash(started.owner_token)
    assert started.owner_token not in str(vars(circle))
    assert circle.closes_at - circle.created_at == timedelta(days=30)
    assert circle.is_open()


def test_it_refuses_a_question_that_carries_an_unofficial_number(surveys_open):
    with pytest.raises(CircleInvalid) as refused:
        circle_start(
            platform=PLATFORM,
            problem=PROBLEM,
            question="Call Instagram support on +1 888 555 0199, they helped me",
            asker_name="",
            language="en",
            client_hash="someone",
        )
    assert set(refused.value.errors) == {"question"}
    assert not Circle.objects.exists()


def test_it_refuses_unknown_platforms_and_names_that_are_not_names(surveys_open):
    with pytest.raises(CircleInvalid) as refused:
        circle_start(
            platform="myspace",
            problem="nope",
            question="x" * 301,
            asker_name="Sam 0612345678",
            language="de",
            client_hash="someone",
        )
    assert set(refused.value.errors) == {"platform", "problem", "question", "name", "language"}


def test_one_address_starts_a_limited_number_of_circles_a_day(surveys_open, settings):
    settings.CIRCLES_PER_CLIENT_PER_DAY = 2
    start = dict(platform=PLATFORM, problem=PROBLEM, question="", asker_name="", language="en")
    circle_start(**start, client_hash="busy")
    circle_start(**start, client_hash="busy")
    with pytest.raises(CircleCapReached):
        circle_start(**start, client_hash="busy")
    circle_start(**start, client_hash="another")
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        circle_start(**start, client_hash="busy")
    assert Circle.objects.count() == 4


# --- answering ----------------------------------------------------------------------------


def test_a_consenting_answer_becomes_a_report_from_a_circle_and_reaches_the_snapshot(
    started, version
):
    before = hub_reports()
    sent = answer(started, version, consent=True)
    assert sent.status == "counted"
    report = Report.objects.get()
    assert report.source == Report.Source.CIRCLE
    assert (report.platform.slug, report.problem.slug, report.channel.slug) == (
        PLATFORM,
        PROBLEM,
        HUB,
    )
    assert sent.answer.report == report
    assert hub_reports() == before + 1


def test_an_answer_without_consent_is_the_askers_only_and_never_counted(started, version):
    before = hub_reports()
    sent = answer(started, version, consent=False)
    assert sent.status == "private"
    assert not Report.objects.exists()
    assert not Response.objects.exists()
    assert sent.answer.tip_text == TIP
    assert hub_reports() == before


def test_never_had_it_is_a_whole_answer(started, version):
    sent = circle_answer(
        circle=started.circle,
        version=version,
        answers={},
        never_had_it=True,
        name="Jo",
        count_publicly=True,
        language="fr",
        client_hash="jo",
        reporter_key="jo",
    )
    assert sent.status == "never_had_it"
    stored = CircleAnswer.objects.get()
    assert (stored.never_had_it, stored.count_publicly, stored.outcome) == (True, False, "")
    assert not Report.objects.exists()


def test_never_had_it_with_other_answers_is_refused(started, version):
    with pytest.raises(AnswersInvalid) as refused:
        circle_answer(
            circle=started.circle,
            version=version,
            answers={"outcome": "resolved"},
            never_had_it=True,
            name="",
            count_publicly=False,
            language="en",
            client_hash="jo",
            reporter_key="jo",
        )
    assert set(refused.value.errors) == {"answers"}
    assert not CircleAnswer.objects.exists()


def test_an_answer_naming_another_platform_or_problem_is_refused(started, version):
    with pytest.raises(AnswersInvalid) as refused:
        answer(started, version, platform="facebook", problem="disabled-account")
    assert set(refused.value.errors) == {"platform", "problem"}
    assert not CircleAnswer.objects.exists()
    assert not Report.objects.exists()


def test_the_questionnaires_own_validation_applies(started, version):
    with pytest.raises(AnswersInvalid) as refused:
        answer(started, version, outcome=None, channel="whatsapp-ban-review")
    assert {"outcome", "channel"} <= set(refused.value.errors)
    assert not CircleAnswer.objects.exists()


def test_a_scam_tip_with_consent_is_held_and_the_asker_sees_it_held(started, version):
    sent = answer(started, version, consent=True, tip=SCAM_TIP)
    assert sent.status == "held_for_moderation"
    assert Report.objects.get().status == Report.Status.PENDING
    assert answer_tip_state(sent.answer) == TIP_HELD
    assert answer_tip(sent.answer) == ""


def test_a_scam_tip_without_consent_is_withheld_for_good(started, version):
    sent = answer(started, version, consent=False, tip=SCAM_TIP)
    assert sent.answer.hold_reason
    assert answer_tip_state(sent.answer) == TIP_WITHHELD
    assert answer_tip(sent.answer) == ""


def test_a_held_tip_shows_once_a_moderator_publishes_it_and_what_comes_back_follows(
    started, version
):
    first = answer(
        started, version, person=1, tip="Use the appeal form from a laptop +1 888 555 0199"
    )
    answer(started, version, person=2, tip="Use the appeal form from a laptop")
    circle = Circle.objects.get()
    assert circle.recurring["tips"] == []
    report = Report.objects.get(pk=first.answer.report_id)
    report_update(
        report=report,
        platform=report.platform,
        problem=report.problem,
        channel=report.channel,
        status=Report.Status.APPROVED,
        hold_reason="",
        tip_merged_into=None,
    )
    first.answer.refresh_from_db()
    assert answer_tip_state(first.answer) == TIP_SHOWN
    # The moderator's decision changed what the comparison rests on: read again, it is
    # computed again (the same people gave the same advice).
    recurring = circle_recurring_refresh(circle=Circle.objects.get())
    assert [tip["people"] for tip in recurring["tips"]] == [2]


def test_a_closed_or_expired_circle_takes_no_answer(started, version):
    circle_close(circle=started.circle)
    with pytest.raises(CircleClosed):
        answer(started, version)
    other = circle_start(
        platform=PLATFORM, problem=PROBLEM, question="", asker_name="", language="en",
        client_hash="other",
    )  # fmt: skip
    later = other.circle.closes_at + timedelta(seconds=1)
    with time_machine.travel(later), pytest.raises(CircleClosed):
        answer(other, version)
    assert not CircleAnswer.objects.exists()
    assert not Report.objects.exists()


def test_a_full_circle_takes_no_more_answers(started, version, settings):
    settings.CIRCLES_MAX_ANSWERS = 2
    answer(started, version, person=1)
    answer(started, version, person=2)
    with pytest.raises(CircleFull):
        answer(started, version, person=3)
    assert CircleAnswer.objects.count() == 2
    assert Report.objects.count() == 2


def test_friends_on_one_network_are_each_one_person_in_the_circle(started, version):
    """The crowd counts one reporter per network and case; the circle counts each answer."""
    for _friend in (1, 2):
        circle_answer(
            circle=started.circle,
            version=version,
            answers=answers(),
            never_had_it=False,
            name="",
            count_publicly=True,
            language="en",
            client_hash="one-home",
            reporter_key="one-home",
        )
    recurring = Circle.objects.get().recurring
    assert recurring["channels"] == [{"channel": HUB, "named_by": 2, "resolved": 2}]
    assert sorted(Report.objects.values_list("counted", flat=True)) == [False, True]


# --- later changes --------------------------------------------------------------------------


def test_a_still_waiting_answer_is_updated_with_its_report(started, version):
    sent = answer(started, version, outcome="waiting", days_to_resolution=None)
    circle_answer_update(
        answer=sent.answer, answers={"outcome": "resolved", "days_to_resolution": 5}
    )
    stored = CircleAnswer.objects.get()
    assert (stored.outcome, stored.days_to_resolution) == ("resolved", 5)
    assert stored.answers["outcome"] == "resolved"
    report = Report.objects.get()
    assert (report.outcome, report.days_to_resolution) == (Report.Outcome.RESOLVED, 5)


def test_an_update_may_not_change_the_channel(started, version):
    sent = answer(started, version, consent=False, outcome="waiting", days_to_resolution=None)
    with pytest.raises(AnswersInvalid) as refused:
        circle_answer_update(answer=sent.answer, answers={"channel": "help-centre"})
    assert "channel" in refused.value.errors
    assert CircleAnswer.objects.get().channel.slug == HUB


def test_withdrawing_consent_takes_the_answer_out_of_the_public_figures(started, version):
    before = hub_reports()
    sent = answer(started, version, consent=True)
    assert hub_reports() == before + 1
    circle_answer_withdraw_consent(answer=sent.answer)
    stored = CircleAnswer.objects.get()
    assert (stored.count_publicly, stored.report) == (False, None)
    assert not Report.objects.exists()
    assert hub_reports() == before
    assert answer_tip(stored) == TIP


def test_withdrawing_an_answer_deletes_its_report(started, version):
    sent = answer(started, version, consent=True)
    circle_answer_delete(answer=sent.answer)
    assert not CircleAnswer.objects.exists()
    assert not Report.objects.exists()
    assert Circle.objects.get().recurring == {"channels": [], "tips": []}


def test_deleting_a_circle_keeps_the_reports_friends_made_public(started, version):
    answer(started, version, person=1, consent=True)
    answer(started, version, person=2, consent=False)
    circle_delete(circle=started.circle)
    assert not Circle.objects.exists()
    assert not CircleAnswer.objects.exists()
    assert Report.objects.count() == 1


def test_closing_twice_keeps_the_first_date(started):
    first = circle_close(circle=started.circle).closed_at
    assert circle_close(circle=started.circle).closed_at == first


# --- what comes back ----------------------------------------------------------------------


def test_what_comes_back_on_a_known_set_of_answers(started, version):
    answer(started, version, person=1, tip="Send the appeal from a computer, not the phone app")
    answer(
        started, version, person=2, tip="Send the appeal from a computer not from the phone app!"
    )
    answer(started, version, person=3, outcome="not_resolved", days_to_resolution=None, tip="")
    answer(started, version, person=4, channel="help-centre", tip="Be patient")
    circle_answer(
        circle=started.circle, version=version, answers={}, never_had_it=True, name="",
        count_publicly=False, language="en", client_hash="n", reporter_key="n",
    )  # fmt: skip
    recurring = Circle.objects.get().recurring
    assert recurring["channels"] == [{"channel": HUB, "named_by": 3, "resolved": 2}]
    assert [(tip["people"], tip["language"]) for tip in recurring["tips"]] == [(2, "en")]
    assert "computer" in recurring["tips"][0]["text"]


def test_a_removed_answer_does_not_count_in_what_comes_back(started, version):
    first = answer(started, version, person=1)
    answer(started, version, person=2)
    report = Report.objects.get(pk=first.answer.report_id)
    report_update(
        report=report,
        platform=report.platform,
        problem=report.problem,
        channel=report.channel,
        status=Report.Status.SPAM,
        hold_reason="",
        tip_merged_into=None,
    )
    recurring = circle_recurring_refresh(circle=Circle.objects.get())
    assert recurring["channels"] == []
    assert recurring["tips"] == []


def test_old_circles_are_purged_with_their_answers_but_not_their_public_reports(
    started, version, settings
):
    from django.core.management import call_command

    settings.CIRCLES_KEEP_DAYS = 90
    answer(started, version, person=1, consent=True)
    answer(started, version, person=2, consent=False)
    recent = circle_start(
        platform=PLATFORM, problem=PROBLEM, question="", asker_name="", language="en",
        client_hash="other",
    )  # fmt: skip
    closed = circle_close(circle=recent.circle).closed_at
    with time_machine.travel(closed + timedelta(days=91)):
        call_command("purge_circles")
    # Closed 91 days ago, the second circle is gone; the first expires 30 days after it
    # started, so it stays until 90 days after that.
    assert list(Circle.objects.values_list("pk", flat=True)) == [started.circle.pk]
    with time_machine.travel(started.circle.closes_at + timedelta(days=91)):
        call_command("purge_circles")
    assert not Circle.objects.exists()
    assert not CircleAnswer.objects.exists()
    assert Report.objects.count() == 1
