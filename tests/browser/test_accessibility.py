"""Accessibility in a real browser: axe-core on the main pages, and a visible keyboard focus."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/platforms/",
    "/platforms/instagram/",
    "/platforms/instagram/hacked-account/",
    "/platforms/instagram/hacked-account/draft/",
    "/report/",
]
BLOCKING = {"serious", "critical"}
FOCUS_STEPS = 6


def violations_text(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(
    open_page, language, instagram_snapshot
):
    from axe_playwright_python.sync_playwright import Axe

    axe, page, found = Axe(), open_page(language), {}
    for path in PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        results = axe.run(page).response
        assert results["passes"], f"axe checked nothing on {path}"
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
        if blocking:
            found[path] = violations_text(blocking)
    report = "\n".join(f"{path} ({language}):\n{text}" for path, text in found.items())
    assert not found, f"axe found serious or critical violations:\n{report}"


def test_the_keyboard_focus_is_visible_on_the_home_page(page):
    page.goto("/")
    seen = []
    for _ in range(FOCUS_STEPS):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const box = element.getBoundingClientRect();
                return {
                    element: element.outerHTML.slice(0, 80),
                    style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth),
                    inViewport: box.width > 0 && box.height > 0 && box.bottom > 0
                        && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
                };
            }"""
        )
        seen.append(focus)
        assert not focus["element"].startswith("<body"), f"Tab left the page: {seen}"
        assert focus["style"] != "none", f"no focus outline on {focus['element']}"
        assert focus["width"] >= 2, f"focus outline under 2px on {focus['element']}"
        assert focus["inViewport"], f"the focused element is off screen: {focus['element']}"
    assert len({focus["element"] for focus in seen}) == FOCUS_STEPS
