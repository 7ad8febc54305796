"""Reads of "ask your circle": circles and answers by their tokens, and the asker's
comparison with the crowd's figures beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from aggregation.selectors import recommendations_get
from circles.models import Circle, CircleAnswer
from circles.services import (
    TIP_SHOWN,
    answer_status,
    answer_tip,
    answer_tip_state,
    circle_recurring_refresh,
    owner_token_hash,
)
from platforms.models import ContactChannel
from platforms.selectors import draft_channels
from surveys.clients import edit_token_hash

TOKEN_MAX = 200


def circle_by_share(token: str) -> Circle | None:
    """The circle this share link opens (open or not), or None."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return Circle.objects.select_related("platform", "problem").filter(share_token=token).first()


def circle_by_owner(owner_token: str, *, share_token: str | None = None) -> Circle | None:
    """The circle whose results token this is (and with this share token, when given)."""
    if not owner_token or len(owner_token) > TOKEN_MAX:
        return None
    circles = Circle.objects.select_related("platform", "problem")
    circles = circles.filter(owner_token_hash=owner_token_hash(owner_token))
    if share_token is not None:
        circles = circles.filter(share_token=share_token)
    return circles.first()


def answer_by_token(token: str, *, share_token: str | None = None) -> CircleAnswer | None:
    """The friend's answer whose private token this is (in this circle, when given)."""
    if not token or len(token) > TOKEN_MAX:
        return None
    answers = CircleAnswer.objects.select_related(
        "circle__platform", "circle__problem", "channel", "report", "version"
    ).filter(edit_token_hash=edit_token_hash(token))
    if share_token is not None:
        answers = answers.filter(circle__share_token=share_token)
    return answers.first()


@dataclass
class AnswerRow:
    """One line of the comparison table, as the asker may read it."""

    answer: CircleAnswer
    who: str
    channel: str
    status: str
    tip: str
    tip_state: str

    @property
    def outcome_label(self) -> str:
        return self.answer.get_outcome_display() if self.answer.outcome else ""


@dataclass
class ChannelBack:
    """A channel several friends named, with the crowd's figures for it."""

    channel: ContactChannel
    named_by: int
    resolved: int
    crowd: dict | None
    in_draft: bool = False

    @property
    def slug(self) -> str:
        return self.channel.slug

    @property
    def do_not_use(self) -> bool:
        """Known not to reach support (or fake), or meant for officials only: friends named
        it, but the page never recommends it."""
        return self.channel.is_known_dead or self.channel.is_for_officials


@dataclass
class Results:
    circle: Circle
    rows: list[AnswerRow]
    channels: list[ChannelBack]
    tips: list[dict]
    crowd: dict[str, dict]
    computed_at: str | None
    never_had_it: int = 0
    draft_channel: str = ""
    answered: list[str] = field(default_factory=list)


def _channels(circle: Circle) -> dict[str, ContactChannel]:
    return {
        channel.slug: channel for channel in ContactChannel.objects.filter(platform=circle.platform)
    }


def circle_results(*, circle: Circle, language: str) -> Results:
    """The answers side by side, what comes back, and the crowd's figure beside each
    channel from the current snapshot (never raw reports)."""
    answers = list(CircleAnswer.objects.filter(circle=circle).select_related("channel", "report"))
    catalog = _channels(circle)
    rows = []
    for number, answer in enumerate(answers, start=1):
        state = answer_tip_state(answer)
        channel = answer.channel.label if answer.channel else ""
        if not channel and answer.channel_other and state == TIP_SHOWN:
            channel = answer.report.channel_other if answer.report else answer.channel_other
        rows.append(
            AnswerRow(
                answer=answer,
                who=answer.name or f"#{number}",
                channel=channel,
                status=answer_status(answer),
                tip=answer_tip(answer),
                tip_state=state,
            )
        )
    recurring = circle_recurring_refresh(circle=circle)
    entry = recommendations_get(platform=circle.platform, problem=circle.problem, language=language)
    crowd = {
        stat["channel"]: {
            "estimate": stat["estimate"],
            "people": stat["reporters"],
            "rank": stat["rank"],
            "reports": stat["reports"],
            "reports_recent": stat["reports_recent"],
            "last_report_on": stat["last_report_on"],
            "range": stat["range"],
            "median_days": stat["median_days"],
        }
        for stat in entry["channels"]
    }
    drafts = draft_channels(platform=circle.platform, problem=circle.problem)
    writable = {channel.slug for channel in drafts}
    channels = [
        ChannelBack(
            channel=catalog[row["channel"]],
            named_by=row["named_by"],
            resolved=row["resolved"],
            crowd=crowd.get(row["channel"]),
            in_draft=row["channel"] in writable,
        )
        for row in recurring["channels"]
        if row["channel"] in catalog  # a channel deleted from the catalog since
    ]
    # The email draft, written to the channel most friends got their answer from.
    advised = next((c.slug for c in channels if c.resolved and c.in_draft), "")
    return Results(
        circle=circle,
        rows=rows,
        channels=channels,
        tips=recurring["tips"],
        crowd=crowd,
        computed_at=entry.get("computed_at"),
        never_had_it=sum(1 for answer in answers if answer.never_had_it),
        draft_channel=advised,
    )


def circle_is_open(circle: Circle) -> bool:
    return circle.is_open(timezone.now())
