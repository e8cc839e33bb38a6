// The thread's growth: a slider over its comments in time order dims those not yet written,
// and Replay plays it from the first comment to the last.
explorer.growth = function (thread, state, restyle) {
  "use strict";
  var N = thread.N, count = thread.count, all = [];
  var slider = document.getElementById("until"), label = document.getElementById("until-label");
  var button = document.getElementById("replay"), byTime = null, timer = null;
  var everything = "all " + thread.data.figures.comments + " comments";
  for (var i = 0; i < count; i++) all.push(i);
  slider.max = String(count);
  slider.value = String(count);
  // Rank in time; comments without a time count as there from the start.
  function rank() {
    byTime = all.slice().sort(function (a, b) {
      var ta = N.time[a] || "", tb = N.time[b] || "";
      return ta < tb ? -1 : ta > tb ? 1 : a - b;
    });
    state.rank = new Int32Array(count);
    byTime.forEach(function (node, r) { state.rank[node] = r; });
  }
  function show(until) {
    slider.value = String(until);
    state.until = until >= count ? null : until;
    var last = until > 0 ? byTime[until - 1] : -1;
    label.textContent = state.until === null ? everything
      : until + " comments" + (last >= 0 && N.time[last]
        ? ", to " + N.time[last].replace("T", " ").slice(0, 16) : "");
    restyle(all);
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    button.textContent = "▶ Replay";
  }
  slider.addEventListener("input", function () {
    stop();
    var until = Number(slider.value);
    thread.whenRead(function () { if (!byTime) rank(); show(until); });
  });
  button.addEventListener("click", function () {
    if (timer) return stop();
    thread.whenRead(function () {
      if (!byTime) rank();
      var until = 0, step = Math.max(1, Math.ceil(count / 150));
      button.textContent = "■ Stop";
      show(0);
      timer = setInterval(function () {
        until = Math.min(count, until + step);
        show(until);
        if (until >= count) stop();
      }, 60);
    });
  });
  label.textContent = everything;
  return {show: show};
};
