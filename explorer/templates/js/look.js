// How a node looks now: dimmed by the author filter or the growth slider, ringed when the
// search finds it.
explorer.look = function (thread, state) {
  "use strict";
  var DIM = "#eceef0", HIT = "rgba(255,153,0,0.95)";
  function styleFor(i) {
    var dim = dimmed(i);
    var hit = state.matches.has(i);
    var color = thread.owner(i) ? {background: thread.color(i), border: thread.data.ownerBorder}
                                : thread.color(i);
    return {
      id: i,
      color: dim ? DIM : color,
      font: {color: dim ? "#c8cacd" : "#202124"},
      borderWidth: hit || thread.owner(i) ? 3 : 1,
      shadow: hit ? {enabled: true, color: HIT, size: 22, x: 0, y: 0} : {enabled: false},
    };
  }
  // Dimmed by the author filter, or not yet written at the growth slider's time.
  function dimmed(i) {
    return (state.authorFilter !== -2 && thread.N.author[i] !== state.authorFilter) ||
      (state.until !== null && state.rank[i] >= state.until);
  }
  return {styleFor: styleFor, dimmed: dimmed, DIM: DIM, HIT: HIT};
};
