"""Write a thread's graph as one self-contained HTML page, and a folder of light pages.

    python examples/write_html.py [THREAD_FILE] [OUT_DIR]
"""

import sys
from pathlib import Path

from explorer import analyse, read_paths
from explorer.render import write_html, write_pages

HERE = Path(__file__).resolve().parent
path = sys.argv[1] if len(sys.argv) > 1 else str(HERE / "data" / "caseloads.json")
out = Path(sys.argv[2] if len(sys.argv) > 2 else "out/html")
out.mkdir(parents=True, exist_ok=True)

thread = analyse(read_paths([path])[0])
page = write_html(thread, out / "thread.html")
print(f"wrote {page} ({page.stat().st_size // 1024} KiB); open it in a browser")

# Many threads: one page each sharing one copy of the scripts, the dashboard (index.html)
# and the people page.
seeds = [analyse(t) for t in read_paths([str(HERE.parent / "seeds")])]
for written in write_pages(seeds, out / "seeds"):
    print("wrote", written)
