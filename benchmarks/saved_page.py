"""A saved WordPress page of N nested comments, to time reading saved pages as they grow.

    python benchmarks/saved_page.py 16000 > page16k.html
    python benchmarks/read_cost.py page16k.html        # CPU and peak memory of reading it

The page has WordPress' default comment markup (``li#comment-N`` in ``children`` lists,
``.fn``, ``time datetime``, ``comment-content``, reply links) nested up to five deep at
random (seeded, so the same N gives the same page). Doubling N should double the CPU:
every lookup inside a comment walks that comment alone.
"""

from __future__ import annotations

import argparse
import random
import sys


def saved_page(count: int, seed: int = 1) -> str:
    """The HTML of a post with ``count`` comments."""
    chance = random.Random(seed)
    parts = ['<!DOCTYPE html><html><head><title>Post</title></head><body>'
             '<article id="post-1"><div class="entry-content"><p>The post.</p></div>'
             f'</article><div id="comments"><h2 class="comments-title">{count} comments</h2>'
             '<ol class="comment-list">']
    depth = 0
    for number in range(count):
        parts.append(
            f'<li id="comment-{number}" class="comment depth-{depth + 1}">'
            '<article class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn">Reader{number % 97}</b> '
            '<span class="says">says:</span></div><div class="comment-metadata">'
            f'<a href="/post/#comment-{number}"><time datetime="2020-01-01T10:'
            f'{number % 60:02d}:00+00:00">1 January 2020</time></a></div></footer>'
            f'<div class="comment-content"><p>Comment {number}, a few words long.</p></div>'
            '<div class="reply"><a class="comment-reply-link">Reply</a></div></article>'
        )
        if depth < 4 and chance.random() < 0.4:
            parts.append('<ol class="children">')
            depth += 1
            continue
        parts.append("</li>")
        while depth and chance.random() < 0.5:
            parts.append("</ol></li>")
            depth -= 1
    parts.append("</ol></li>" * depth + "</ol></div></body></html>")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    sys.stdout.write(saved_page(parser.parse_args().count))


if __name__ == "__main__":
    main()
