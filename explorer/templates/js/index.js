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
  function sortBy(th, column, descending) {
    var text = th.dataset.type === "text";
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
  }
  heads.forEach(function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var was = th.getAttribute("aria-sort");
      sortBy(th, column, was === "none" ? th.dataset.type !== "text" : was === "ascending");
      remember();
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
    history.replaceState(null, "", "#" + wanted.toString());
  }
  function recall() {
    var given = new URLSearchParams(location.hash.slice(1));
    var column = heads.findIndex(function (th) { return th.dataset.key === given.get("sort"); });
    if (column >= 0) {
      heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      sortBy(heads[column], column, given.get("order") !== "ascending");
    }
    filter.value = given.get("filter") || "";
    least.value = given.get("min") || "0";
  }
  filter.addEventListener("input", function () { apply(); remember(); });
  least.addEventListener("input", function () { apply(); remember(); });
  recall();
  apply();
  document.body.dataset.ready = "1";
})();
