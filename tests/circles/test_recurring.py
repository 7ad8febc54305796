"""circles.recurring against the crowd's engine: the same tips must come back the same way."""

import json
import os
import random
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

from aggregation.compute.tips import TipParams, normalize_tips, tip_groups
from circles.recurring import (
    ChannelInput,
    RecurringChannel,
    RecurringTip,
    TipInput,
    normalize_tip,
    recurring_channels,
    recurring_tips,
)

SEEDS = {
    "en": [
        "reset your password from the official app",
        "turn on two factor authentication in the settings",
        "never pay anyone who promises to recover your account",
    ],
    "fr": [
        "réinitialisez le mot de passe depuis l'application officielle",
        "activez la double authentification dans les paramètres",
        "ne payez jamais quelqu'un qui promet de récupérer votre compte",
    ],
}
LONERS = {
    "en": [
        "ask a friend to vouch for you",
        "wait a week before trying again",
        "check the spam folder for the code",
        "write to the data protection officer",
    ],
    "fr": [
        "attendez une semaine avant de réessayer",
        "vérifiez le dossier des courriers indésirables",
        "écrivez au délégué à la protection des données",
        "demandez à un ami de se porter garant",
    ],
}
NOISE = ["ok", "???", "merci", "@someone", "idk", "rien", "https://example.com", "n/a"]
EXTRA_WORDS = ["please", "quickly", "honestly", "vite", "surtout", "rapidement", "maybe"]


def _crowd(tips: list[TipInput], **params) -> list[tuple[str, str, int]]:
    frame = pd.DataFrame(
        {
            "problem_id": 1,
            "language": [tip.language for tip in tips],
            "text": [tip.text for tip in tips],
            "reporter": [tip.person for tip in tips],
        }
    )
    groups = tip_groups(frame, TipParams(min_people=2, **params))
    return list(zip(groups["language"], groups["text"], groups["reporters"], strict=True))


def _light(tips: list[TipInput], **params) -> list[tuple[str, str, int]]:
    return [(tip.language, tip.text, tip.people) for tip in recurring_tips(tips, **params)]


def _same_words(text: str, rng: random.Random) -> str:
    """The text reworded without changing its words: order, punctuation, case, accents."""
    words = text.split()
    change = rng.choice(["order", "punctuation", "case", "accents", "apostrophe", "width"])
    if change == "order":
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif change == "punctuation":
        i = rng.randrange(len(words))
        words[i] += rng.choice([",", "!", "...", " -", ";"])
    elif change == "case":
        words = [word.upper() if rng.random() < 0.3 else word for word in words]
        words[0] = words[0].capitalize()
    elif change == "accents":
        decomposed = unicodedata.normalize("NFD", " ".join(words))
        words = "".join(c for c in decomposed if not unicodedata.combining(c)).split()
    elif change == "apostrophe":
        words = [word.replace("'", "\u2019") for word in words]
    else:
        i = rng.randrange(len(words))
        words[i] = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in words[i])
    return " ".join(words)


def _new_word(text: str, rng: random.Random, used: set[str], shared: bool) -> str:
    """The text with one word of its own: a typo, or an added word.

    Unless `shared`, no one else in the family writes that word, so the only wordings the
    group can show have the seed's words, whose n-grams are the same whatever their order:
    float32 rounding then never has to choose between two wordings that are equally
    central (see test_two_equally_central_wordings_go_to_the_most_used_then_the_shortest).
    """
    words = text.split()
    while True:
        if rng.random() < 0.5:
            i = rng.choice([i for i, word in enumerate(words) if len(word) >= 6])
            j = rng.randrange(1, len(words[i]) - 1)
            typo = words[i][:j] + rng.choice("aeiourstnl") + words[i][j + 1 :]
            changed = [*words[:i], typo, *words[i + 1 :]]
        else:
            changed = [*words, rng.choice(EXTRA_WORDS)]
        candidate = " ".join(changed)
        if candidate != text and (shared or candidate not in used):
            used.add(candidate)
            return candidate


def _circle(seed: int, *, shared: bool = False, loners: int = 3):
    """Shuffled tips of a circle, and its truth: seed text -> the persons who gave it."""
    rng = random.Random(seed)
    seeds = [(language, text) for language, texts in SEEDS.items() for text in texts]
    families = rng.sample(seeds, rng.randint(4, 6))
    tips, truth = [], {}
    for language, text in families:
        persons = rng.sample(range(1, 40), rng.randint(2, 5))
        used: set[str] = set()
        for rank, person in enumerate(persons):
            # Two friends at least keep the seed's words: the family then has a wording.
            if rank < 2 or rng.random() < 0.5:
                tips.append(TipInput(person, language, _same_words(text, rng)))
            else:
                tips.append(TipInput(person, language, _new_word(text, rng, used, shared)))
            if rng.random() < 0.2:  # the same friend, once more
                tips.append(TipInput(person, language, _same_words(text, rng)))
        truth[language, text] = tuple(sorted(persons))
    others = iter(range(100, 200))
    for language, texts in LONERS.items():
        for text in rng.sample(texts, rng.randint(0, loners)):
            tips.append(TipInput(next(others), language, text))
    for text in rng.sample(NOISE, 3):
        tips.append(TipInput(next(others), rng.choice(["en", "fr"]), text))
    rng.shuffle(tips)
    return tips, truth


def _seed_of(text: str) -> tuple[str, str]:
    """The seed whose words the text shares most."""
    words = set(normalize_tip(text).split())
    return max(
        ((language, seed) for language, seeds in SEEDS.items() for seed in seeds),
        key=lambda pair: len(words & set(normalize_tip(pair[1]).split())),
    )


# --- normalize_tip ---------------------------------------------------------------------------


def test_it_normalizes_each_tip_as_the_crowd_does():
    texts = [
        "J’ai utilisé le formulaire d'appel !",
        "L'application officielle, puis qu'elle t'envoie un code",
        "N’hésitez pas : c'est l'équipe qu’il faut contacter",
        "Call +1 650 543 4800 or see https://example.com/x now",
        "Contact @alice on Telegram, or mail bob@example.com",
        "Ｆｕｌｌ－ｗｉｄｔｈ ＴＥＸＴ ①②",
        "snake_case__words and   extra\tspaces\n",
        "Crème brûlée… «ÉLÈVE» ÆSIR Straße ﬁne",
        "İstanbul ΣΊΣΥΦΟΣ ǅemal",
        "—!?—",
        "",
        "aujourd'hui jusqu'à lorsqu'il presqu'île",
        "2FA/MFA: on; (activez-la) [maintenant]",
    ]
    expected = normalize_tips(pd.Series(texts)).tolist()
    assert [normalize_tip(text) for text in texts] == expected


# --- recurring_tips against tip_groups ----------------------------------------------------


def test_it_groups_the_same_tips_as_the_crowd():
    for seed in range(12):
        tips, _ = _circle(seed)
        assert _light(tips) == _crowd(tips), seed


def test_each_reworded_tip_comes_back_as_one_group_of_the_people_who_gave_it():
    for seed in range(12):
        tips, truth = _circle(seed)
        found = recurring_tips(tips)
        assert {_seed_of(tip.text): tip.persons for tip in found} == truth, seed
        for tip in found:
            assert tip.people == len(tip.persons)
            assert sorted(normalize_tip(tip.text).split()) == sorted(
                normalize_tip(_seed_of(tip.text)[1]).split()
            )


def test_it_finds_the_crowds_groups_when_friends_share_a_typo_or_an_added_word():
    # Two different wordings may then be exactly as central: float32 rounding picks one in
    # the crowd, so only the group shown and its people are compared.
    for seed in range(12):
        tips, _ = _circle(seed, shared=True)
        light = Counter(
            (language, _seed_of(text), people) for language, text, people in _light(tips)
        )
        crowd = Counter(
            (language, _seed_of(text), people) for language, text, people in _crowd(tips)
        )
        assert light == crowd, seed


def test_a_tip_one_friend_gave_twice_is_one_voice():
    twice = [
        TipInput(1, "en", "Use an authenticator app"),
        TipInput(1, "en", "use an authenticator app!"),
    ]
    assert recurring_tips(twice) == [] == _crowd(twice)


def test_a_tip_two_friends_gave_is_recurring():
    tips = [
        TipInput(7, "en", "Use an authenticator app"),
        TipInput(3, "en", "use an authenticator app!"),
    ]
    assert recurring_tips(tips) == [RecurringTip("en", "Use an authenticator app", 2, (3, 7))]
    assert _light(tips) == _crowd(tips)


def test_handles_do_not_keep_tips_apart_but_never_reach_the_page():
    handles = [
        TipInput(1, "en", "Contact @alice on Telegram"),
        TipInput(2, "en", "contact @bob on telegram"),
    ]
    # One group of two people, but each wording carries one person's handle: not shown.
    assert recurring_tips(handles) == [] == _crowd(handles)
    tips = [*handles, TipInput(3, "en", "contact on Telegram")]
    assert recurring_tips(tips) == [RecurringTip("en", "contact on Telegram", 3, (1, 2, 3))]
    assert _light(tips) == _crowd(tips)


def test_the_most_central_wording_is_shown():
    tips = [
        TipInput(1, "en", "reset your password from the official app"),
        TipInput(2, "en", "reset your password from the official app"),
        TipInput(3, "en", "reset your password from the official app"),
        TipInput(4, "en", "reset your password from the official app now"),
        TipInput(5, "en", "reset your password from the official app now"),
    ]
    assert _light(tips) == _crowd(tips) == [("en", tips[0].text, 5)]


def test_two_equally_central_wordings_go_to_the_most_used_then_the_shortest():
    # Two persons each: both wordings are exactly as central. The crowd's float32 decides
    # by the last bit (here, the longer one); the circle takes the most used, then shortest.
    short, long = "reset the password from the app", "reset the password from the app settings"
    tips = [TipInput(person, "en", text) for person, text in enumerate([short, long] * 2)]
    assert _light(tips) == [("en", short, 4)]
    assert _light([*tips, TipInput(9, "en", long)]) == [("en", long, 5)]


def test_languages_are_grouped_apart_and_cut_as_the_crowd_cuts():
    tips = [
        TipInput(person, language, text)
        for language in SEEDS
        for rank, text in enumerate(SEEDS[language] + LONERS[language])
        for person in range(2 + rank % 4)
    ]
    assert _light(tips, per_language=4) == _crowd(tips, per_partition=4)
    assert [tip.language for tip in recurring_tips(tips, per_language=4)] == ["en"] * 4 + ["fr"] * 4


def test_from_fifty_distinct_texts_an_ngram_must_be_shared_as_in_the_crowd():
    for seed in range(4):
        tips, _ = _circle(seed, loners=4)
        rng = random.Random(seed)
        letters = "bcdfghjklmnpqrstvwxz"
        tips += [
            TipInput(200 + i, "en", " ".join("".join(rng.choices(letters, k=7)) for _ in range(3)))
            for i in range(50)
        ]
        assert _light(tips) == _crowd(tips), seed


def test_when_no_ngram_is_shared_each_text_is_alone_as_in_the_crowd():
    # Fifty texts of characters no other text has: min_df leaves no n-gram at all.
    words = ["".join(chr(0x4E00 + 3 * i + k) for k in range(3)) for i in range(50)]
    tips = [TipInput(i + shift, "zh", word) for i, word in enumerate(words) for shift in (0, 1)]
    assert len(_light(tips)) == 10
    assert _light(tips) == _crowd(tips)


def test_nothing_comes_back_from_empty_tips():
    tips = [TipInput(1, "en", "!!!"), TipInput(2, "en", "@alice"), TipInput(3, "en", "")]
    assert recurring_tips(tips) == [] == _crowd(tips)
    assert recurring_tips([]) == []


# --- recurring_channels --------------------------------------------------------------------


def test_a_channel_one_friend_named_is_left_out():
    answers = [ChannelInput(1, "email", True), ChannelInput(1, "email", False)]
    assert recurring_channels(answers) == []


def test_an_other_channel_is_skipped():
    answers = [ChannelInput(1, None, True), ChannelInput(2, None, True)]
    assert recurring_channels(answers) == []


def test_channels_count_distinct_friends_and_those_it_worked_for():
    answers = [
        ChannelInput(1, "email", True),
        ChannelInput(1, "email", True),
        ChannelInput(2, "email", False),
        ChannelInput(2, "email", True),
        ChannelInput(3, "email", False),
    ]
    assert recurring_channels(answers) == [RecurringChannel("email", named_by=3, resolved=2)]


def test_channels_that_worked_for_most_come_first():
    answers = [
        *(ChannelInput(person, "phone", False) for person in range(5)),
        *(ChannelInput(person, "form", person < 2) for person in range(3)),
        *(ChannelInput(person, "email", person < 2) for person in range(4)),
        *(ChannelInput(person, "chat", person < 2) for person in range(4)),
    ]
    assert [channel.channel for channel in recurring_channels(answers)] == [
        "chat",
        "email",
        "form",
        "phone",
    ]
    assert recurring_channels(answers, min_people=5) == [RecurringChannel("phone", 5, 0)]


# --- web workers -----------------------------------------------------------------------------

ENGINE = ["sklearn", "scipy", "numpy", "pandas", "pyarrow", "django"]
PROBE = """
import json, sys
import circles.recurring
print(json.dumps([m for m in %r if m in sys.modules]))
"""


def test_importing_it_loads_neither_the_engine_nor_django():
    done = subprocess.run(
        [sys.executable, "-c", PROBE % ENGINE],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
