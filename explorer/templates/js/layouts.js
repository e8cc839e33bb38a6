// The layout menu: tree, radial and timeline positions come with the details (placed in
// Python, the same on every run); force is vis's physics, for threads small enough to
// settle. The timeline draws its time axis under the graph.
explorer.layouts = function (thread, view, overlay) {
  "use strict";
  var data = thread.data, network = view.network, count = thread.count;
  var menu = document.getElementById("layout"), current = data.layout;
  var canForce = !overlay.active && count <= data.forceLimit;
  Array.from(menu.options).forEach(function (option) {
    if (option.value === "force") option.disabled = !canForce;
  });
  menu.value = current;
  function place(name) {
    current = name;
    document.body.dataset.layout = name;
    if (name === "force") {
      network.setOptions({physics: {enabled: true, solver: "forceAtlas2Based",
                                    stabilization: {enabled: true, iterations: 300, fit: true}}});
      data.standIn = null;
      network.stabilize(300);
      return;
    }
    var chosen = data.layouts[name];
    for (var i = 0; i < count; i++) { thread.x[i] = chosen.x[i]; thread.y[i] = chosen.y[i]; }
    data.standIn = chosen.standIn;
    network.setOptions({physics: {enabled: false}});
    if (overlay.active) {
      overlay.move();
    } else {
      var moved = [];
      for (var j = 0; j < count; j++) moved.push({id: j, x: chosen.x[j], y: chosen.y[j]});
      view.nodes.update(moved);
    }
    overview();
  }
  // Everything in view when it can be read; else (a level hundreds wide) the root and its
  // neighbours at a readable scale: the rest is a drag away.
  var READABLE = 0.3;
  function overview() {
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var i = 0; i < count; i++) {
      var x = thread.x[i], y = thread.y[i];
      if (x === null || x === undefined) return;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    var width = view.container.clientWidth, height = view.container.clientHeight;
    var fits = Math.min(width / (x1 - x0 + 100), height / (y1 - y0 + 100), 1.2);
    var root = data.standIn || (count ? [thread.x[0], thread.y[0]] : [0, 0]);
    var scale = Math.max(fits, READABLE);
    // The root's neighbourhood: around it on rings, below it in rows.
    var centre = fits >= READABLE ? {x: (x0 + x1) / 2, y: (y0 + y1) / 2}
      : current === "radial" ? {x: root[0], y: root[1]}
      : {x: root[0], y: y0 + (height / 2 - 40) / scale};
    network.moveTo({position: centre, scale: scale, animation: false});
    if (overlay.active) overlay.sync();
  }
  menu.addEventListener("change", function () {
    var name = menu.value;
    thread.whenRead(function () { place(name); });
  });
  // The timeline's axis: a faint line and a date at each tick, over the whole height.
  network.on("beforeDrawing", function (ctx) {
    if (current !== "timeline" || !data.layouts) return;
    var ticks = data.layouts.timeline.ticks || [], scale = network.getScale();
    var top = network.DOMtoCanvas({x: 0, y: 0}), bottom = network.DOMtoCanvas(
      {x: 0, y: view.container.clientHeight});
    ctx.save();
    ctx.strokeStyle = "#eceef0";
    ctx.lineWidth = 1 / scale;
    ctx.fillStyle = "#5f6368";
    ctx.font = 12 / scale + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ticks.forEach(function (tick) {
      ctx.beginPath();
      ctx.moveTo(tick[0], top.y);
      ctx.lineTo(tick[0], bottom.y);
      ctx.stroke();
      ctx.fillText(tick[1], tick[0], top.y + 16 / scale);
    });
    ctx.restore();
  });
  document.body.dataset.layout = current;
  if (current !== "force") overview();
  return {current: function () { return current; }, place: place};
};
