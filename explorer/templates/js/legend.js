// The legend: edge kinds (each a toggle) and node shapes; colours.js keeps its colour key.
explorer.legend = function (thread, view, overlay, state) {
  "use strict";
  var el = explorer.dom.el, data = thread.data;
  var edgeLegend = document.getElementById("edge-legend");
  thread.cats.forEach(function (c, ci) {
    var item = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = !state.hiddenKinds.has(c.name);
    box.dataset.kind = c.name;
    box.disabled = !c.count;
    box.addEventListener("change", function () {
      if (box.checked) state.hiddenKinds.delete(c.name); else state.hiddenKinds.add(c.name);
      var ids = overlay.edgeIds[ci].filter(overlay.hasEdge);
      view.edges.update(ids.map(function (e) { return {id: e, hidden: !box.checked}; }));
      if (overlay.active) view.network.redraw();
    });
    var line = el("span", "line");
    line.style.borderTopColor = c.color;
    line.style.borderTopStyle = c.dashes ? (c.dashes[0] <= 2 ? "dotted" : "dashed") : "solid";
    if (c.opacity) line.style.opacity = String(c.opacity);
    label.appendChild(box);
    label.appendChild(line);
    label.appendChild(el("span", "name", c.label));
    if (!box.checked && c.count) label.title = "Hidden at first, as there are many: tick to show";
    label.appendChild(el("span", "count", c.count));
    item.appendChild(label);
    edgeLegend.appendChild(item);
  });
  var nodeLegend = document.getElementById("node-legend");
  var shapes = [["◆", "the post"], ["■", "excerpt quoted in the post"],
    ["●", "comment, sized by " + (data.size === "replies" ? "replies received" : "words")]];
  if (data.nodes.kind.indexOf(data.kinds.indexOf("missing")) >= 0) {
    shapes.push(["◌", "a parent not in the input"]);
  }
  shapes.forEach(function (pair) {
    var item = el("li");
    item.appendChild(el("span", "shape", pair[0]));
    item.appendChild(el("span", "name", pair[1]));
    nodeLegend.appendChild(item);
  });
};
