"""Run over a folder of threads: one stats row per thread, and exports for other tools.

    python examples/folder_of_threads.py [FOLDER] [OUT_DIR]
"""

import sys
from pathlib import Path

from explorer import ExplorerError, analyse, read_paths
from explorer.export import export
from explorer.stats import thread_stats

HERE = Path(__file__).resolve().parent
folder = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parent / "seeds")
out = Path(sys.argv[2] if len(sys.argv) > 2 else "out/folder")

# on_error keeps going past a bad file, as the CLI does.
threads = read_paths([folder], on_error=lambda err: print(f"skipped: {err}", file=sys.stderr))
threads = [analyse(thread) for thread in threads]
if not threads:
    raise ExplorerError("no threads read", folder)

frame = thread_stats(threads)
out.mkdir(parents=True, exist_ok=True)
frame.to_csv(out / "threads.csv", index=False)
print(frame[["thread", "comments", "replies_explicit", "words_total"]].to_string(index=False))
print("total comments:", frame["comments"].sum())

for path in export(threads, "gexf", out / "threads.gexf") + export(threads, "csv", out / "csv"):
    print("wrote", path)
