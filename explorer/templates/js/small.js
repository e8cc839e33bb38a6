// Small screens: the graph and the reading view take the whole width in turn, the legend
// opens as a drawer, the layout, colour, growth and download tools behind a button, and the
// panel is a sheet at the bottom (page.css). Wide screens show
// all at once and never see these buttons.
explorer.small = function (panel) {
  "use strict";
  var body = document.body, legend = document.getElementById("show-legend");
  var views = Array.from(document.querySelectorAll("#views [data-view]"));
  body.dataset.view = "graph";
  function view(name) {
    body.dataset.view = name;
    views.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === name));
    });
  }
  views.forEach(function (button) {
    button.addEventListener("click", function () { view(button.dataset.view); });
  });
  function drawer(open) {
    body.classList.toggle("legend-open", open);
    legend.setAttribute("aria-expanded", String(open));
  }
  legend.addEventListener("click", function () {
    drawer(!body.classList.contains("legend-open"));
  });
  var tools = document.getElementById("show-tools");
  tools.addEventListener("click", function () {
    var open = !body.classList.contains("tools-open");
    body.classList.toggle("tools-open", open);
    tools.setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") drawer(false);
  });
  return {view: view, panel: panel};
};
