"""The French catalogue of surveys reads well whatever the platform's name."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

import surveys

PO = Path(surveys.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLATFORMS = [
    "Facebook", "Instagram", "WhatsApp", "YouTube", "LinkedIn", "Snapchat", "TikTok",
    "X (Twitter)", "Pinterest", "Reddit", "Discord", "Twitch",
]  # fmt: skip
# Words French elides before a vowel: "de Instagram" must be "d'Instagram", which would be
# wrong before "Facebook". No such word may stand right before a platform's name.
ELIDED_BEFORE = re.compile(
    r"\b(?:de|du|que|le|la|ce|ne|se|je|lorsque|puisque) %\((?:name|platform)\)s"
)


def msgstrs() -> list[str]:
    """Each French translation as one string (continuation lines joined)."""
    texts, current = [], None
    for line in PO.read_text().splitlines():
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1].strip('"')]
            texts.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            current = None
    return ["".join(pieces) for pieces in texts]


def test_no_french_translation_puts_an_eliding_word_before_a_platform_name():
    names = [text for text in msgstrs() if re.search(r"%\((?:name|platform)\)s", text)]
    assert len(names) >= 10  # the parse found the translations with a name
    assert [text for text in names if ELIDED_BEFORE.search(text)] == []


@pytest.mark.parametrize("name", PLATFORMS)
def test_the_unknown_verdict_reads_well_for_every_platform(name):
    with translation.override("fr"):
        text = gettext(
            "Not one of %(name)s's official addresses. Never share a login code or pay "
            "anyone who claims to be support."
        ) % {"name": name}
    assert text.startswith(f"Ce n'est pas une adresse officielle de la plateforme {name}.")
