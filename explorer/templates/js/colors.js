// Colour by author, sub-thread, depth or time: the menu, each node's colour and the
// legend's key. Authors keep the colours the page was written with (the starter and the most
// active who wrote more than once); the other modes are worked out here, depth and time once
// the details are read.
explorer.colors = function (thread, view, overlay, restyle) {
  "use strict";
  var el = explorer.dom.el, data = thread.data, N = thread.N, count = thread.count;
  var menu = document.getElementById("color-by"), key = document.getElementById("author-legend");
  var heading = document.getElementById("color-heading");
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                 "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6bb1"];
  var RAMP = ["#d5e5f2", "#a9cce3", "#7fb2d5", "#5897c6", "#3a7cb3", "#27619a", "#1b4a7d",
              "#113560"];
  var OTHER = "#5f6b7a";
  function item(color, name, amount, owner) {
    var entry = el("li"), dot = el("span", owner ? "dot owner" : "dot");
    dot.style.background = color;
    entry.appendChild(dot);
    entry.appendChild(el("span", "name", name));
    if (amount !== null && amount !== undefined) entry.appendChild(el("span", "count", amount));
    key.appendChild(entry);
  }
  function byAuthor() {
    var colored = data.authors.filter(function (a) { return a.color !== OTHER; });
    colored.forEach(function (a) {
      item(a.color, a.name + (a.owner ? " (" + data.thread.ownerRole + ")" : ""), a.count,
           a.owner);
    });
    var rest = data.authors.length - colored.length;
    if (rest) {
      var once = data.authors.every(function (a) { return a.color !== OTHER || a.count === 1; });
      item(OTHER, rest + " other authors" + (once ? ", one comment each" : ""), null, false);
    }
    item(data.anonymousColor, "anonymous", null, false);
    return null;
  }
  // Each node's top-level comment (its sub-thread), found once per node along its parents.
  function subThreads() {
    var top = new Int32Array(count).fill(-2), post = function (i) {
      return thread.kind(i) !== "comment";
    };
    for (var i = 0; i < count; i++) {
      var path = [], j = i;
      while (top[j] === -2) {
        var p = N.parent[j];
        if (post(j)) { top[j] = -1; break; }
        if (p < 0 || post(p)) { top[j] = j; break; }
        path.push(j);
        j = p;
      }
      path.forEach(function (k) { top[k] = top[j]; });
    }
    return top;
  }
  function bySubThread() {
    var top = subThreads(), size = new Map();
    for (var i = 0; i < count; i++) {
      if (top[i] >= 0) size.set(top[i], (size.get(top[i]) || 0) + 1);
    }
    var largest = Array.from(size.keys()).filter(function (t) { return size.get(t) > 1; })
      .sort(function (a, b) { return size.get(b) - size.get(a) || a - b; }).slice(0, 12);
    var color = new Map(largest.map(function (t, c) { return [t, PALETTE[c]]; }));
    largest.forEach(function (t) {
      item(color.get(t), thread.nodeTitle(t), size.get(t), false);
    });
    item(OTHER, "smaller sub-threads", null, false);
    var colors = [];
    for (var k = 0; k < count; k++) {
      colors.push(top[k] < 0 ? data.anonymousColor : color.get(top[k]) || OTHER);
    }
    return colors;
  }
  function byDepth() {
    var deepest = 0, colors = [];
    for (var i = 0; i < count; i++) deepest = Math.max(deepest, N.depth[i]);
    for (var k = 0; k < count; k++) {
      colors.push(RAMP[Math.min(N.depth[k], RAMP.length - 1)]);
    }
    for (var d = 0; d <= Math.min(deepest, RAMP.length - 1); d++) {
      item(RAMP[d], d === RAMP.length - 1 && deepest > d ? "depth " + d + " to " + deepest
                                                       : "depth " + d, null, false);
    }
    return colors;
  }
  function byTime() {
    var timed = [];
    for (var i = 0; i < count; i++) if (N.time[i]) timed.push(i);
    timed.sort(function (a, b) {
      return N.time[a] < N.time[b] ? -1 : N.time[a] > N.time[b] ? 1 : a - b;
    });
    var colors = new Array(count).fill(data.anonymousColor), bins = RAMP.length;
    timed.forEach(function (i, r) { colors[i] = RAMP[Math.floor(r * bins / timed.length)]; });
    for (var b = 0; b < bins && timed.length; b++) {
      var first = timed[Math.ceil(b * timed.length / bins)];
      if (first === undefined) break;
      item(RAMP[b], "from " + N.time[first].replace("T", " ").slice(0, 16), null, false);
    }
    item(data.anonymousColor, "no time", null, false);
    return colors;
  }
  var MODES = {author: [byAuthor, "Colour: authors"],
               subthread: [bySubThread, "Colour: sub-threads"],
               depth: [byDepth, "Colour: depth"], time: [byTime, "Colour: time"]};
  function paint(mode) {
    key.replaceChildren();
    heading.textContent = MODES[mode][1];
    thread.paint(MODES[mode][0]());
    overlay.recolor();
    var all = [];
    for (var i = 0; i < count; i++) all.push(i);
    restyle(all);
  }
  menu.addEventListener("change", function () {
    var mode = menu.value;
    if (mode === "author" || mode === "subthread") paint(mode);
    else thread.whenRead(function () { paint(mode); });
  });
  key.replaceChildren();
  byAuthor();
  return {paint: paint};
};
