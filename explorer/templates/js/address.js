// Every comment's address: choosing one puts its id in location.hash, so Back and Forward
// walk through what was read and a link can name a comment; opening such a link chooses it.
explorer.address = function (thread, state) {
  "use strict";
  var N = thread.N, byId = null;
  function hashOf(i) { return "#" + encodeURIComponent(N.id[i]).replace(/%2F/g, "/"); }
  function wanted() {
    var hash = location.hash.slice(1);
    if (!hash) return -1;
    if (!byId) {
      byId = new Map();
      N.id.forEach(function (id, i) { byId.set(id, i); });
    }
    var id;
    try { id = decodeURIComponent(hash); } catch (error) { return -1; }
    return byId.has(id) ? byId.get(id) : -1;
  }
  function follow() {
    thread.whenRead(function () {
      var i = wanted();
      if (i >= 0 && i !== state.current) state.choose(i, "address");
    });
  }
  window.addEventListener("hashchange", follow);
  follow();
  return {
    // Record the chosen comment as a new history entry (none when it is already there), or
    // in place of the current one.
    put: function (i, replace) {
      if (!thread.details() || location.hash === hashOf(i)) return;
      if (replace) history.replaceState(history.state, "", hashOf(i));
      else location.hash = hashOf(i);
    },
  };
};
