"""A recurring tip keeps its identity from one snapshot to the next.

Property: simulate two runs over known tips. A group that gains members, loses some, or
changes its shown wording is the same tip; a new group is a new tip; no two groups of a
run share a key; a key never crosses problems or languages.
"""

import random

import pandas as pd

from aggregation.compute import tip_groups, tip_identities

TOPICS = {
    "computer": "Send the appeal from a computer, not from the phone app",
    "patience": "Be patient, Instagram took a week to answer my request",
    "reply": "Reply to the automatic email, a human answered the second time",
    "english": "Write in English, it was faster than in my own language",
}


def written(topic: str, person: int, rng: random.Random) -> str:
    """How one person writes a topic: the same words, with small variations."""
    words = TOPICS[topic].split()
    if rng.random() < 0.3:
        words[0] = words[0].lower()
    text = " ".join(words)
    return text + rng.choice(["", "!", ".", " :)"])


def run(people: dict[str, range], *, seed: int, problem: int = 1, language: str = "en"):
    rng = random.Random(seed)
    rows = [
        {"problem_id": problem, "language": language, "text": written(topic, p, rng), "reporter": p}
        for topic, persons in people.items()
        for p in persons
    ]
    return tip_groups(pd.DataFrame(rows))


def keyed(groups: pd.DataFrame, keys: list) -> pd.DataFrame:
    return groups.assign(key=keys)


def topic_of(text: str) -> str:
    return next(topic for topic, wording in TOPICS.items() if wording.split()[2] in text)


def test_groups_that_grow_or_shrink_keep_their_key_and_a_new_group_gets_none():
    first = run(
        {"computer": range(0, 10), "patience": range(10, 16), "reply": range(16, 20)}, seed=1
    )
    first = keyed(first, [f"key-{topic_of(text)}" for text in first["text"]])
    second = run(
        {"computer": range(0, 30), "patience": range(12, 15), "reply": range(16, 40),
         "english": range(40, 45)},
        seed=2,
    )  # fmt: skip
    keys = tip_identities(second, first)
    for text, key in zip(second["text"], keys, strict=True):
        topic = topic_of(text)
        assert key == (None if topic == "english" else f"key-{topic}"), text


def test_no_two_groups_of_a_run_share_a_key():
    first = run({"computer": range(0, 10)}, seed=3)
    first = keyed(first, ["only"])
    # Two groups that both look like the old one: only the closer one continues it.
    second = run({"computer": range(0, 10), "patience": range(10, 20)}, seed=4)
    keys = tip_identities(second, first)
    assert keys.count("only") == 1


def test_a_key_never_crosses_problems_or_languages():
    first = keyed(run({"computer": range(0, 10)}, seed=5, problem=1), ["problem-one"])
    other_problem = run({"computer": range(0, 10)}, seed=5, problem=2)
    other_language = run({"computer": range(0, 10)}, seed=5, language="fr")
    assert tip_identities(other_problem, first) == [None]
    assert tip_identities(other_language, first) == [None]


def test_a_tip_whose_words_all_changed_is_a_new_tip():
    first = keyed(run({"computer": range(0, 10)}, seed=6), ["old"])
    assert tip_identities(run({"english": range(0, 10)}, seed=6), first) == [None]


def test_over_many_simulated_runs_every_continuing_tip_keeps_its_first_key():
    rng = random.Random(7)
    previous = pd.DataFrame(columns=["problem_id", "language", "signature", "key"])
    first_key: dict[str, str] = {}
    counter = 0
    for seed in range(12):
        people = {
            topic: range(100 * index, 100 * index + rng.randint(3, 40))
            for index, topic in enumerate(TOPICS)
        }
        groups = run(people, seed=seed)
        keys = tip_identities(groups, previous)
        for position, text in enumerate(groups["text"]):
            if keys[position] is None:
                counter += 1
                keys[position] = f"k{counter}"
            first_key.setdefault(topic_of(text), keys[position])
            assert keys[position] == first_key[topic_of(text)]
        previous = keyed(groups, keys)
    assert counter == len(TOPICS)
