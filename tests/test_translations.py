"""Every French message is translated, and the committed .mo files match the .po files."""

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(
    path for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def po_entries(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for each entry of a .po file."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid, strs, current, fuzzy = None, [], None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msgid "):
                msgid, current = ast.literal_eval(line[6:]), "id"
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                strs.append(ast.literal_eval(line.split(" ", 1)[1]))
                current = "str"
            elif line.startswith('"') and current == "id":
                msgid += ast.literal_eval(line)
            elif line.startswith('"') and current == "str":
                strs[-1] += ast.literal_eval(line)
        if msgid:
            entries.append((msgid, strs, fuzzy))
    return entries


def test_there_are_french_catalogs():
    assert CATALOGS


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_compiled(po):
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for msgid, strs, fuzzy in po_entries(po):
        assert not fuzzy, f"fuzzy translation: {msgid!r}"
        assert all(strs), f"untranslated: {msgid!r}"
        if len(strs) == 1:
            assert compiled.gettext(msgid) == strs[0], f"stale .mo for {msgid!r}: run make messages"
