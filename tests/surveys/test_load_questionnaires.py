import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_says_when_the_questionnaire_is_already_up_to_date(capsys):
    call_command("load_questionnaires")
    assert "what-worked: already up to date (version 1)" in capsys.readouterr().out


def test_it_lists_the_problems_of_a_bad_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("slug: x\nquestions: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the questionnaire was not loaded"):
        call_command("load_questionnaires", "--file", str(bad))
