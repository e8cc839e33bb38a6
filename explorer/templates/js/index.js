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
  heads.forEach(function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var text = th.dataset.type === "text";
      var was = th.getAttribute("aria-sort");
      var descending = was === "none" ? !text : was === "ascending";
      heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var sign = descending ? -1 : 1;
      rows.sort(function (a, b) {
        var x = key(a, column, text), y = key(b, column, text);
        // Missing values go last either way; ties keep the table's first order.
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
        } else if (x !== y) {
          return sign * (x < y ? -1 : 1);
        }
        return order.get(a) - order.get(b);
      });
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) { fragment.appendChild(row); });
      body.appendChild(fragment);
    });
  });
  var filter = document.getElementById("filter"), least = document.getElementById("min-comments");
  var shown = document.getElementById("shown");
  var comments = heads.findIndex(function (th) { return th.textContent.trim() === "Comments"; });
  var texts = rows.map(function (row) { return row.cells[0].textContent.toLowerCase(); });
  function apply() {
    var words = filter.value.trim().toLowerCase(), fewest = Number(least.value) || 0, count = 0;
    rows.forEach(function (row) {
      var keep = key(row, comments, false) >= fewest &&
                 (!words || texts[order.get(row)].indexOf(words) >= 0);
      row.hidden = !keep;
      if (keep) count++;
    });
    shown.textContent = count + " of " + rows.length + " threads";
  }
  filter.addEventListener("input", apply);
  least.addEventListener("input", apply);
  apply();
  document.body.dataset.ready = "1";
})();
