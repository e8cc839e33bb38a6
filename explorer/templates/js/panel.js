// The side panel: a node's text with its passages marked, and links to its neighbours.
explorer.panel = function (thread, view, overlay, state) {
  "use strict";
  var el = explorer.dom.el, N = thread.N, network = view.network, container = view.container;
  var panel = document.getElementById("panel");
  var OUT = {reply: "replies to", inferred: "probably replies to",
             "inferred-medium": "may reply to", "inferred-low": "perhaps replies to",
             post: "comments on", addressed: "addresses", quote: "quotes",
             "quote-parent": "quotes the comment it answers,",
             repeat: "repeats a passage of", duplicate: "duplicates"};
  var IN = {reply: "replied to by", inferred: "probably replied to by",
            "inferred-medium": "may be replied to by", "inferred-low": "perhaps replied to by",
            post: "commented on by", addressed: "addressed by", quote: "quoted later by",
            "quote-parent": "quoted in a reply by",
            repeat: "repeated by", duplicate: "duplicated by"};
  var WHOSE = {quote: "quoted from ", quoted: "quoted later by ", duplicate: "duplicates "};
  function highlighted(text, marks) {
    var box = document.getElementById("panel-text");
    box.replaceChildren();
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] > at) explorer.dom.linkified(box, text.slice(at, m[0]));
      var mark = box.appendChild(explorer.dom.linkified(el("mark", m[2]),
                                                        text.slice(m[0], m[1])));
      // A quoted passage names the other comment, and a click goes there.
      if (m[3] >= 0) {
        mark.title = (WHOSE[m[2]] || "shared with ") + thread.nodeTitle(m[3]);
        mark.dataset.node = String(m[3]);
        mark.addEventListener("click", function (event) {
          if (!event.target.closest("a")) state.choose(m[3], "panel");
        });
      }
      at = m[1];
    });
    if (at < text.length) explorer.dom.linkified(box, text.slice(at));
  }
  function link(i) {
    var button = el("button", "goto", thread.nodeTitle(i));
    button.type = "button";
    button.dataset.node = String(i);
    button.addEventListener("click", function () { state.choose(i, "panel"); });
    return button;
  }
  function item(i) { var li = el("li"); li.appendChild(link(i)); return li; }
  // A post with 200,000 replies froze the page for most of a minute building their links:
  // a section lists the first LISTED, and says how many there are.
  var LISTED = 200;
  function section(box, heading, entries, make) {
    if (!entries.length) return;
    var more = entries.length - LISTED;
    box.appendChild(el("h3", null, more > 0 ? heading + " (" + entries.length + ")" : heading));
    var list = el("ul");
    entries.slice(0, LISTED).forEach(function (entry) { list.appendChild(make(entry)); });
    box.appendChild(list);
    if (more > 0) box.appendChild(el("p", "more", "and " + more + " more, not listed"));
  }
  // Quotes it makes and quotes of it look apart: "from" and "by" (page.css).
  function edgeItem(e, other, verb, way) {
    var entry = el("li", /quote/.test(thread.category(e).name) ? "quote " + way : null);
    entry.appendChild(document.createTextNode(verb + " "));
    entry.appendChild(link(other));
    var why = thread.edgeWhy(e);
    if (why) entry.appendChild(el("span", "why", why));
    return entry;
  }
  function open(i) {
    state.current = i;
    document.getElementById("panel-title").textContent = thread.nodeTitle(i);
    var meta = ["reading the texts…"];
    if (thread.details()) {
      // To the second: a fraction of one says nothing to a reader.
      meta = [N.id[i], N.time[i] ? N.time[i].replace("T", " ").replace(/\.\d+/, "") : null,
              N.words[i] + " words", "depth " + N.depth[i]];
    } else {
      thread.whenRead(function () { if (state.current === i && !panel.hidden) open(i); });
    }
    var metaBox = document.getElementById("panel-meta");
    metaBox.textContent = meta.filter(Boolean).join(" · ");
    var online = thread.details() && N.url[i] && explorer.dom.link(N.url[i], "open online ↗");
    if (online) {
      metaBox.appendChild(document.createTextNode(" · "));
      metaBox.appendChild(online);
    }
    highlighted(thread.text(i), thread.marks(i));
    var box = document.getElementById("panel-links");
    box.replaceChildren();
    if (N.parent[i] >= 0) section(box, "In reply to", [N.parent[i]], item);
    section(box, "Replies", thread.children(i), item);
    section(box, "Links from this " + thread.kind(i), thread.outgoing(i), function (e) {
      return edgeItem(e, thread.to[e], OUT[thread.category(e).name], "from");
    });
    section(box, "Links to it", thread.incoming(i), function (e) {
      return edgeItem(e, thread.from[e], IN[thread.category(e).name], "by");
    });
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  // Where the panel leaves the graph in view, as an offset from the canvas' centre: left of
  // a side panel on a wide screen, above the sheet at the bottom on a phone.
  function uncovered() {
    var box = container.getBoundingClientRect(), sheet = panel.getBoundingClientRect();
    if (sheet.left > box.left + box.width / 2) return {x: (sheet.left - box.right) / 2, y: 0};
    if (sheet.top > box.top + box.height / 4) return {x: 0, y: (sheet.top - box.bottom) / 2};
    return {x: 0, y: 0};
  }
  // Open the node, then centre it in the part of the canvas the panel leaves visible.
  function focus(i) {
    open(i);
    var offset = uncovered(), scale = Math.max(network.getScale(), 0.8);
    if (overlay.active) {
      network.moveTo({position: overlay.position(i), scale: scale, offset: offset,
                      animation: false});
      overlay.sync();
      if (overlay.has(i)) network.selectNodes([i]); else network.unselectAll();
    } else {
      network.selectNodes([i]);
      network.focus(i, {scale: scale, offset: offset,
                        animation: {duration: 250, easingFunction: "easeInOutQuad"}});
    }
  }
  function close() {
    panel.hidden = true;
    state.current = -1;
    network.unselectAll();
    if (overlay.active) network.redraw();
  }
  document.getElementById("panel-close").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  return {open: open, focus: focus, close: close};
};
