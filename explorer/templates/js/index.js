// The dashboard's thread table: sort by any column, filter by words and a comment count range,
// one page of rows at a time; the sort and filters live in the address.
(function () {
  "use strict";
  var table = document.getElementById("thread-table"), body = table.tBodies[0];
  var rows = Array.from(body.rows), heads = Array.from(table.tHead.rows[0].cells);
  var order = new Map(rows.map(function (row, i) { return [row, i]; }));
  function key(row, column, text) {
    var v = row.cells[column].dataset.v;
    return text ? v : (v === "" ? null : Number(v));
  }
  // Each column's values read once, by first order: sorting 50,000 rows reads them 800,000 times.
  var columns = {};
  function values(column, text) {
    if (!columns[column]) {
      columns[column] = new Array(rows.length);
      order.forEach(function (i, row) { columns[column][i] = key(row, column, text); });
    }
    return columns[column];
  }
  function sortBy(th, column, descending) {
    var text = th.dataset.type === "text";
    heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var sign = descending ? -1 : 1;
    var v = values(column, text);
    rows.sort(function (a, b) {
      var x = v[order.get(a)], y = v[order.get(b)];
      // Missing values go last either way; ties keep the table's first order.
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else if (x !== y) {
        return sign * (x < y ? -1 : 1);
      }
      return order.get(a) - order.get(b);
    });
  }
  var filter = document.getElementById("filter"), least = document.getElementById("min-comments");
  var most = document.getElementById("max-comments");
  var shown = document.getElementById("shown");
  var comments = heads.findIndex(function (th) { return th.textContent.trim() === "Comments"; });
  var texts = null;  // read on the first filter by words
  // Only one page of rows is shown (the page starts so): thousands laid out take seconds.
  var PAGE = Number(table.dataset.page) || rows.length, page = 0, kept = rows;
  var visible = rows.slice(0, PAGE);
  var pager = document.getElementById("pager");
  var previous = document.getElementById("previous-page");
  var next = document.getElementById("next-page");
  function show() {
    visible.forEach(function (row) { row.hidden = true; });
    visible = kept.slice(page * PAGE, (page + 1) * PAGE);
    // Hidden rows may stay anywhere: only the shown ones are put in order, at the end.
    var fragment = document.createDocumentFragment();
    visible.forEach(function (row) { row.hidden = false; fragment.appendChild(row); });
    body.appendChild(fragment);
    var first = page * PAGE;
    shown.textContent = kept.length > PAGE
      ? (first + 1) + "–" + (first + visible.length) + " of " + kept.length + " threads" +
        (kept.length < rows.length ? " (" + rows.length + " in all)" : "")
      : kept.length + " of " + rows.length + " threads";
    pager.hidden = kept.length <= PAGE;
    previous.disabled = page === 0;
    next.disabled = first + PAGE >= kept.length;
  }
  function apply() {
    var words = filter.value.trim().toLowerCase(), fewest = Number(least.value) || 0;
    var limit = most.value === "" ? Infinity : Number(most.value);
    var counts = values(comments, false);
    if (words && !texts) {
      texts = new Array(rows.length);
      order.forEach(function (i, row) { texts[i] = row.cells[0].textContent.toLowerCase(); });
    }
    kept = rows.filter(function (row) {
      var i = order.get(row);
      return counts[i] >= fewest && counts[i] <= limit && (!words || texts[i].indexOf(words) >= 0);
    });
    page = 0;
    show();
  }
  // The sort and filters live in the address (replaced, not added to the history), so
  // Back from a thread's page comes back to the table as it was left.
  function remember() {
    var sorted = heads.find(function (th) { return th.getAttribute("aria-sort") !== "none"; });
    var wanted = new URLSearchParams();
    if (sorted) {
      wanted.set("sort", sorted.dataset.key);
      wanted.set("order", sorted.getAttribute("aria-sort"));
    }
    if (filter.value) wanted.set("filter", filter.value);
    if (Number(least.value)) wanted.set("min", least.value);
    if (most.value !== "") wanted.set("max", most.value);
    history.replaceState(null, "", "#" + wanted.toString());
  }
  function recall() {
    var given = new URLSearchParams(location.hash.slice(1));
    var column = heads.findIndex(function (th) { return th.dataset.key === given.get("sort"); });
    if (column >= 0) sortBy(heads[column], column, given.get("order") !== "ascending");
    filter.value = given.get("filter") || "";
    least.value = given.get("min") || "0";
    most.value = given.get("max") || "";
  }
  heads.forEach(function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var was = th.getAttribute("aria-sort");
      sortBy(th, column, was === "none" ? th.dataset.type !== "text" : was === "ascending");
      apply();
      remember();
    });
  });
  // A click on a bar of the thread-size chart shows the threads of that bar's sizes: the
  // click's place on the x axis, read back through the axis the page was given, picks a bin.
  Array.from(document.querySelectorAll("figure[data-axis]")).forEach(function (figure) {
    var axis = JSON.parse(figure.dataset.axis), image = figure.querySelector("img");
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      var fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
      var at = (fx - axis.x0) / (axis.x1 - axis.x0);
      if (at < 0 || at > 1 || fy < axis.y0 || fy > axis.y1) return;
      var lo = axis.lim[0], hi = axis.lim[1];
      var value = axis.log ? Math.exp(Math.log(lo) + at * (Math.log(hi) - Math.log(lo)))
                           : lo + at * (hi - lo);
      var edges = axis.edges;
      for (var b = 0; b + 1 < edges.length; b++) {
        if (value >= edges[b] && value < edges[b + 1]) {
          least.value = String(Math.ceil(edges[b]));
          most.value = String(Math.ceil(edges[b + 1]) - 1);
          apply();
          remember();
          document.getElementById("threads").scrollIntoView();
          return;
        }
      }
    });
  });
  previous.addEventListener("click", function () { page--; show(); });
  next.addEventListener("click", function () { page++; show(); });
  filter.addEventListener("input", function () { apply(); remember(); });
  least.addEventListener("input", function () { apply(); remember(); });
  most.addEventListener("input", function () { apply(); remember(); });
  recall();
  apply();
  document.body.dataset.ready = "1";
})();
