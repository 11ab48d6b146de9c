"""Arabic text in matplotlib figures: a font that has Arabic, and shaping where matplotlib lacks it."""
from __future__ import annotations

# ---------------------------------------------------------------- plotting Arabic

#: Arabic fonts to plot with, best first (Debian: fonts-noto-core).
ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic")


def arabic_font() -> str | None:
    """The first of ``ARABIC_FONTS`` that matplotlib's font manager knows, or None.

    Set it with ``plt.rcParams["font.family"] = [font, "DejaVu Sans"]`` (the
    second font covers Latin and digits).
    """
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in ARABIC_FONTS if name in known), None)


def _matplotlib_shapes_text() -> bool:
    """Matplotlib 3.11 and later lay text out with libraqm, which joins Arabic letters and orders RTL runs."""
    import matplotlib

    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


def plot_text(text: str) -> str:
    """``text`` ready for a matplotlib label: Arabic letters joined, right-to-left in visual order.

    Matplotlib before 3.11 draws characters one by one, left to right, so the
    text is shaped with arabic-reshaper and reordered with python-bidi; from
    3.11 on matplotlib does both itself (with libraqm), and doing them twice
    would reverse the text, so it is returned unchanged.
    """
    if _matplotlib_shapes_text():
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))
