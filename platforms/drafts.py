"""The message a person sends to a platform's support: subject, body, recipient, attachments.

Pure functions: they read the catalog rows they are given and the facts the person typed,
never the database or the clock. Typed text is inserted as typed (trimmed), never
interpreted: the draft is plain text, escaped only where it is rendered (HTML autoescape,
URL encoding in the mailto link).
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms.models import ContactChannel, Platform, ProblemType

# Mail apps and browsers cut longer mailto links without saying so.
MAILTO_LIMIT = 1800

# Catalog wording (English notes) by which a channel or platform says it wants a photo of an
# identity document. The catalog has no field for it: a phrase missing here means the draft
# does not tell the person to send an ID, which is the safe side.
ID_PHRASES = re.compile(r"\b(photo of your id|government id|identity document|id document)\b")

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[\d\s().-]+")


@dataclass(frozen=True)
class Facts:
    """What the person typed, already validated."""

    name: str
    account: str
    what_happened: str
    occurred_on: date
    tried: str = ""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    recipient: str
    recipient_kind: str
    attachments: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class Mailto:
    url: str
    carries_body: bool


def account_is_contact(account: str) -> bool:
    """True when the account was given as an email address or a phone number."""
    if _EMAIL.fullmatch(account):
        return True
    return bool(_PHONE.fullmatch(account)) and sum(c.isdigit() for c in account) >= 6


def asks_for_id(*, platform: Platform, channel: ContactChannel) -> bool:
    """True when the catalog says this channel (or its platform) wants an identity document."""
    return bool(ID_PHRASES.search(f"{channel.notes_en}\n{platform.notes_en}".lower()))


def draft_date(day: date, language: str) -> str:
    """A date written out in full: "3 March 2026", "1er mars 2026"."""
    with translation.override(language):
        text = formats.date_format(day, "j F Y")
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def draft_attachments(
    *,
    platform: Platform,
    problem: ProblemType,
    channel: ContactChannel,
    facts: Facts,
    language: str,
) -> tuple[str, ...]:
    """What the message says it comes with, in the person's words (first person)."""
    with translation.override(language):
        items = [_("screenshots of the error message or of the notice I received")]
        if problem.slug == "hacked-account":
            items.append(
                _(
                    "the message from %(platform)s saying that my email address or password "
                    "was changed, if I received one"
                )
                % {"platform": platform.name}
            )
        if asks_for_id(platform=platform, channel=channel):
            items.append(_("a photo of my identity document, since you ask for one"))
        if not account_is_contact(facts.account):
            items.append(_("the email address or phone number registered on my account"))
        return tuple(items)


# The subject and first lines per problem; a problem missing here gets the generic pair.
WORDING = {
    "hacked-account": (
        gettext_lazy("Hacked %(platform)s account %(account)s: request to restore access"),
        gettext_lazy(
            "My %(platform)s account %(account)s was hacked on %(date)s. Someone else took "
            "control of it and may have changed its email address or password, so I can no "
            "longer access it. I am asking you to restore my access."
        ),
    ),
    "cannot-log-in": (
        gettext_lazy(
            "Cannot log in to %(platform)s account %(account)s: request to recover access"
        ),
        gettext_lazy(
            "I have not been able to log in to my %(platform)s account %(account)s since "
            "%(date)s. I am asking for your help to recover access."
        ),
    ),
    "disabled-account": (
        gettext_lazy("Disabled %(platform)s account %(account)s: request to review the decision"),
        gettext_lazy(
            "My %(platform)s account %(account)s was disabled or suspended on %(date)s. I "
            "believe this decision is a mistake and I am asking you to review the decision."
        ),
    ),
    "monetization": (
        gettext_lazy(
            "%(platform)s account %(account)s: request for review of monetization decision"
        ),
        gettext_lazy(
            "I am asking for a review of the monetization decision made on my %(platform)s "
            "account %(account)s on %(date)s."
        ),
    ),
    "impersonation": (
        gettext_lazy(
            "An account is impersonating me on %(platform)s (%(account)s): request to remove it"
        ),
        gettext_lazy(
            "An account on %(platform)s is impersonating me. I noticed it on %(date)s. My own "
            "account is %(account)s. I am asking you to remove the account that is "
            "impersonating me."
        ),
    ),
    "registration": (
        gettext_lazy("Cannot create a %(platform)s account with %(account)s: request for help"),
        gettext_lazy(
            "Since %(date)s, I have not been able to create a %(platform)s account with "
            "%(account)s. I am asking for your help to finish creating it."
        ),
    ),
    "ads-billing-refund": (
        gettext_lazy("%(platform)s account %(account)s: billing or refund request"),
        gettext_lazy(
            "I am writing about a billing or refund problem on my %(platform)s account "
            "%(account)s, which started on %(date)s. I am asking you to review it."
        ),
    ),
    "harassment-report": (
        gettext_lazy(
            "Harassment on %(platform)s against my account %(account)s: request to remove the "
            "content"
        ),
        gettext_lazy(
            "My %(platform)s account %(account)s has been the target of harassment since "
            "%(date)s. I am asking you to review the content and remove it."
        ),
    ),
    "None": (
        gettext_lazy("%(problem)s on %(platform)s, account %(account)s: request for help"),
        gettext_lazy(
            "I am writing about a problem with my %(platform)s account %(account)s "
            "(%(problem)s), which started on %(date)s. I am asking for your help to solve it."
        ),
    ),
}
GENERIC_WORDING = (
    gettext_lazy("%(problem)s on %(platform)s, account %(account)s: request for help"),
    gettext_lazy(
        "I am writing about a problem with my %(platform)s account %(account)s "
        "(%(problem)s), which started on %(date)s. I am asking for your help to solve it."
    ),
)


def _subject_and_opening(
    *, platform: Platform, problem: ProblemType, facts: Facts, language: str
) -> tuple[str, str]:
    values = {
        "platform": platform.name,
        "account": facts.account,
        "date": draft_date(facts.occurred_on, language),
        "problem": problem.name,
    }
    subject, opening = WORDING.get(problem.slug, GENERIC_WORDING)
    return str(subject) % values, str(opening) % values


def draft_write(
    *,
    platform: Platform,
    problem: ProblemType,
    channel: ContactChannel,
    facts: Facts,
    language: str,
) -> Draft:
    """The message to `channel` about `problem`, in `language` ("en" or "fr")."""
    attachments = draft_attachments(
        platform=platform, problem=problem, channel=channel, facts=facts, language=language
    )
    with translation.override(language):
        subject, opening = _subject_and_opening(
            platform=platform, problem=problem, facts=facts, language=language
        )
        parts = [
            _("Hello %(platform)s support team,") % {"platform": platform.name},
            opening,
            _("What happened:") + "\n" + facts.what_happened,
        ]
        if facts.tried:
            parts.append(_("What I have already tried:") + "\n" + facts.tried)
        parts.append(_("I am including:") + "\n" + "\n".join(f"- {item}" for item in attachments))
        parts.append(_("Thank you for your help."))
        parts.append(_("Kind regards,") + "\n" + facts.name)
    return Draft(
        subject=subject,
        body="\n\n".join(parts),
        recipient=channel.address,
        recipient_kind=channel.kind,
        attachments=attachments,
        language=language,
    )


def draft_mailto(draft: Draft, *, limit: int = MAILTO_LIMIT) -> Mailto | None:
    """A mailto link for an email draft; the subject alone when the body would make it too long."""
    if draft.recipient_kind != ContactChannel.Kind.EMAIL:
        return None
    # RFC 6068: line breaks in a mailto body are written %0D%0A.
    base = f"mailto:{quote(draft.recipient, safe='@')}?subject={quote(draft.subject, safe='')}"
    full = f"{base}&body={quote(draft.body.replace(chr(10), chr(13) + chr(10)), safe='')}"
    if len(full) <= limit:
        return Mailto(url=full, carries_body=True)
    return Mailto(url=base, carries_body=False)
