// DOM helpers. Thread text is untrusted: it only ever becomes textContent, never HTML.
var explorer = {};
explorer.dom = (function () {
  "use strict";
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function firstLines(text, limit) {
    var lines = text.split("\n").filter(function (line) { return line.trim(); }).slice(0, 3);
    var short = lines.join("\n");
    return short.length > limit ? short.slice(0, limit - 1) + "…" : short;
  }
  return {el: el, firstLines: firstLines};
})();
