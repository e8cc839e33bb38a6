// The author filter; it and the search change how nodes look, through one restyle.
explorer.filters = function (thread, view, overlay, state, look) {
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

  return {restyle: restyle};
};
