// Loads the scripts a light page shares with its folder, in order, without blocking the HTML
// parser: a parser that waits for a script scans all that follows for things to preload,
// which on a large page (megabytes of details after the scripts) costs more than running
// them. Each script carries this one's nonce, so the page's policy lets it run.
(function () {
  "use strict";
  var loader = document.currentScript, names = loader.dataset.load.split(" ");
  function next() {
    var name = names.shift();
    if (!name) return;
    var script = document.createElement("script");
    script.src = name;
    script.nonce = loader.nonce;
    script.onload = next;
    document.head.appendChild(script);
  }
  next();
})();
