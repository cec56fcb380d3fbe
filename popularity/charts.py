"""Bar charts drawn on the server as SVG: no chart library, no CDN."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, AXIS = 720, 200, 24


def bar_chart(series, label_of, title, every=6):
    """An SVG bar chart of [(moment, value)]; ``label_of(moment)`` names a bar, every ``every`` one is printed."""
    count = max(len(series), 1)
    peak = max((value for _moment, value in series), default=0) or 1
    slot = WIDTH / count
    bar = max(slot * 0.8, 1)
    parts = [
        # Time runs left to right in both languages, as on a clock face or a timeline.
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + AXIS}" role="img" aria-label="{escape(title)}" '
        f'direction="ltr" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" class="axis"/>',
        f'<text x="0" y="12" class="peak">{peak}</text>',
    ]
    for index, (moment, value) in enumerate(series):
        height = HEIGHT * value / peak
        x = index * slot + (slot - bar) / 2
        label = escape(label_of(moment))
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - height:.1f}" width="{bar:.1f}" height="{height:.1f}" class="bar">'
            f"<title>{label}: {value}</title></rect>"
        )
        if index % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT + 16}" class="tick">{label}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
