"""Messaging handles: "@name", and usernames named by their app ("Telegram: name")."""

import re

import re2

from surveys.contacts.findings import HANDLE, Contact
from surveys.contacts.text import _overlap_free, _tokens

# --- messaging handles -------------------------------------------------------------------

# "@name", not the "@" of an address: nothing that belongs in an address just before it.
_HANDLE = re2.compile(r"(?:^|[^\pL\pN_.+\-@])(@[\pL_][\pL\pN_.]+)")
_HANDLE_MAX = 32  # the longest Telegram and Instagram usernames
_APPS = {
    "telegram": "telegram", "tg": "telegram", "whatsapp": "whatsapp", "signal": "signal",
    "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "snapchat": "snapchat", "snap": "snapchat", "discord": "discord",
    "facebook": "facebook", "fb": "facebook", "messenger": "messenger",
    "tiktok": "tiktok", "twitter": "twitter", "threads": "threads", "wechat": "wechat",
    "viber": "viber", "kik": "kik", "skype": "skype", "threema": "threema",
}  # fmt: skip
_APP_NEIGHBOURHOOD = 60  # characters either side of a handle where the app is named


def _app_near(text: str, start: int, end: int) -> str:
    """The messaging app named closest to a handle, if any ("@x on Telegram")."""
    left = max(0, start - _APP_NEIGHBOURHOOD)
    around = _tokens(text[left : end + _APP_NEIGHBOURHOOD])
    named = [
        (abs(left + token.start - start), _APPS[token.word])
        for token in around
        if token.word in _APPS and not start <= left + token.start < end
    ]
    return min(named)[1] if named else ""


# A handle without "@", named by its app: "Telegram: recoverypro", "Signal - fixit_now",
# "WhatsApp username is fixer22". The colon form only for messaging apps that honest
# tips about these platforms have no reason to introduce ("Instagram: open Settings" is
# a path in the app, not a contact); the "username is" form for every app.
# Usernames are ASCII letters, digits, "_" and "." on these apps; an ASCII class keeps the
# automaton small.
_NAMED_HANDLE = re2.compile(
    r"(?:^|[^A-Za-z0-9_])(?i:(telegram|tg|signal|wechat|viber|kik|threema|discord|skype|"
    r"whatsapp|snapchat|snap|insta|ig)[ \t]*(?:->|[:=\-→»>])|("
    + "|".join(sorted(_APPS))
    + r")[ \t]+"
    r"(?:username|user name|handle|id|pseudo|identifiant|nom d'utilisateur)[ \t]*"
    r"(?:is|est|:)?)[ \t]*@?([A-Za-z0-9_][A-Za-z0-9_.]{2,31})"
)


# A handle written next to its app without any sign: "Telegram recoverypro got it back",
# "insta hackfix99", "hackfix99 sur snap". A word with a digit or "_" is a username next
# to any app; next to a messaging app that honest tips about these platforms have no
# reason to name, any word is, unless it is one that usually follows an app's name.
_MESSAGING_APPS = {"telegram", "tg", "whatsapp", "wechat", "viber", "kik", "threema", "skype",
                   "discord", "snapchat"}  # fmt: skip
_NEAR_APP = {"on", "sur", "via", "at", "in", "dans", "par"}
_APP_CONTEXT_WORDS = (
    "app apps application applications appli web desktop mobile version update support help "
    "aide assistance service group groups groupe groupes channel channels canal chat chats "
    "bot bots account accounts compte comptes messenger message messages messaging call calls "
    "appel appels number numero settings parametres link lien code codes user users username "
    "handle id pseudo contact contacts notification notifications scam scams scammer scammers "
    "arnaque arnaques is was are were be been has have had does did do will would can could "
    "may might should must and or to for with the a an on in at of from by but so too also "
    "not never instead then because if when as that this these those it its my your his her "
    "their our me you he she we they i de du des et ou est sont a pour avec sur le la les un "
    "une dans par mais aussi ne pas jamais puis car si quand qui que mon ma mes ton ta tes son "
    "sa ses notre votre leur got gets said says asked asks told sent works worked keeps kept "
    "showed shows doesn didn isn wasn won daily now only anymore again often instead"
)
_APP_CONTEXT = set(_APP_CONTEXT_WORDS.split())
_HANDLE_WORD = re.compile(r"[A-Za-z0-9_.]+")


def _is_username(word: str) -> bool:
    """A word with a digit or "_" among at least three letters: "hackfix99", "fix_it"."""
    return (
        4 <= len(word) <= _HANDLE_MAX
        and sum(char.isalpha() for char in word) >= 3
        and any(char.isdigit() or char == "_" for char in word)
    )


_ANY_APP = re2.compile(
    r"(?i)(?:^|[^A-Za-z0-9_])(?:" + "|".join(sorted(_APPS)) + r")(?:$|[^A-Za-z0-9_])"
)


def _app_handles(text: str) -> list[Contact]:
    if not _ANY_APP.search(text):
        return []
    words = [(m.group().strip("."), m.start()) for m in _HANDLE_WORD.finditer(text)]
    words = [(word, start) for word, start in words if word]
    found = []

    def spaced(a: int, b: int) -> bool:
        """True when only spaces separate words a and b."""
        gap = text[words[a][1] + len(words[a][0]) : words[b][1]]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def add(i: int, app: str) -> None:
        word, start = words[i]
        found.append(Contact(HANDLE, word, start, start + len(word), _APPS[app]))

    for i, (word, _) in enumerate(words):
        app = word.lower()
        if app not in _APPS:
            continue
        if i + 1 < len(words) and spaced(i, i + 1):
            after = words[i + 1][0]
            if _is_username(after) or (
                app in _MESSAGING_APPS
                and after.isalpha()
                and 3 <= len(after) <= _HANDLE_MAX
                and after.lower() not in _APP_CONTEXT
            ):
                add(i + 1, app)
        before = i - 1
        if before >= 1 and words[before][0].lower() in _NEAR_APP and spaced(before, i):
            before -= 1
        if before >= 0 and spaced(before, before + 1) and _is_username(words[before][0]):
            add(before, app)
    return found


def _handles(text: str) -> list[Contact]:
    found = _app_handles(text)
    for match in _HANDLE.finditer(text):
        handle = match.group(1)[: _HANDLE_MAX + 1].rstrip(".")
        start = match.start(1)
        end = start + len(handle)
        found.append(Contact(HANDLE, handle, start, end, _app_near(text, start, end)))
    for match in _NAMED_HANDLE.finditer(text):
        handle = match.group(3).rstrip(".")
        if handle.isdigit():
            continue  # a number after "WhatsApp:" is the phone scan's
        app = _APPS[(match.group(1) or match.group(2)).lower()]
        start = match.start(3)
        found.append(Contact(HANDLE, handle, start, start + len(handle), app))
    return _overlap_free(found)
