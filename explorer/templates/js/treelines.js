// Lines of the reply tree that no edge draws: a thread without a post hangs its top-level
// nodes from a stand-in root (no node of the thread, drawn here where the layout kept its
// place), and a post's excerpts hang from the post. Drawn here between nodes vis holds; the
// overlay paints the rest of a large thread's.
explorer.TREE_LINE_COLOR = "#d5d9de";
explorer.STAND_IN_COLOR = "#9aa0a6";
explorer.treeLines = function (thread, view, overlay) {
  "use strict";
  var tree = thread.treeLines, at = null;
  if (!tree.to.length) return;
  var body = view.network.body.nodes;
  function place(i) {
    var live = body[i];
    return live ? [live.x, live.y] : [thread.x[i], thread.y[i]];
  }
  function drawStandIn(ctx, scale) {
    var r = Math.max(16, 6 / scale);
    ctx.beginPath();
    ctx.moveTo(at[0], at[1] - r);
    ctx.lineTo(at[0] + r, at[1]);
    ctx.lineTo(at[0], at[1] + r);
    ctx.lineTo(at[0] - r, at[1]);
    ctx.closePath();
    ctx.fillStyle = explorer.STAND_IN_COLOR;
    ctx.fill();
    ctx.fillStyle = "#5f6368";
    ctx.font = Math.max(13, 11 / scale) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText("thread (no post)", at[0], at[1] - r - 6 / Math.min(scale, 1));
  }
  view.network.on("beforeDrawing", function (ctx) {
    var scale = view.network.getScale();
    at = thread.data.standIn;  // each layout puts the stand-in root somewhere else
    ctx.save();
    ctx.beginPath();
    for (var t = 0; t < tree.to.length; t++) {
      var up = tree.from[t], down = tree.to[t];
      if (!overlay.has(down) || (up >= 0 && !overlay.has(up))) continue;
      if (up < 0 && !at) continue;
      var p = place(down), q = up < 0 ? at : place(up);
      ctx.moveTo(q[0], q[1]);
      ctx.lineTo(p[0], p[1]);
    }
    ctx.strokeStyle = explorer.TREE_LINE_COLOR;
    ctx.lineWidth = Math.max(0.8, 0.8 / scale);
    ctx.stroke();
    if (at) drawStandIn(ctx, scale);
    ctx.restore();
  });
};
