// Dots and lines painted pixel by pixel into an image, then drawn in one call. A canvas path of
// 100,000 dots and 150,000 lines costs the browser about a second to rasterise before the first
// frame shows; writing the pixels here costs milliseconds, and at the scale where vis does not
// hold the nodes (more than its budget in view) they are a pixel or a few wide anyway.
explorer.raster = function () {
  "use strict";
  var canvas = document.createElement("canvas"), context = canvas.getContext("2d");
  var image = null, pixels = null, owners = null, width = 0, height = 0;
  var littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  var probe = document.createElement("canvas").getContext("2d");

  // A CSS colour and an opacity as one pixel value in the image's byte order.
  function pack(color, alpha) {
    probe.fillStyle = "#000";
    probe.fillStyle = color;
    var hex = probe.fillStyle, r = 0, g = 0, b = 0;
    if (hex.charAt(0) === "#") {
      r = parseInt(hex.slice(1, 3), 16); g = parseInt(hex.slice(3, 5), 16);
      b = parseInt(hex.slice(5, 7), 16);
    } else {
      var parts = hex.match(/[\d.]+/g).map(Number);
      r = parts[0]; g = parts[1]; b = parts[2];
      if (parts.length > 3) alpha *= parts[3];
    }
    var a = Math.round(255 * Math.max(0, Math.min(1, alpha)));
    return littleEndian ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0
                        : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
  }
  function begin(w, h) {
    if (w !== width || h !== height || !image) {
      width = canvas.width = Math.max(1, w);
      height = canvas.height = Math.max(1, h);
      image = context.createImageData(width, height);
      pixels = new Uint32Array(image.data.buffer);
      owners = new Int32Array(width * height);
    } else {
      pixels.fill(0);
      owners.fill(0);
    }
  }
  // A segment in pixels from a leaf to its hub (the node many lines share: a post with 50,000
  // comments fans out from one point). Clipped to the image first (Liang-Barsky): a zoomed-in
  // view has lines whose ends lie far outside it. Walked from the leaf, it stops on a pixel
  // that a line of the same hub drew: from there to the hub the two lie within a pixel or two,
  // so a fan costs about the pixels it covers instead of its lines' whole lengths.
  function line(hubX, hubY, leafX, leafY, color, hub) {
    var dx = hubX - leafX, dy = hubY - leafY, t0 = 0, t1 = 1;
    var p = [-dx, dx, -dy, dy], q = [leafX, width - 1 - leafX, leafY, height - 1 - leafY];
    for (var k = 0; k < 4; k++) {
      if (p[k] === 0) {
        if (q[k] < 0) return;
        continue;
      }
      var t = q[k] / p[k];
      if (p[k] < 0) { if (t > t1) return; if (t > t0) t0 = t; }
      else { if (t < t0) return; if (t < t1) t1 = t; }
    }
    var x = leafX + t0 * dx + 0.5, y = leafY + t0 * dy + 0.5;
    var steps = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) * (t1 - t0));
    var sx = steps ? dx * (t1 - t0) / steps : 0, sy = steps ? dy * (t1 - t0) / steps : 0;
    var mark = hub + 2;  // owners are cleared to 0; hubs are nodes, or -1 (the stand-in)
    for (var s = 0; s <= steps; s++, x += sx, y += sy) {
      var at = (y | 0) * width + (x | 0);
      if (owners[at] === mark) return;
      owners[at] = mark;
      pixels[at] = color;
    }
  }
  // A filled dot: a square when it is a few pixels wide (it looks the same), else a disc.
  function dot(x, y, r, color) {
    var x0 = Math.max(0, Math.round(x - r)), x1 = Math.min(width - 1, Math.round(x + r));
    var y0 = Math.max(0, Math.round(y - r)), y1 = Math.min(height - 1, Math.round(y + r));
    var round = r > 2, r2 = r * r;
    for (var py = y0; py <= y1; py++) {
      var row = py * width, ddy = py - y;
      for (var px = x0; px <= x1; px++) {
        if (round && (px - x) * (px - x) + ddy * ddy > r2) continue;
        pixels[row + px] = color;
      }
    }
  }
  // Put the image on ``target`` at its pixel origin, whatever transform it has.
  function end(target) {
    context.putImageData(image, 0, 0);
    target.save();
    target.setTransform(1, 0, 0, 1, 0, 0);
    target.drawImage(canvas, 0, 0);
    target.restore();
  }
  return {pack: pack, begin: begin, line: line, dot: dot, end: end};
};
