// The header's key figures, shared by the pages: "12 comments · 5 authors", a figure and its
// word kept on one line.
explorer.figures = function (pairs) {
  "use strict";
  var el = explorer.dom.el, figures = document.getElementById("figures");
  pairs.forEach(function (pair, i) {
    if (i) figures.appendChild(document.createTextNode(" · "));
    var figure = el("span", "figure");
    figure.appendChild(el("b", null, pair[0]));
    figure.appendChild(document.createTextNode(" " + pair[1]));
    figures.appendChild(figure);
  });
  return figures;
};
