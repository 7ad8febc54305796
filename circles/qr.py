"""The share link as a QR code, drawn on the server: an SVG with no script and no style
attribute (the site's Content-Security-Policy allows neither), a light background so a
phone's camera reads it on a dark screen too."""

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    """An inline SVG of `url`, labelled for screen readers (who get the link as text)."""
    code = segno.make(url, error="m")
    # segno writes only its own path data and the attributes given here: nothing of the
    # URL appears in the markup but as modules, so the SVG is safe to inline.
    svg = code.svg_inline(
        scale=4,
        border=4,
        dark="#0b0c0c",
        light="#ffffff",
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
    )
    label = format_html(' role="img" aria-label="{}"', _("QR code of the share link"))
    return mark_safe(svg.replace("<svg ", "<svg" + label + " ", 1))  # noqa: S308
