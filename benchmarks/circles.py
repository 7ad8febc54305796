"""The circle's light tip grouping against the crowd's engine, on circle-sized inputs.

    .venv/bin/python -m benchmarks.circles [--rounds 7]

"What comes back" is computed in the web process on every answer (`circles.recurring`,
pure Python) because web workers never load scikit-learn or SciPy. This prints, for
circles of 10, 50 and 100 answers with tips (reworded families of tips and singletons,
English and French), the median time of the light grouping and of the crowd's
`tip_groups` on the same tips, their ratio, and whether both found the same groups.
Nothing is stored and nothing is contacted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

SEEDS = {
    "en": [
        "Send the appeal from a computer, not from the phone app",
        "Use the hacked account page and ask for the video selfie check",
        "Reset the password from the email you got when the account was created",
        "Remove the unknown devices and turn on two-factor authentication after",
        "Wait 48 hours before sending the form again, sending it twice slows it down",
    ],
    "fr": [
        "Faites l'appel depuis un ordinateur, pas depuis l'application",
        "Demandez la vérification par selfie vidéo sur la page compte piraté",
        "Attendez 48 heures avant de renvoyer le formulaire",
    ],
}


def _reworded(text: str, rng: random.Random) -> str:
    words = text.split()
    change = rng.random()
    if change < 0.3:
        words.append(rng.choice(["please", "really", "merci", "ok"]))
    elif change < 0.6 and len(words) > 4:
        del words[rng.randrange(len(words))]
    elif change < 0.8:
        i = rng.randrange(len(words))
        words[i] = words[i][:-1] if len(words[i]) > 3 else words[i]
    return " ".join(words) + rng.choice(["", ".", "!", " :)"])


def circle_tips(answers: int, seed: int) -> list[tuple[int, str, str]]:
    rng = random.Random(seed)
    tips = []
    for person in range(answers):
        language = "fr" if rng.random() < 0.35 else "en"
        if rng.random() < 0.7:
            text = _reworded(rng.choice(SEEDS[language]), rng)
        else:
            text = f"Something only I tried, number {rng.randrange(10**6)}"
        tips.append((person, language, text))
    return tips


def _median_seconds(function, argument, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import pandas as pd

    from aggregation.compute.tips import TipParams, tip_groups
    from circles.recurring import TipInput, recurring_tips

    params = TipParams(min_people=2)
    print(f"{'answers':>8} {'light ms':>9} {'crowd ms':>9} {'ratio':>6}  same groups")
    for answers in (10, 50, 100):
        tips = circle_tips(answers, seed=answers)
        light_input = [TipInput(person=p, language=lang, text=t) for p, lang, t in tips]
        frame = pd.DataFrame(
            {
                "problem_id": 1,
                "language": [lang for _p, lang, _t in tips],
                "text": [t for _p, _l, t in tips],
                "reporter": [p for p, _l, _t in tips],
            }
        )
        light = _median_seconds(recurring_tips, light_input, args.rounds)
        crowd = _median_seconds(lambda tips, p=params: tip_groups(tips, p), frame, args.rounds)
        mine = [(row.language, row.text, row.people) for row in recurring_tips(light_input)]
        theirs = [
            (row.language, row.text, row.reporters)
            for row in tip_groups(frame, params).itertuples()
        ]
        print(
            f"{answers:>8} {light * 1000:>9.1f} {crowd * 1000:>9.1f} {light / crowd:>6.2f}  "
            f"{'yes' if mine == theirs else 'NO'} ({len(mine)} tips)"
        )


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    main()
