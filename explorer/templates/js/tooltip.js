// The page's own tooltip instead of vis titles: built on hover with textContent, so no HTML
// string is ever parsed and no element per node is made up front. One listener per event,
// for vis's nodes and edges and the overlay's dots alike.
explorer.tooltip = function (thread, view, overlay) {
  "use strict";
  var network = view.network, container = view.container;
  var tip = explorer.tip(container), overVis = false, overDot = -1;
  function show(parts) { tip.show(parts[0], parts[1], parts[2]); }
  // Show what ``parts`` gives, again once the details are read if they are not yet.
  var subject = null;
  function about(parts) {
    subject = parts;
    show(parts());
    if (thread.details()) return;
    thread.whenRead(function () { if (subject === parts && tip.shown()) show(parts()); });
  }
  function node(i) { return function () { return thread.nodeTip(i); }; }
  function hide() { tip.hide(); overDot = -1; subject = null; }
  // After the tip's own listener (registered first), which keeps the pointer.
  container.addEventListener("mousemove", function () {
    if (!overlay.active || overVis) return;
    var dot = overlay.dotAt(network.DOMtoCanvas(tip.pointer()));
    if (dot >= 0 && dot !== overDot) about(node(dot));
    else if (dot < 0 && overDot >= 0) tip.hide();
    overDot = dot;
  });
  network.on("hoverNode", function (params) { overVis = true; about(node(params.node)); });
  network.on("hoverEdge", function (params) {
    about(function () { return thread.edgeTip(params.edge); });
  });
  network.on("blurNode", function () { overVis = false; hide(); });
  network.on("blurEdge", hide);
  network.on("dragStart", hide);
  return {hide: hide};
};
