"""Full-page screenshots of the main pages, for people to look at (screenshots/, gitignored).

A screenshot wider than its window means the page overflows sideways at that width.
"""

import struct
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
PAGES = {
    "home": "/",
    "platform-instagram": "/platforms/instagram/",
    "answer-instagram-hacked": "/platforms/instagram/hacked-account/",
    "draft-instagram-hacked": "/platforms/instagram/hacked-account/draft/",
    "report-instagram": "/report/?platform=instagram",
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE and head[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_saves_full_page_screenshots_at_desktop_and_phone_width(
    open_page, language, instagram_snapshot
):
    SCREENSHOTS.mkdir(exist_ok=True)
    for size in (DESKTOP, PHONE):
        page = open_page(language, size)
        for name, path in PAGES.items():
            shot = SCREENSHOTS / f"{name}-{language}-{size[0]}.png"
            shot.unlink(missing_ok=True)
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=str(shot), full_page=True)

            width, height = png_size(shot)
            assert width == size[0], f"{shot.name}: the page overflows sideways ({width}px wide)"
            assert height >= size[1], f"{shot.name}: shorter than the window ({height}px)"
