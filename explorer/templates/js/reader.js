// The reading view: the thread as an indented conversation, an ARIA tree (one treeitem per
// comment, aria-level one more than its parent's) beside the graph. Rows are one flat list in
// reading order, so a 20,000-deep chain is not 20,000 nested elements, and a sub-thread is a
// run of rows: collapsing one hides a run. Rows are made in chunks once the texts are read,
// the first few thousand at once and the rest as the list is scrolled to its end or a
// comment further on is chosen.
explorer.reader = function (thread, state) {
  "use strict";
  var el = explorer.dom.el, N = thread.N, count = thread.count, AUTO = 3000, CHUNK = 400;
  var box = document.getElementById("conversation"), more = document.getElementById("more");
  var order = new Int32Array(count), pos = new Int32Array(count), size = new Int32Array(count);
  // Comments in each node's sub-thread, itself included: the counts shown. ``size`` (rows)
  // also holds the stand-ins for parents not in the input and excerpts of the post, which
  // the thread's figures do not count as comments.
  var said = new Int32Array(count);
  var level = new Int32Array(count), top = new Int32Array(count);
  var rows = new Array(count), collapsed = new Uint8Array(count), built = 0, selected = -1;
  var roving = -1;
  var byTime = new Int32Array(count), rank = new Int32Array(count), ready = false;

  function timeOrder(a, b) {
    var ta = N.time[a], tb = N.time[b];
    if (ta === tb) return a - b;
    if (ta === null) return 1;
    if (tb === null) return -1;
    return ta < tb ? -1 : 1;
  }
  // Reading order: the post, then each comment followed by its replies, siblings in the
  // source's order or by time. Iterative, as threads can be deep.
  function arrange(siblingsByTime) {
    var roots = [];
    for (var i = 0; i < count; i++) if (N.parent[i] < 0) roots.push(i);
    var kids = function (j) {
      var list = thread.children(j);
      return siblingsByTime ? list.sort(timeOrder) : list;
    };
    if (siblingsByTime) roots.sort(timeOrder);
    var stack = roots.slice().reverse(), p = 0;
    roots.forEach(function (r) { level[r] = 1; top[r] = r; });
    while (stack.length) {
      var node = stack.pop(), children = kids(node);
      order[p] = node; pos[node] = p++;
      for (var c = children.length - 1; c >= 0; c--) {
        var child = children[c];
        level[child] = level[node] + 1;
        // A sub-thread is a top-level comment and its replies (the post's own sub-thread
        // would be all of it).
        top[child] = level[node] === 1 && thread.kind(node) === "post" ? child : top[node];
        stack.push(child);
      }
    }
    for (var q = count - 1; q >= 0; q--) {
      var n = order[q];
      size[n] += 1;
      said[n] += thread.kind(n) === "comment" ? 1 : 0;
      if (N.parent[n] >= 0) {
        size[N.parent[n]] += size[n];
        said[N.parent[n]] += said[n];
      }
    }
    var times = Array.from(order).sort(timeOrder);
    times.forEach(function (node, r) { byTime[r] = node; rank[node] = r; });
  }

  function when(i) { return N.time[i] ? N.time[i].replace("T", " ").slice(0, 16) : ""; }
  // Comments under ``i``, itself not counted.
  function below(i) { return said[i] - (thread.kind(i) === "comment" ? 1 : 0); }
  function toggleLabel(i) {
    var hidden = below(i);
    return collapsed[i] ? "▸ " + hidden + (hidden === 1 ? " reply" : " replies") : "▾";
  }
  function row(i) {
    var item = el("div", "turn");
    item.setAttribute("role", "treeitem");
    item.setAttribute("aria-level", String(level[i]));
    item.setAttribute("aria-selected", "false");
    item.dataset.id = N.id[i];
    item.dataset.node = String(i);
    item.tabIndex = -1;
    item.style.paddingLeft = (0.4 + 0.7 * Math.min(level[i] - 1, 12)) + "rem";
    var head = el("div", "who");
    if (size[i] > 1) {
      item.setAttribute("aria-expanded", collapsed[i] ? "false" : "true");
      var toggle = el("button", "fold", toggleLabel(i));
      toggle.type = "button";
      toggle.tabIndex = -1;
      toggle.setAttribute("aria-label", "Open or close the replies");
      head.appendChild(toggle);
    }
    var dot = el("span", "dot");
    dot.style.background = thread.color(i);
    head.appendChild(dot);
    head.appendChild(el("b", null, thread.authorName(i) || (thread.kind(i) === "post"
      ? "The post" : "anonymous")));
    if (thread.removed(i)) head.appendChild(el("span", "removed", thread.removed(i)));
    head.appendChild(el("span", "meta", [when(i), "#" + N.name[i],
      // Indents stop at 12 levels; deeper, the row says its depth (the panel's: a thread
      // without a post has its top comments at depth 1, on the first level).
      level[i] > 13 ? "depth " + N.depth[i] : "",
      below(i) > 0 ? below(i) + " in sub-thread" : ""].filter(Boolean).join(" · ")));
    item.appendChild(head);
    item.appendChild(explorer.dom.quoting(el("div", "says"), thread.text(i)));
    var parent = N.parent[i];
    item.hidden = parent >= 0 && (collapsed[parent] === 1 || rows[parent].hidden);
    return item;
  }
  // Make the rows up to reading position ``end`` (rows are made in order, parents first).
  function build(end) {
    end = Math.min(end, count);
    if (end <= built) return;
    var part = document.createDocumentFragment();
    for (; built < end; built++) {
      var i = order[built];
      rows[i] = row(i);
      part.appendChild(rows[i]);
    }
    box.appendChild(part);
    more.hidden = built >= count;
    more.textContent = "Show more (" + (count - built) + " not shown yet)";
  }
  function buildSoon() {
    if (built >= Math.min(AUTO, count)) return;
    build(built + CHUNK);
    setTimeout(buildSoon, 0);
  }

  function fold(i, closed) {
    if (size[i] < 2 || collapsed[i] === (closed ? 1 : 0)) return;
    collapsed[i] = closed ? 1 : 0;
    var item = rows[i];
    item.setAttribute("aria-expanded", closed ? "false" : "true");
    item.querySelector(".fold").textContent = toggleLabel(i);
    var end = Math.min(pos[i] + size[i], built), p = pos[i] + 1;
    while (p < end) {
      var j = order[p];
      rows[j].hidden = closed || item.hidden;
      p += !closed && collapsed[j] ? size[j] : 1;
    }
  }
  // Show row ``i``: make the rows up to it and open the sub-threads that hide it.
  function reveal(i) {
    build(pos[i] + 1);
    for (var a = N.parent[i]; a >= 0; a = N.parent[a]) if (collapsed[a]) fold(a, false);
  }
  // The one row Tab reaches (the WAI-ARIA tree's roving tab stop).
  function rove(i) {
    if (roving >= 0 && rows[roving]) rows[roving].tabIndex = -1;
    roving = i;
    rows[i].tabIndex = 0;
  }
  // Atop the chosen row's text, on a phone (where the panel is not beside the list): its
  // parent, the comments it quotes and those that quote it, each a button that goes there.
  var QUOTES = {quote: 1, "quote-parent": 1}, LINKS = 20;
  function jump(j, text) {
    var button = el("button", "jump", text + " " + thread.nodeTitle(j));
    button.type = "button";
    button.tabIndex = -1;
    button.dataset.node = String(j);
    return button;
  }
  // The other ends of ``i``'s quote edges, once each (a comment may quote another often).
  function quoteEnds(edges, end) {
    var seen = new Set();
    edges.forEach(function (e) { if (QUOTES[thread.category(e).name]) seen.add(end[e]); });
    return Array.from(seen).slice(0, LINKS);
  }
  function links(i) {
    var box = el("div", "links");
    if (N.parent[i] >= 0) box.appendChild(jump(N.parent[i], "↑ in reply to"));
    quoteEnds(thread.outgoing(i), thread.to).forEach(function (j) {
      box.appendChild(jump(j, "❝ quotes"));
    });
    quoteEnds(thread.incoming(i), thread.from).forEach(function (j) {
      box.appendChild(jump(j, "↩ quoted by"));
    });
    return box;
  }
  function show(i, scroll) {
    if (!ready) return;
    if (selected >= 0) {
      rows[selected].setAttribute("aria-selected", "false");
      var old = rows[selected].querySelector(".links");
      if (old) old.remove();
    }
    selected = i;
    enableSteps();
    if (i < 0) return;
    reveal(i);
    rows[i].setAttribute("aria-selected", "true");
    rows[i].insertBefore(links(i), rows[i].querySelector(".says"));
    rove(i);
    if (scroll) {
      // Rows out of view are laid out with a guessed height (content-visibility), so the
      // first scroll can land a little off: once the rows around it are drawn, again.
      // A row taller than the view shows its start.
      var settle = function () {
        var tall = rows[i].offsetHeight > 0.8 * box.parentNode.clientHeight;
        rows[i].scrollIntoView({block: tall ? "start" : "nearest"});
      };
      rows[i].scrollIntoView({block: "center"});
      settle();
      requestAnimationFrame(function () { if (selected === i) settle(); });
    }
  }

  // The next or previous row a person can see, from reading position ``p``.
  function visible(p, step) {
    for (p += step; p >= 0 && p < count; p += step) {
      if (p >= built) build(p + CHUNK);
      var j = order[p];
      if (!rows[j].hidden) return j;
    }
    return -1;
  }
  function choose(i, from) {
    if (i >= 0) { state.choose(i, from || "reader"); rows[i].focus(); }
  }
  function key(event) {
    var i = selected >= 0 ? selected : order[0], p = pos[i];
    var moves = {
      ArrowDown: function () { return visible(p, 1); },
      ArrowUp: function () { return visible(p, -1); },
      Home: function () { return order[0]; },
      End: function () {
        build(count);
        return rows[order[count - 1]].hidden ? visible(count, -1) : order[count - 1];
      },
      ArrowRight: function () {
        if (size[i] < 2) return -1;
        if (collapsed[i]) { fold(i, false); return -1; }
        return order[p + 1];
      },
      ArrowLeft: function () {
        if (size[i] > 1 && !collapsed[i]) { fold(i, true); return -1; }
        return N.parent[i];
      },
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    choose(moves[event.key](), "step");
  }

  // Earlier and later by time; previous and next within the sub-thread, in reading order.
  // A step with nowhere to go is disabled, so a press never silently does nothing.
  var steps = {earlier: ["time", -1], later: ["time", 1], previous: ["sub", -1],
               next: ["sub", 1]};
  function target(kind, direction) {
    var i = selected;
    if (i < 0) return kind === "time" ? byTime[0] : order[0];
    if (kind === "time") {
      var r = rank[i] + direction;
      return r >= 0 && r < count ? byTime[r] : -1;
    }
    var p = pos[i] + direction, t = top[i];
    return p < pos[t] || p >= pos[t] + size[t] ? -1 : order[p];
  }
  function enableSteps() {
    Object.keys(steps).forEach(function (name) {
      document.getElementById(name).disabled = target(steps[name][0], steps[name][1]) < 0;
    });
  }
  function step(kind, direction) { choose(target(kind, direction), "step"); }

  // The busiest sub-threads, largest first: where most of the talk is (the post's own would
  // be all of it).
  function busiest() {
    var list = document.getElementById("busiest-list"), tops = [];
    for (var i = 0; i < count; i++) {
      if (top[i] === i && size[i] > 1 && thread.kind(i) !== "post") tops.push(i);
    }
    tops.sort(function (a, b) { return said[b] - said[a] || pos[a] - pos[b]; });
    tops.slice(0, 10).forEach(function (i) {
      var item = el("li"), button = el("button", "goto",
        (thread.authorName(i) || "#" + N.name[i]) + " · " + said[i]
        + (said[i] === 1 ? " comment" : " comments"));
      button.type = "button";
      button.dataset.node = String(i);
      button.addEventListener("click", function () { choose(i); });
      item.appendChild(button);
      list.appendChild(item);
    });
    document.getElementById("busiest").hidden = !tops.length;
  }

  function start(siblingsByTime) {
    size.fill(0);
    said.fill(0);
    collapsed.fill(0);
    arrange(siblingsByTime);
    box.replaceChildren();
    rows = new Array(count);
    built = 0;
    roving = -1;
    ready = true;
    var keep = selected;
    selected = -1;
    build(CHUNK);
    rove(order[0]);
    buildSoon();
    if (keep >= 0) show(keep, true);
  }
  box.addEventListener("click", function (event) {
    var item = event.target.closest(".turn"), target = event.target.closest(".jump");
    if (target) return choose(Number(target.dataset.node));
    if (!item || event.target.closest("a")) return;
    var i = Number(item.dataset.node);
    if (event.target.closest(".fold")) fold(i, !collapsed[i]);
    else state.choose(i, "reader");
  });
  box.addEventListener("keydown", key);
  more.addEventListener("click", function () { build(built + 5 * CHUNK); });
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (seen) {
      if (seen[0].isIntersecting && ready) build(built + CHUNK);
    }, {root: box.parentNode}).observe(more);
  }
  Object.keys(steps).forEach(function (name) {
    document.getElementById(name).addEventListener("click", function () {
      step(steps[name][0], steps[name][1]);
    });
  });
  var sort = document.getElementById("order");
  sort.addEventListener("change", function () { start(sort.value === "time"); });
  thread.whenRead(function () {
    start(sort.value === "time");
    busiest();
    document.getElementById("reader").dataset.ready = "1";
  });
  return {show: show, fold: fold, step: step,
          order: function () { return Array.from(order.subarray(0, ready ? count : 0)); },
          position: function (i) { return pos[i]; }, subThread: function (i) { return top[i]; }};
};
