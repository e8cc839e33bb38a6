// The author filter and the search: both change how nodes look, through one restyle.
explorer.filters = function (thread, view, overlay, state, look, panel) {
  "use strict";
  var el = explorer.dom.el, data = thread.data, count = thread.count, EAGER_AUTHORS = 300;
  function restyle(ids) {
    var updates = [];
    ids.forEach(function (i) { if (overlay.has(i)) updates.push(look.styleFor(i)); });
    if (updates.length) view.nodes.update(updates);
    if (overlay.active) view.network.redraw();
  }
  var all = [];
  for (var k = 0; k < count; k++) all.push(k);

  var select = document.getElementById("author-filter");
  var everyone = el("option", null, "All authors (" + data.authors.length + ")");
  everyone.value = "-2";
  select.appendChild(everyone);
  // Thousands of options cost the browser half a second of style and layout before the first
  // frame: a thread with many authors lists them when the menu is first used.
  function listAuthors() {
    data.authors.forEach(function (a, i) {
      var option = el("option", null, a.name + " (" + a.count + ")" + (a.owner ? " ★" : ""));
      option.value = String(i);
      select.appendChild(option);
    });
    var anonymous = el("option", null, "Anonymous");
    anonymous.value = "-1";
    select.appendChild(anonymous);
  }
  if (data.authors.length <= EAGER_AUTHORS) {
    listAuthors();
  } else {
    var first = function () {
      ["pointerdown", "focus", "keydown"].forEach(function (event) {
        select.removeEventListener(event, first);
      });
      listAuthors();
    };
    ["pointerdown", "focus", "keydown"].forEach(function (event) {
      select.addEventListener(event, first);
    });
  }
  select.addEventListener("change", function () {
    state.authorFilter = Number(select.value);
    restyle(all);
  });

  var search = document.getElementById("search");
  var label = document.getElementById("matches");
  var haystack = null, cursor = -1, timer = null;
  function run() {
    if (!haystack && thread.details()) {
      haystack = thread.N.name.map(function (name, i) {
        return (thread.text(i) + "\n" + (thread.authorName(i) || "") + "\n#" + name)
          .toLowerCase();
      });
    }
    if (!haystack) {
      clearTimeout(timer);
      timer = setTimeout(run, 100);  // the texts are still being read
      return;
    }
    var query = search.value.trim().toLowerCase();
    var found = new Set();
    if (query.length >= 2) {
      haystack.forEach(function (text, i) { if (text.indexOf(query) >= 0) found.add(i); });
    }
    var changed = [];
    state.matches.forEach(function (i) { if (!found.has(i)) changed.push(i); });
    found.forEach(function (i) { if (!state.matches.has(i)) changed.push(i); });
    state.matches = found;
    cursor = -1;
    restyle(changed);
    label.textContent = query.length >= 2
      ? found.size + (found.size === 1 ? " match" : " matches") : "";
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, count > 2000 ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    clearTimeout(timer);
    run();
    var list = Array.from(state.matches).sort(function (a, b) { return a - b; });
    if (!list.length) return;
    cursor = (cursor + 1) % list.length;
    state.choose(list[cursor], "search");
  });
};
