"""The phrases of the scam: recovery services for hire, payments, "DM me"; and negation."""

from bisect import bisect_left

import re2

from surveys.contacts.findings import PAYMENT, PRIVATE_CONTACT, RECOVERY_SERVICE, Contact
from surveys.contacts.text import _overlap_free, _Token, _tokens

# --- phrases -----------------------------------------------------------------------------

# Each phrase is a sequence of word slots: "a|b" is either word, "*" up to three words.
_PHRASES = {
    RECOVERY_SERVICE: [
        "recovery expert|experts|specialist|specialists|agent|agents|hacker|hackers|"
        "company|companies|firm|guru|gurus",
        "hacker|hackers|pirate|pirates for hire",
        "hire|hiring|hired * hacker|hackers",
        "ethical|certified|professional|legit|genuine hacker|hackers",
        "white hat hacker|hackers",
        "expert|experts|specialiste|specialistes en|de * recuperation",
        "pirate|pirates|hacker|hackers|hackeur|hackeurs ethique|ethiques|professionnel|"
        "professionnels|certifie|certifies",
        "engager|engagez|embaucher|embauchez|recruter|louer * hacker|hackers|hackeur|hackeurs|"
        "pirate|pirates",
        "hacker|hackers|hackeur|pirate|pirates a louer",
        "recovery|recuperation service|services",
        "service|services de recuperation",
        "cyber|cybersecurity expert|experts|specialist|specialists|guy|guys|hacker|hackers",
        "specialiste|specialistes|expert|experts en|du|de piratage|hacking",
        "pirate|pirates informatique|informatiques",
        # "A hacker (I hired) helped me", "un hacker m'a aidé"; not "the hacker changed it".
        "hacker|hackers|hackeur|hackeurs * helped|helps|fixed|fixes|recovered|restored|unlocked|"
        "retrieved|hired|aide|aidee|recupere|debloque|rendu|sauve",
        "hacker|hackers|hackeur|hackeurs * got|gets|get * back",
        "found|find|recommend|recommended|contacted|contact|use|used|tried|trouve|contacte|"
        "contactez * hacker|hackers|hackeur|hackeurs",
    ],
    PAYMENT: [
        "pay|pays|paying|paid * fee|fees",
        # An amount in words: "he charged me fifty dollars", "m'a fait payer cinquante euros".
        "charge|charges|charged|charging|pay|pays|paying|paid|payer|payez|paye|payes * "
        "dollars|dollar|euros|euro|bucks|pounds|usd|eur|gbp",
        "upfront|advance|unlock|unlocking|recovery|processing|activation fee|fees|payment",
        "gift|giftcard card|cards",
        "giftcard|giftcards",
        "google play card|cards",
        "itunes|steam card|cards",
        "bitcoin|bitcoins|btc|crypto|cryptocurrency|cryptocurrencies|usdt|ethereum|tether",
        "western union",
        "moneygram",
        "cash app",
        "cashapp|venmo|zelle",
        "send|wire|transfer * money",
        "payer|payez|paye|payes|paie|paient|verser|versez * frais",
        "frais de|d * recuperation|deblocage|deverrouillage|dossier|activation|traitement",
        "carte|cartes cadeau|cadeaux",
        "carte|cartes google play",
        "carte|cartes itunes|steam",
        "coupon|coupons|recharge|recharges|ticket|tickets pcs|transcash|neosurf",
        "transcash|neosurf",
        "cryptomonnaie|cryptomonnaies",
        "envoyer|envoyez|virer|virez * argent",
        "charge|charges|charged|charging|demandent|demande * fee|fees|frais",
        "fee|fees of",
        "paypal|revolut|usdc|voucher|vouchers|paysafecard",
        "amazon card|cards|voucher|vouchers|gift",
    ],
    PRIVATE_CONTACT: [
        "dm|pm|inbox|whatsapp|telegram me",
        "message|text|email|contact|reach|call me on|at|via|through",
        "contact me for",
        "hit me up",
        "add me on",
        "send me a|an dm|pm|message|email|text",
        "dm|pm for|4 help|assistance|recovery|support",
        # "DM recoverpro on IG": a direct message to a person, not to the platform's help.
        "dm|pm * on|sur ig|insta|instagram|facebook|fb|messenger|tiktok|twitter|x",
        "contact|message|text|write|reach|dm|add * on|via|at|through telegram|whatsapp|signal|"
        "wechat|viber|kik|snapchat|discord|threema",
        "ecrivez|ecris|ecrivez|contactez|contacte|joignez|joins|appelez|appelle|ajoutez|"
        "ajoute|envoyez|envoie moi",
        "en mp",
        "contactez|contacter|contacte|ecrivez|ecrire|ajoutez|ajouter * sur|via|par telegram|"
        "whatsapp|signal|snapchat|wechat|viber|discord|threema",
        # Only where a sentence or clause starts: "Text me, ..." but not "they text me".
        "^ text|message|contact|ping|dm|pm|mp|inbox|write|email|call me|moi",
        "drop|send|shoot me a|an dm|pm|message|line|text|mp",
        "d m me",
        "mp|dm|pm moi",
        "ask|search|find|add|contact|message|text|look|ajoute|ajoutez|cherche|cherchez|contacte|"
        "contactez|demande|demandez|trouve|trouvez * on|sur|via|up telegram|tg|whatsapp|signal|"
        "snap|snapchat|discord|kik|viber|wechat|threema|skype",
    ],
}
_CLAUSE_START = "^"
_CLAUSE_OPENERS = {"just", "please", "pls", "plz", "so", "then", "simply", "juste", "alors"}
_WILDCARD_WORDS = 3
_Slots = tuple[frozenset[str] | None, ...]


def _compile(phrase: str) -> _Slots:
    return tuple(None if slot == "*" else frozenset(slot.split("|")) for slot in phrase.split())


def _by_first_word() -> dict[str, list[tuple[str, _Slots, bool]]]:
    """The phrases indexed by their possible first words: one look-up per word of text;
    the flag says the phrase counts only where a clause starts."""
    index: dict[str, list[tuple[str, _Slots, bool]]] = {}
    for kind, phrases in _PHRASES.items():
        for phrase in phrases:
            at_start = phrase.startswith(_CLAUSE_START + " ")
            slots = _compile(phrase.removeprefix(_CLAUSE_START + " "))
            for word in slots[0] or ():
                index.setdefault(word, []).append((kind, slots, at_start))
    return index


_BY_FIRST_WORD = _by_first_word()


def _match_end(words: list[str], i: int, slots: _Slots) -> int:
    """The index after the phrase matched at `words[i]`, or -1; wildcards are bounded."""
    if not slots:
        return i
    slot, rest = slots[0], slots[1:]
    if slot is None:
        for skip in range(_WILDCARD_WORDS + 1):
            end = _match_end(words, i + skip, rest) if i + skip <= len(words) else -1
            if end >= 0:
                return end
        return -1
    if i < len(words) and words[i] in slot:
        return _match_end(words, i + 1, rest)
    return -1


# "Do not pay anyone", "ne payez pas de frais", "beware of recovery experts": the honest
# tip warns against the scam, and holding every warning would annoy those who write it.
# Only a negation right before the phrase, in the same clause, counts: "Don't waste
# time, hire a hacker" is the pitch, not a warning ("no" is left out: "no upfront fee!").
# A phrase that slips through this still has no address: those are always found.
_NEGATIONS = {
    "not", "don", "dont", "never", "avoid", "beware", "ignore", "scam", "scammer", "scammers",
    "ne", "n", "jamais", "evitez", "eviter", "mefiez", "arnaque", "arnaques", "didn", "doesn",
    "won", "wouldn",
}  # fmt: skip
_NEGATION_REACH = 2  # words before a phrase
_CLAUSE_END = frozenset(",.;:!?")


def _negated(text: str, tokens: list[_Token], i: int) -> bool:
    """A negation among the two words before token i, with no clause break in between."""
    for back in range(1, _NEGATION_REACH + 1):
        if i - back < 0 or _CLAUSE_END.intersection(
            text[tokens[i - back].end : tokens[i - back + 1].start]
        ):
            return False
        if tokens[i - back].word in _NEGATIONS:
            return True
    return False


def _clause_starts(text: str, tokens: list[_Token], i: int) -> bool:
    """True when token i opens a clause, maybe after "just" or "please"."""
    if i and tokens[i - 1].word in _CLAUSE_OPENERS:
        i -= 1
    return i == 0 or bool(_CLAUSE_END.intersection(text[tokens[i - 1].end : tokens[i].start]))


# "$50", "30€", "50 dollars": an amount, a payment when a word of paying comes just before
# it ("pay 50 euros", "ils demandent 30 euros"); "Meta Verified costs 15 euros" is a price.
_AMOUNT = re2.compile(
    r"(?i)[$€£]\s?[0-9][0-9.,]*|(?:^|[^\pL\pN])([0-9][0-9.,]*\s?(?:[$€£]|(?:dollars?|"
    r"euros?|usd|usdt|usdc|eur|gbp|pounds?|bucks|balles)\b))"
)
_PAYING = {
    "pay", "pays", "paid", "paying", "payer", "payez", "paye", "payes", "paie", "paient",
    "charge", "charges", "charged", "charging", "fee", "fees", "frais", "ask", "asks", "asked",
    "demandent", "demande", "demandait", "send", "sent", "envoyer", "envoyez", "envoie", "wire",
    "transfer", "virer", "virez", "paypal", "verser", "versez",
}  # fmt: skip
_PAYING_REACH = 3  # words between the paying word and the amount


def _amounts(text: str, tokens: list[_Token]) -> list[Contact]:
    starts = [token.start for token in tokens]
    found = []
    for match in _AMOUNT.finditer(text):
        start = match.start(1) if match.group(1) else match.start()
        i = bisect_left(starts, start)  # the first token of the amount or after it
        for back in range(1, _PAYING_REACH + 2):
            j = i - back
            if j < 0 or _CLAUSE_END.intersection(
                text[tokens[j].end : tokens[j + 1].start] if j + 1 < len(tokens) else ""
            ):
                break
            if tokens[j].word in _PAYING and not _negated(text, tokens, j):
                found.append(
                    Contact(
                        PAYMENT, text[tokens[j].start : match.end()], tokens[j].start, match.end()
                    )
                )
                break
    return found


def _phrases(text: str) -> list[Contact]:
    tokens = _tokens(text)
    words = [token.word for token in tokens]
    found = _amounts(text, tokens)
    for i, word in enumerate(words):
        if _negated(text, tokens, i):
            continue
        for kind, slots, at_start in _BY_FIRST_WORD.get(word, ()):
            if at_start and not _clause_starts(text, tokens, i):
                continue
            end = _match_end(words, i, slots)
            if end > i:
                start, stop = tokens[i].start, tokens[end - 1].end
                found.append(Contact(kind, text[start:stop], start, stop))
    # Kinds may overlap ("contactez le hacker éthique sur Telegram" is both).
    return [
        phrase
        for kind in _PHRASES
        for phrase in _overlap_free([contact for contact in found if contact.kind == kind])
    ]
