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


# ---------------------------------------------------------------- the plots a researcher looks at

def plot_timeline(events, ax=None, label: str = "label_ar"):
    """Events on a time line (``kg.analysis.timeline``'s frame): one row per event, a bar from start to
    end date (a dot for one day), hollow when dated by the first report rather than by the text."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd

    ax = ax or plt.subplots(figsize=(10, 0.45 * max(len(events), 4) + 1))[1]
    for row, event in enumerate(events.itertuples()):
        end = pd.to_datetime(event.end_date, errors="coerce") if event.end_date else event.date
        end = event.date if pd.isna(end) else end
        reported = event.date_source == "reported"
        ax.plot([event.date, end], [row, row], linewidth=6, color="#e15759", alpha=0.4 if reported else 0.9,
                solid_capstyle="round")
        ax.plot([event.date], [row], "o", color="#e15759", markerfacecolor="white" if reported else "#e15759")
    ax.set_yticks(range(len(events)))
    ax.set_yticklabels([plot_text(text) for text in events[label]])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_title(plot_text("الخط الزمني للأحداث — Timeline (hollow: dated by the first report)"))
    ax.grid(axis="x", alpha=0.3)
    return ax


def plot_centrality(table, ax=None, column: str = "betweenness", top: int = 10, label: str = "label_ar"):
    """Horizontal bars of the ``top`` actors by ``column`` of ``kg.analysis.centrality``'s table."""
    import matplotlib.pyplot as plt

    best = table.sort_values(column, ascending=False).head(top).iloc[::-1]
    ax = ax or plt.subplots(figsize=(9, 0.4 * len(best) + 1))[1]
    ax.barh([plot_text(text) for text in best[label]], best[column], color="#4e79a7")
    ax.set_xlabel(column)
    ax.set_title(plot_text(f"الفاعلون الأكثر مركزية — top {len(best)} by {column}"))
    return ax
