// A thread without a post: its top-level nodes hang from a stand-in root, drawn here (it is
// no node of the thread) at the place the layout kept for it.
explorer.standIn = function (thread, view) {
  "use strict";
  var at = thread.data.standIn;
  if (!at) return;
  var roots = [];
  thread.N.parent.forEach(function (p, i) { if (p < 0) roots.push(i); });
  var body = view.network.body.nodes;
  view.network.on("beforeDrawing", function (ctx) {
    var scale = view.network.getScale();
    ctx.save();
    ctx.beginPath();
    roots.forEach(function (i) {
      var live = body[i], x = live ? live.x : thread.x[i], y = live ? live.y : thread.y[i];
      ctx.moveTo(at[0], at[1]);
      ctx.lineTo(x, y);
    });
    ctx.strokeStyle = "#d5d9de";
    ctx.lineWidth = Math.max(0.8, 0.8 / scale);
    ctx.stroke();
    var r = Math.max(16, 6 / scale);
    ctx.beginPath();
    ctx.moveTo(at[0], at[1] - r);
    ctx.lineTo(at[0] + r, at[1]);
    ctx.lineTo(at[0], at[1] + r);
    ctx.lineTo(at[0] - r, at[1]);
    ctx.closePath();
    ctx.fillStyle = "#9aa0a6";
    ctx.fill();
    ctx.fillStyle = "#5f6368";
    ctx.font = Math.max(13, 11 / scale) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText("thread (no post)", at[0], at[1] - r - 6 / Math.min(scale, 1));
    ctx.restore();
  });
};
