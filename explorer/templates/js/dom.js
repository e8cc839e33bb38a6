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
  // Quoted lines ("> ...") and the line that introduces them ("On Monday, Ann wrote:") are
  // someone else's words: a preview shows the writer's own, when there are any.
  var QUOTED = /^\s*(>|\|)/, ATTRIBUTION = /(wrote|writes|said|schrieb|a écrit)\s*:\s*$/i;
  var SENTENCE_END = /[.!?]\s*$/;
  // Which lines are someone else's: quoted, or the attribution, which mail wraps onto two
  // lines ("On May 4, 2005, at 5:36 PM, Mike C. Fletcher" / "wrote:") when it is long.
  function othersLines(lines) {
    return lines.map(function (line, i) {
      if (QUOTED.test(line) || ATTRIBUTION.test(line)) return true;
      var next = lines[i + 1];
      return next !== undefined && ATTRIBUTION.test(next) && line.trim() !== "" &&
        !SENTENCE_END.test(line) && (i === 0 || !lines[i - 1].trim()) &&
        QUOTED.test(lines.slice(i + 2).find(function (l) { return l.trim(); }) || "");
    });
  }
  function ownLines(text) {
    var lines = text.split("\n"), others = othersLines(lines);
    var own = lines.filter(function (line, i) { return line.trim() && !others[i]; });
    return own.length ? own : lines.filter(function (line) { return line.trim(); });
  }
  function firstLines(text, limit) {
    var lines = ownLines(text).slice(0, 3);
    var short = lines.join("\n");
    return short.length > limit ? short.slice(0, limit - 1) + "…" : short;
  }
  // A web address in text, up to a space, quote or bracket; a final full stop, comma and the
  // like belong to the sentence, not the address.
  var URL_TEXT = /\bhttps?:\/\/[^\s<>"'`()[\]{}]+/gi, TRAILING = /[.,;:!?*]+$/;
  // An http(s) link that opens apart from the page and tells the site nothing of it, or null.
  function link(address, text) {
    var url;
    try { url = new URL(address); } catch (error) { return null; }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    var a = el("a", "out", text === undefined ? address : text);
    a.href = url.href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  // Append ``text`` to ``parent`` as text nodes, its web addresses as links.
  function linkified(parent, text) {
    var at = 0, found;
    URL_TEXT.lastIndex = 0;
    while ((found = URL_TEXT.exec(text)) !== null) {
      var address = found[0].replace(TRAILING, ""), a = link(address);
      if (!a) continue;
      if (found.index > at) parent.appendChild(document.createTextNode(text.slice(at, found.index)));
      parent.appendChild(a);
      at = found.index + address.length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }
  // Append ``text`` linkified, its quoted and attribution lines in <span class="q"> runs
  // that a preview can hide (unless nothing else is left). Blank lines at the start and
  // around quoted lines go with them, so a preview shows no gaps where quotes were.
  function quoting(parent, text) {
    var lines = text.split("\n"), quoted = othersLines(lines);
    if (quoted.every(function (q, i) { return q || !lines[i].trim(); })) {
      return linkified(parent, text);
    }
    var blank = lines.map(function (line) { return !line.trim(); }), hide = true, b;
    for (b = 0; b < lines.length; b++) {  // the start, and after quoted lines
      if (blank[b]) quoted[b] = hide; else hide = quoted[b];
    }
    for (b = lines.length - 1, hide = false; b >= 0; b--) {  // before quoted lines
      if (blank[b]) quoted[b] = quoted[b] || hide; else hide = quoted[b];
    }
    var start = 0;
    for (var i = 1; i <= lines.length; i++) {
      if (i < lines.length && quoted[i] === quoted[start]) continue;
      var run = lines.slice(start, i).join("\n") + (i < lines.length ? "\n" : "");
      linkified(quoted[start] ? parent.appendChild(el("span", "q")) : parent, run);
      start = i;
    }
    return parent;
  }
  return {el: el, firstLines: firstLines, link: link, linkified: linkified, quoting: quoting};
})();
