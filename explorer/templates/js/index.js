// The dashboard's thread table: sort by any column, filter by words and a least comment count.
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
  heads.forEach(function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var text = th.dataset.type === "text";
      var was = th.getAttribute("aria-sort");
      var descending = was === "none" ? !text : was === "ascending";
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
      apply();
    });
  });
  var filter = document.getElementById("filter"), least = document.getElementById("min-comments");
  var shown = document.getElementById("shown");
  var comments = heads.findIndex(function (th) { return th.textContent.trim() === "Comments"; });
  var texts = null;  // read on the first filter by words
  // Only one page of rows is shown (the page starts so): thousands laid out take seconds.
  var PAGE = Number(table.dataset.page) || rows.length, page = 0, kept = rows;
  var visible = rows.slice(0, PAGE);
  var pager = document.getElementById("pager");
  var previous = document.getElementById("previous-page"), next = document.getElementById("next-page");
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
    var counts = values(comments, false);
    if (words && !texts) {
      texts = new Array(rows.length);
      order.forEach(function (i, row) { texts[i] = row.cells[0].textContent.toLowerCase(); });
    }
    kept = rows.filter(function (row) {
      var i = order.get(row);
      return counts[i] >= fewest && (!words || texts[i].indexOf(words) >= 0);
    });
    page = 0;
    show();
  }
  previous.addEventListener("click", function () { page--; show(); });
  next.addEventListener("click", function () { page++; show(); });
  filter.addEventListener("input", apply);
  least.addEventListener("input", apply);
  apply();
  document.body.dataset.ready = "1";
})();
