"""Chart the number of comments over time as an SVG file, with no plotting library.

    python examples/comments_over_time.py [THREAD_FILE] [OUT.svg]

With matplotlib installed, ``comments.set_index("published")["words"].plot()`` draws
from the same DataFrame; this version writes the SVG itself so it runs anywhere.
"""

import sys
from pathlib import Path

from explorer import analyse, read_paths
from explorer.stats import comment_stats

HERE = Path(__file__).resolve().parent
path = sys.argv[1] if len(sys.argv) > 1 else str(HERE / "data" / "caseloads.json")
out = Path(sys.argv[2] if len(sys.argv) > 2 else "out/comments_over_time.svg")

comments = comment_stats([analyse(t) for t in read_paths([path])])
times = comments["published"].dropna().sort_values()
if times.empty:
    sys.exit(f"{path}: no comment has a time, so there is nothing to chart")

width, height, pad = 600, 300, 40
start, end = times.iloc[0], times.iloc[-1]
seconds = max((end - start).total_seconds(), 1.0)


def x(moment):
    return pad + (moment - start).total_seconds() / seconds * (width - 2 * pad)


def y(count):
    return height - pad - count / len(times) * (height - 2 * pad)


# A step line: the running count of comments, rising at each comment's time.
points = [(x(start), y(0))]
for count, moment in enumerate(times, start=1):
    points += [(x(moment), y(count - 1)), (x(moment), y(count))]
line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
end_anchor = 'text-anchor="end"'
svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">
<rect width="100%" height="100%" fill="white"/>
<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="black"/>
<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>
<polyline points="{line}" fill="none" stroke="steelblue" stroke-width="2"/>
<text x="{pad}" y="{height - 15}" font-size="12">{start:%Y-%m-%d %H:%M}</text>
<text x="{width - pad}" y="{height - 15}" font-size="12" {end_anchor}>{end:%Y-%m-%d %H:%M}</text>
<text x="{pad - 5}" y="{pad + 4}" font-size="12" text-anchor="end">{len(times)}</text>
<text x="{pad - 5}" y="{height - pad + 4}" font-size="12" text-anchor="end">0</text>
<text x="{width / 2}" y="20" font-size="14" text-anchor="middle">comments over time</text>
</svg>
"""
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(svg, encoding="utf-8")
print(f"wrote {out}: {len(times)} comments from {start} to {end}")
