"""GET /methodology/: how reports are counted and ranked, with the numbers the site runs with."""

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from aggregation import compute, params

pytestmark = pytest.mark.django_db

URL = "/methodology/"
ENGINE = ("numpy", "scipy", "pandas", "sklearn", "pyarrow")


def page(client, **headers) -> str:
    response = client.get(URL, **headers)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, tags removed and spaces folded, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_it_is_named_methodology():
    assert reverse("methodology") == URL


def test_it_shows_the_configured_waiting_horizon(client, settings):
    settings.AGGREGATION_WAITING_HORIZON_DAYS = 30
    assert "still waiting after 30 days counts as not resolved" in text(page(client))

    settings.AGGREGATION_WAITING_HORIZON_DAYS = 45
    words = text(page(client))
    assert "still waiting after 45 days counts as not resolved" in words
    assert "after 30 days" not in words


def test_it_shows_the_configured_recurring_tip_threshold(client, settings):
    settings.AGGREGATION_TIP_MIN_PEOPLE = 4
    words = text(page(client))
    assert "A tip is shown once 4 different people gave it" in words
    assert "written by at least 4 of them" in words


def test_it_states_the_engine_defaults(client, monkeypatch):
    words = text(page(client))
    assert "A report's weight halves every 180 days" in words
    assert "the 10% quantile of the Beta distribution" in words
    assert "within 0.05 of it (5 percentage points)" in words
    assert "at least 5 effective reports" in words and "from at least 3 different people" in words
    assert "The last 14 days are compared with the 90 days before" in words

    monkeypatch.setattr(params, "HALF_LIFE_DAYS", 365.0)
    monkeypatch.setattr(params, "MIN_REPORTERS", 7)
    words = text(page(client))
    assert "A report's weight halves every 365 days" in words
    assert "from at least 7 different people" in words


def test_the_engine_takes_its_defaults_from_the_same_constants():
    for field in dataclasses.fields(compute.Params):
        assert field.default == getattr(params, field.name.upper()), field.name


def test_it_gives_the_formulas_in_plain_html(client):
    html = page(client)
    assert "<code><var>w</var> = 2<sup>−<var>a</var> / 180</sup></code>" in html
    assert "Beta(<var>m</var><var>μ</var> + <var>S</var>" in html
    assert "style=" not in html and "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "mathjax" not in html.lower()


def test_it_says_what_moderation_and_dead_addresses_do(client):
    words = text(page(client))
    assert "A held report does not count at all" in words
    assert "A rejected report, or one marked as spam, never counts" in words
    assert "they never count as a success for any channel" in words
    assert "only one of their reports counts" in words


def test_it_links_to_both_exports(client):
    html = page(client)
    assert f'href="{reverse("export_recommendations_csv")}"' in html
    assert f'href="{reverse("export_recommendations_json")}"' in html


def test_it_is_in_french(client, settings):
    settings.AGGREGATION_WAITING_HORIZON_DAYS = 45
    html = page(client, HTTP_ACCEPT_LANGUAGE="fr")
    words = text(html)
    assert '<html lang="fr">' in html
    assert "Comment les chiffres sont établis" in words
    assert "45 jours" in words
    assert "10 %" in words  # the French spacing of a percentage
    assert "How the figures are made" not in words


def test_the_page_module_imports_no_engine():
    code = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
        "import django\n"
        "django.setup()\n"
        "import aggregation.views.open_data, aggregation.apis, config.urls\n"
        f"print(sorted(name for name in {ENGINE!r} if name in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
