"""The forum, Q&A and board page layouts, in the order they are tried before the blog ones.

Stack Exchange comes first: its comments carry ``id="comment-N"``, which the WordPress
layout would otherwise take for a flat list of blog comments (as it would Invision's
``<a id="comment-N">`` anchors).
"""

from __future__ import annotations

from . import board_layouts, forum_layouts, invision_layouts, qa_layouts, smf_mybb_layouts

LAYOUTS = (*qa_layouts.LAYOUTS, *board_layouts.LAYOUTS, *forum_layouts.LAYOUTS,
           *smf_mybb_layouts.LAYOUTS, *invision_layouts.LAYOUTS)
