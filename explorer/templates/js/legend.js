// The legend: edge kinds (each a toggle), node shapes and the most active authors.
explorer.legend = function (thread, view, overlay, state) {
  "use strict";
  var el = explorer.dom.el, data = thread.data;
  var edgeLegend = document.getElementById("edge-legend");
  thread.cats.forEach(function (c, ci) {
    var item = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
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
  var authorLegend = document.getElementById("author-legend");
  function authorItem(color, name, count, owner) {
    var item = el("li"), dot = el("span", owner ? "dot owner" : "dot");
    dot.style.background = color;
    item.appendChild(dot);
    item.appendChild(el("span", "name", name));
    if (count !== null) item.appendChild(el("span", "count", count));
    authorLegend.appendChild(item);
  }
  data.authors.slice(0, 12).forEach(function (a) {
    authorItem(a.color, a.name + (a.owner ? " (" + data.thread.ownerRole + ")" : ""), a.count,
               a.owner);
  });
  if (data.authors.length > 12) {
    authorItem(data.authors[12].color, (data.authors.length - 12) + " other authors", null, false);
  }
  authorItem(data.anonymousColor, "anonymous", null, false);
};
