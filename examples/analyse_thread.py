"""Read one thread, analyse it and look at what was found.

    python examples/analyse_thread.py [THREAD_FILE]
"""

import sys
from collections import Counter
from pathlib import Path

from explorer import analyse, read_paths

HERE = Path(__file__).resolve().parent
path = sys.argv[1] if len(sys.argv) > 1 else str(HERE / "data" / "caseloads.json")

for thread in read_paths([path]):
    thread = analyse(thread)
    print(f"{thread.id}: {thread.title!r}, {len(thread.comments)} comments")
    print("edges by kind:", dict(Counter(edge.kind for edge in thread.edges)))
    for node in thread.comments[:5]:
        author = node.author or node.author_inferred or "-"
        print(f"  {node.label:>5}  {author:<12} {node.text[:60]!r}")
    for problem in thread.problems:
        print("problem:", problem)
