// The dashboard's thread table: sort by any column, filter by words and a comment count range,
// one page of rows at a time; the sort and filters live in the address. The rows come as
// packed columns (dashboard.table_data) and only the shown page is built: 50,000 rows written
// as HTML took seconds to parse and lay out.
(function () {
  "use strict";
  var el = explorer.dom.el;
  var table = document.getElementById("thread-table"), body = table.tBodies[0];
  var heads = Array.from(table.tHead.rows[0].cells);
  var filter = document.getElementById("filter"), least = document.getElementById("min-comments");
  var most = document.getElementById("max-comments");
  var shown = document.getElementById("shown"), pager = document.getElementById("pager");
  var previous = document.getElementById("previous-page");
  var next = document.getElementById("next-page");
  var PAGE = Number(table.dataset.page) || Infinity;
  var INTEGER = new Intl.NumberFormat("en-US");
  var DECIMALS = [1, 2].map(function (digits) {
    return new Intl.NumberFormat("en-US", {minimumFractionDigits: digits,
                                           maximumFractionDigits: digits});
  });

  function start(data) {
    var count = data.page.length, all = [];
    for (var i = 0; i < count; i++) all.push(i);
    var kept = all, page = 0, texts = null;  // texts: read on the first filter by words
    function values(th) {
      return th.dataset.key === "title" ? data.rank : data.columns[th.dataset.key];
    }
    var counts = data.columns.comments;
    // Rows are numbered in the first order (most comments first), so the sorted order is
    // a permutation of numbers and ties keep the first order.
    var order = all;
    function sortBy(th, descending) {
      heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var sign = descending ? -1 : 1, v = values(th);
      order = all.slice().sort(function (a, b) {
        var x = v[a], y = v[b];
        // Missing values go last either way.
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
        } else if (x !== y) {
          return sign * (x < y ? -1 : 1);
        }
        return a - b;
      });
    }
    function cell(th, i) {
      var key = th.dataset.key, value = data.columns[key][i], type = th.dataset.type;
      var td = el("td");
      td.dataset.v = value === null ? "" : String(value);
      if (value === null) td.textContent = "–";
      else if (type === "time") td.textContent = data.times[key][i];
      else if (type === "float") td.textContent = DECIMALS[Math.abs(value) < 10 ? 1 : 0]
        .format(value);
      else td.textContent = INTEGER.format(value);
      return td;
    }
    function row(i) {
      var tr = el("tr"), title = el("td", "title"), a = el("a", null, data.title[i]);
      a.setAttribute("href", data.page[i]);
      title.appendChild(a);
      if (data.id[i]) title.appendChild(el("small", null, data.id[i]));
      tr.appendChild(title);
      for (var c = 1; c < heads.length; c++) tr.appendChild(cell(heads[c], i));
      return tr;
    }
    function show() {
      var first = page * PAGE, rows = kept.slice(first, first + PAGE);
      var fragment = document.createDocumentFragment();
      rows.forEach(function (i) { fragment.appendChild(row(i)); });
      body.replaceChildren(fragment);
      var n = INTEGER.format;
      shown.textContent = kept.length > PAGE
        ? n(first + 1) + "–" + n(first + rows.length) + " of " + n(kept.length) + " threads" +
          (kept.length < count ? " (" + n(count) + " in all)" : "")
        : n(kept.length) + " of " + n(count) + " threads";
      pager.hidden = kept.length <= PAGE;
      previous.disabled = page === 0;
      next.disabled = first + PAGE >= kept.length;
    }
    function apply() {
      var words = filter.value.trim().toLowerCase(), fewest = Number(least.value) || 0;
      var limit = most.value === "" ? Infinity : Number(most.value);
      if (words && !texts) {
        texts = data.title.map(function (title, i) {
          return (title + " " + data.id[i]).toLowerCase();
        });
      }
      kept = order.filter(function (i) {
        return counts[i] >= fewest && counts[i] <= limit &&
          (!words || texts[i].indexOf(words) >= 0);
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
      var th = heads.find(function (h) { return h.dataset.key === given.get("sort"); });
      if (th) sortBy(th, given.get("order") !== "ascending");
      filter.value = given.get("filter") || "";
      least.value = given.get("min") || "0";
      most.value = given.get("max") || "";
    }
    heads.forEach(function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var was = th.getAttribute("aria-sort");
        sortBy(th, was === "none" ? th.dataset.type !== "text" : was === "ascending");
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
        var fx = (event.clientX - box.left) / box.width;
        var fy = (event.clientY - box.top) / box.height;
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
    [filter, least, most].forEach(function (input) {
      input.addEventListener("input", function () { apply(); remember(); });
    });
    recall();
    apply();
    document.body.dataset.ready = "1";
  }

  explorer.unpack(document.getElementById("table-data").textContent).then(function (json) {
    start(JSON.parse(json));
  });
})();
