// The header: the thread's title and its key figures.
explorer.header = function (thread) {
  "use strict";
  var el = explorer.dom.el, data = thread.data, f = data.figures;
  var title = document.getElementById("title");
  title.textContent = data.thread.title || data.thread.id;
  title.title = data.thread.id;
  var figures = document.getElementById("figures");
  [[f.comments, "comments"], [f.authors, "authors"], [f.depth, "depth"], [f.quotes, "quotes"],
   [f.inferred, "inferred replies"], [f.repeats, "repeats"]].forEach(function (pair, i) {
    if (i) figures.appendChild(document.createTextNode(" · "));
    // A figure and its word never break apart.
    var figure = el("span", "figure");
    figure.appendChild(el("b", null, pair[0]));
    figure.appendChild(document.createTextNode(" " + pair[1]));
    figures.appendChild(figure);
  });
};
