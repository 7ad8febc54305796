"""Moderators' decisions, each applied through the service of the app that owns the item
and recorded in `Decision`: reports (surveys' `report_update`, version-checked; it marks
the platform for re-aggregation), addresses (surveys), and tips and recommendations
(aggregation's `feedback` and `overrides`). Each moves the pages' content version.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from aggregation.feedback import (
    recommendation_flags_answer,
    shown_tip,
    tip_confirm,
    tip_state_set,
)
from aggregation.models import RecommendationOverride, TipGroup, TipState
from aggregation.overrides import recommendation_override_set
from aggregation.page_cache import content_touch
from moderation.models import Decision
from platforms.models import ContactChannel, Platform, ProblemType
from surveys import official
from surveys.addresses import reported_address_decide, scam_address_confirm
from surveys.models import Report, ReportedAddress
from surveys.selectors import official_facts
from surveys.services import ReportChanged, TipInvalid, report_tip_edit, report_update

MESSAGE_MAX = 1000
# A rejection for spam marks the report as spam; every other reason as rejected.
REJECTED_AS = {Decision.Reason.SPAM: Report.Status.SPAM}


class DecisionInvalid(Exception):
    """A decision that cannot be applied, with a message per field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(errors)


@dataclass
class BulkResult:
    report_id: int
    outcome: str  # "applied", "changed" (stale version) or "missing"
    decision: Decision | None = None
    detail: str = ""


def report_state(report: Report) -> dict:
    """The moderated fields of a report, as the history records them."""
    return {
        "status": report.get_status_display(),
        "tip_text": report.tip_text,
        "tip_merged_key": report.tip_merged_key,
        "hold_reason": report.hold_reason,
        "decision_reason": report.decision_reason,
        "decision_message": report.decision_message,
        "counted": report.counted,
    }


# What can be decided on a report (the other actions are for addresses, tips, channels).
REPORT_ACTIONS = (
    Decision.Action.APPROVE,
    Decision.Action.REJECT,
    Decision.Action.EDIT,
    Decision.Action.MERGE,
)


def _checked(action: str, reason: str, message: str) -> None:
    errors = {}
    if action not in REPORT_ACTIONS:
        errors["action"] = f"unknown action {action!r}: approve, reject, edit or merge."
    if action == Decision.Action.REJECT and reason not in Decision.Reason.values:
        choices = ", ".join(Decision.Reason.values)
        errors["reason"] = f"a rejection needs a reason: one of {choices}."
    if action != Decision.Action.REJECT and reason:
        errors["reason"] = "only a rejection takes a reason."
    if len(message) > MESSAGE_MAX:
        errors["message"] = f"at most {MESSAGE_MAX} characters."
    if errors:
        raise DecisionInvalid(errors)


@transaction.atomic
def report_decide(*, report: Report, **decision) -> Decision:
    """Approve, reject, edit the tip of (`text`) or merge into a recurring tip (`target`,
    its key) a report as of `version`; raises DecisionInvalid for a bad action, surveys'
    ReportChanged when the report changed since that version was read.

    The platform is marked for re-aggregation (by surveys' services) and its pages' content
    version moves, so no cached page outlives the decision."""
    made = _report_decide(report=report, **decision)
    content_touch(report.platform_id)
    return made


def _report_decide(
    *,
    report: Report,
    moderator: AbstractBaseUser,
    action: str,
    version: str,
    reason: str = "",
    message: str = "",
    text: str = "",
    target: str = "",
) -> Decision:
    message = message.strip()
    _checked(action, reason, message)
    before = report_state(report)
    if action == Decision.Action.EDIT:
        return _tip_edit(report, moderator, version, text, message, before)
    if action == Decision.Action.MERGE:
        return _tip_merge(report, moderator, version, target, message, before)
    if action == Decision.Action.APPROVE:
        status = Report.Status.APPROVED
    else:
        status = REJECTED_AS.get(reason, Report.Status.REJECTED)
    updated = report_update(
        report=report,
        platform=report.platform,
        problem=report.problem,
        channel=report.channel,
        status=status,
        hold_reason=report.hold_reason,
        tip_merged_into=report.tip_merged_into,
        decision_reason=reason,
        decision_message=message,
        expected_version=version,
    )
    return Decision.objects.create(
        report=updated,
        moderator=moderator,
        action=action,
        reason=reason,
        message=message,
        before=before,
        after=report_state(updated),
    )


def _tip_edit(report, moderator, version, text, message, before) -> Decision:
    """The tip's text corrected by a moderator (the original stays in `before`)."""
    try:
        edited = report_tip_edit(report=report, tip_text=text, expected_version=version)
    except TipInvalid as invalid:
        raise DecisionInvalid({"text": str(invalid.message)}) from None
    return Decision.objects.create(
        report=edited,
        moderator=moderator,
        action=Decision.Action.EDIT,
        message=message,
        before=before,
        after=report_state(edited),
    )


def _tip_merge(report, moderator, version, target, message, before) -> Decision:
    """The report's tip merged into a shown recurring tip of the same platform and problem:
    it counts as a confirmation of that tip, and the report itself is approved."""
    tip = shown_tip(target)
    if tip is None or (tip.platform_id, tip.problem_slug) != (
        report.platform_id,
        report.problem.slug,
    ):
        raise DecisionInvalid(
            {"target": "not a recurring tip shown for this platform and problem."}
        )
    merged = report_tip_edit(
        report=report, tip_text="", expected_version=version, merged_key=target
    )
    tip_confirm(tip=tip, client_hash=f"merged-report:{report.pk}")
    approved = report_update(
        report=merged,
        platform=merged.platform,
        problem=merged.problem,
        channel=merged.channel,
        status=Report.Status.APPROVED,
        hold_reason=merged.hold_reason,
        tip_merged_into=merged.tip_merged_into,
    )
    return Decision.objects.create(
        report=approved,
        moderator=moderator,
        action=Decision.Action.MERGE,
        message=message,
        before=before,
        after=report_state(approved),
    )


def reports_decide(
    *,
    items: list[tuple[int, str]],
    moderator: AbstractBaseUser,
    action: str,
    reason: str = "",
    message: str = "",
) -> list[BulkResult]:
    """The same decision on many reports, each `(id, version)` on its own: a stale or
    missing one is refused and reported, the others are applied. Approvals and
    rejections only: an edit or a merge is one report's."""
    if action not in (Decision.Action.APPROVE, Decision.Action.REJECT):
        raise DecisionInvalid({"action": "approve or reject."})
    _checked(action, reason, message.strip())
    reports = Report.objects.select_related("platform", "problem", "channel").in_bulk(
        [report_id for report_id, _version in items]
    )
    results = []
    for report_id, version in items:
        report = reports.get(report_id)
        if report is None:
            results.append(BulkResult(report_id, "missing", detail="no such report"))
            continue
        try:
            decision = report_decide(
                report=report,
                moderator=moderator,
                action=action,
                version=version,
                reason=reason,
                message=message,
            )
        except ReportChanged:
            results.append(BulkResult(report_id, "changed", detail=CHANGED))
        except Report.DoesNotExist:
            results.append(BulkResult(report_id, "missing", detail="no such report"))
        else:
            results.append(BulkResult(report_id, "applied", decision))
    return results


CHANGED = "this report changed since you loaded it: reload it and decide again"


# --- addresses ---------------------------------------------------------------------------

ADDRESS_ACTIONS = {
    Decision.Action.CONFIRM_SCAM: ReportedAddress.Status.CONFIRMED_SCAM,
    Decision.Action.DISMISS: ReportedAddress.Status.DISMISSED,
}


def _address_state(address: ReportedAddress | None) -> dict:
    if address is None:
        return {"status": None}
    return {"status": address.get_status_display(), "note": address.note, "value": address.value}


def address_normalise(*, platform: Platform, kind: str, value: str) -> str:
    """The address as the "Is this official?" check reads it (E.164, lower case, host and
    path), so the check and the pages recognise it however it is written; raises
    DecisionInvalid when it is no such address, or one of the platform's official ones."""
    findings = official.addresses_check(value[: official.TEXT_MAX], facts=official_facts(platform))
    found = next((finding for finding in findings if finding.kind == kind), None)
    if found is None:
        raise DecisionInvalid({"value": f"no {kind} found in this text."})
    if found.verdict == official.OFFICIAL:
        raise DecisionInvalid({"value": "this is one of the platform's official addresses."})
    return found.value


@transaction.atomic
def scam_address_add(
    *, platform: Platform, kind: str, value: str, moderator: AbstractBaseUser, note: str = ""
) -> Decision:
    """Put an address on the platform's "do not use" list: the check and the pages warn
    about it at once."""
    if kind not in ReportedAddress.Kind.values:
        raise DecisionInvalid({"kind": f"one of {', '.join(ReportedAddress.Kind.values)}."})
    normalised = address_normalise(platform=platform, kind=kind, value=value)
    before = ReportedAddress.objects.filter(platform=platform, kind=kind, value=normalised).first()
    address = scam_address_confirm(platform=platform, kind=kind, value=normalised, note=note)
    content_touch(platform.pk)
    return Decision.objects.create(
        reported_address=address,
        moderator=moderator,
        action=Decision.Action.CONFIRM_SCAM,
        message=address.note,
        before=_address_state(before),
        after=_address_state(address),
    )


@transaction.atomic
def reported_address_judge(
    *, address: ReportedAddress, moderator: AbstractBaseUser, action: str, note: str = ""
) -> Decision:
    """Confirm a visitor-reported address as a scam, or dismiss it; raises surveys'
    AddressDecided when another moderator judged it meanwhile."""
    if action not in ADDRESS_ACTIONS:
        raise DecisionInvalid({"action": "confirm_scam or dismiss."})
    before = _address_state(address)
    judged = reported_address_decide(address=address, status=ADDRESS_ACTIONS[action], note=note)
    content_touch(judged.platform_id)
    return Decision.objects.create(
        reported_address=judged,
        moderator=moderator,
        action=action,
        message=judged.note,
        before=before,
        after=_address_state(judged),
    )


# --- tips --------------------------------------------------------------------------------

TIP_ACTIONS = (Decision.Action.HIDE_TIP, Decision.Action.KEEP_TIP)


@transaction.atomic
def tip_decide(*, key: str, moderator: AbstractBaseUser, action: str, note: str = "") -> Decision:
    """Hide a recurring tip from the pages, or keep it (its open flags are answered and it
    shows again); raises DecisionInvalid for an unknown tip or action."""
    if action not in TIP_ACTIONS:
        raise DecisionInvalid({"action": "hide_tip or keep_tip."})
    group = TipGroup.objects.filter(key=key).select_related("run").order_by("-run_id").first()
    if group is None:
        raise DecisionInvalid({"tip": "no tip has this key."})
    before = TipState.objects.filter(key=key).values("hidden", "hidden_by").first()
    state = tip_state_set(
        key=key,
        platform_id=group.run.platform_id,
        hidden=action == Decision.Action.HIDE_TIP,
        note=note,
    )
    return Decision.objects.create(
        tip_key=key,
        moderator=moderator,
        action=action,
        message=state.note,
        before=before or {"hidden": False},
        after={"hidden": state.hidden, "hidden_by": state.hidden_by},
    )


# --- recommendations ---------------------------------------------------------------------

RECOMMENDATION_ACTIONS = (
    Decision.Action.PIN,
    Decision.Action.HIDE,
    Decision.Action.CLEAR,
    Decision.Action.KEEP,
)


@transaction.atomic
def recommendation_decide(
    *,
    platform: Platform,
    problem: ProblemType,
    channel: ContactChannel,
    moderator: AbstractBaseUser,
    action: str,
    note: str = "",
) -> Decision:
    """Pin a channel first, hide it, or clear either, for one platform and problem; the
    note is shown on the answer page."""
    if action not in RECOMMENDATION_ACTIONS:
        raise DecisionInvalid({"action": "pin, hide, clear or keep."})
    if channel.platform_id != platform.pk:
        raise DecisionInvalid({"channel": "this channel belongs to another platform."})
    lookup = {"platform": platform, "problem": problem, "channel": channel}
    before = RecommendationOverride.objects.filter(**lookup).values("action", "note").first()
    if action == Decision.Action.KEEP:
        override = RecommendationOverride.objects.filter(**lookup).first()
    else:
        override = recommendation_override_set(**lookup, action=action, note=note)
    # Whatever the decision, the visitors' flags on it are answered.
    recommendation_flags_answer(
        platform_id=platform.pk, problem_id=problem.pk, channel_id=channel.pk
    )
    return Decision.objects.create(
        recommendation=f"{platform.slug}/{problem.slug}/{channel.slug}",
        moderator=moderator,
        action=action,
        message=override.note if override else "",
        before=before or {"action": None},
        after={"action": override.action, "note": override.note} if override else {"action": None},
    )


# What a decision's copies of a report hold that its respondent wrote, or that was written
# to them: blanked once the respondent deleted the report.
_FORGOTTEN = ("tip_text", "decision_message")


def decisions_forget_deleted() -> int:
    """Decisions on reports their respondents deleted keep who decided what and when, not
    the report's text: the tip in `before`/`after` and the message are blanked. Safe to run
    again (it changes only decisions still holding text)."""
    gone = Decision.objects.filter(report_id__isnull=False).exclude(
        report_id__in=Report.objects.values("pk")
    )
    forgotten = 0
    for decision in gone.iterator():
        states = [decision.before, decision.after]
        if not decision.message and not any(
            isinstance(state, dict) and any(state.get(key) for key in _FORGOTTEN)
            for state in states
        ):
            continue
        for state in states:
            if isinstance(state, dict):
                state.update({key: "" for key in _FORGOTTEN if key in state})
        decision.message = ""
        decision.save(update_fields=["before", "after", "message"])
        forgotten += 1
    return forgotten
