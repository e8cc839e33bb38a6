// The search: text, author names and labels. Matches are ringed in the graph, counted
// ("3 / 19" once one is chosen) and listed to click; Enter chooses the next match after the
// chosen comment in reading order, Shift+Enter the previous one.
explorer.search = function (thread, state, restyle, reader) {
  "use strict";
  var el = explorer.dom.el, N = thread.N, LISTED = 100;
  var search = document.getElementById("search"), label = document.getElementById("matches");
  var list = document.getElementById("match-list");
  var haystack = null, timer = null, query = "", ordered = [];
  function where(i) { return reader.position(i); }
  function count() {
    var at = ordered.indexOf(state.current);
    label.textContent = !query ? "" : at >= 0 ? (at + 1) + " / " + ordered.length
      : ordered.length + (ordered.length === 1 ? " match" : " matches");
  }
  function item(i) {
    var entry = el("li"), button = el("button", "goto");
    button.type = "button";
    button.dataset.node = String(i);
    button.appendChild(el("b", null, thread.nodeTitle(i)));
    button.appendChild(el("span", null, explorer.dom.firstLines(thread.text(i), 90)));
    button.addEventListener("click", function () { choose(i); });
    entry.appendChild(button);
    return entry;
  }
  function listMatches() {
    list.replaceChildren();
    ordered.slice(0, LISTED).forEach(function (i) { list.appendChild(item(i)); });
    if (ordered.length > LISTED) {
      list.appendChild(el("li", "more", (ordered.length - LISTED) + " more: press Enter to step"));
    }
    list.hidden = !ordered.length || document.activeElement !== search;
  }
  function run() {
    if (!haystack && thread.details()) {
      haystack = N.name.map(function (name, i) {
        return (thread.text(i) + "\n" + (thread.authorName(i) || "") + "\n#" + name)
          .toLowerCase();
      });
    }
    if (!haystack) {
      clearTimeout(timer);
      timer = setTimeout(run, 100);  // the texts are still being read
      return;
    }
    var wanted = search.value.trim().toLowerCase();
    if (wanted.length < 2) wanted = "";
    if (wanted === query && haystack) return;
    query = wanted;
    var found = new Set();
    if (query) haystack.forEach(function (text, i) { if (text.indexOf(query) >= 0) found.add(i); });
    var changed = [];
    state.matches.forEach(function (i) { if (!found.has(i)) changed.push(i); });
    found.forEach(function (i) { if (!state.matches.has(i)) changed.push(i); });
    state.matches = found;
    ordered = Array.from(found).sort(function (a, b) { return where(a) - where(b); });
    restyle(changed);
    listMatches();
    count();
  }
  function choose(i) {
    state.choose(i, "search");
    list.hidden = true;
    count();
  }
  // The match after (or before) the chosen comment in reading order, wrapping round.
  function step(direction) {
    if (!ordered.length) return;
    var at = state.current >= 0 ? where(state.current) : -1, next;
    if (direction > 0) {
      next = ordered.find(function (i) { return where(i) > at; });
      if (next === undefined) next = ordered[0];
    } else {
      var before = ordered.filter(function (i) { return at < 0 || where(i) < at; });
      next = before.length ? before[before.length - 1] : ordered[ordered.length - 1];
    }
    choose(next);
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, thread.count > 2000 ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { list.hidden = true; return; }
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    run();
    step(event.shiftKey ? -1 : 1);
  });
  ["focus", "click"].forEach(function (event) {
    search.addEventListener(event, function () { list.hidden = !ordered.length; });
  });
  // A click in the list must land before the search box's blur hides it.
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  search.addEventListener("blur", function () { list.hidden = true; });
  return {count: count};
};
