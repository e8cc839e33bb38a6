// The page's own tooltip instead of vis titles: built on hover with textContent, so no HTML
// string is ever parsed and no element per node is made up front. One listener per event,
// for vis's nodes and edges and the overlay's dots alike.
explorer.tooltip = function (thread, view, overlay) {
  "use strict";
  var el = explorer.dom.el, network = view.network, container = view.container;
  var tip = document.getElementById("tooltip");
  var pointer = {x: 0, y: 0}, overVis = false, overDot = -1;
  function place() {
    var x = Math.min(pointer.x + 14, container.clientWidth - tip.offsetWidth - 4);
    var y = pointer.y + 16;
    if (y + tip.offsetHeight > container.clientHeight) y = pointer.y - tip.offsetHeight - 8;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }
  function show(parts) {
    tip.replaceChildren();
    tip.appendChild(el("strong", null, parts[0]));
    if (parts[1]) tip.appendChild(el("span", "meta", parts[1]));
    if (parts[2]) tip.appendChild(el("span", null, parts[2]));
    tip.hidden = false;
    place();
  }
  // Show what ``parts`` gives, again once the details are read if they are not yet.
  var subject = null;
  function about(parts) {
    subject = parts;
    show(parts());
    if (thread.details()) return;
    thread.whenRead(function () { if (subject === parts && !tip.hidden) show(parts()); });
  }
  function node(i) { return function () { return thread.nodeTip(i); }; }
  function hide() { tip.hidden = true; overDot = -1; subject = null; }
  container.addEventListener("mousemove", function (event) {
    var box = container.getBoundingClientRect();
    pointer = {x: event.clientX - box.left, y: event.clientY - box.top};
    if (overlay.active && !overVis) {
      var dot = overlay.dotAt(network.DOMtoCanvas(pointer));
      if (dot >= 0 && dot !== overDot) about(node(dot));
      else if (dot < 0 && overDot >= 0) tip.hidden = true;
      overDot = dot;
    }
    if (!tip.hidden) place();
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
