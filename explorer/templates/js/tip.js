// The tooltip box the graph pages share: it follows the pointer over the graph and stays
// inside it, above the pointer near the bottom. Its parts only ever become textContent.
explorer.tip = function (container) {
  "use strict";
  var el = explorer.dom.el, box = document.getElementById("tooltip"), pointer = {x: 0, y: 0};
  function place() {
    var x = Math.min(pointer.x + 14, container.clientWidth - box.offsetWidth - 4);
    var y = pointer.y + 16;
    if (y + box.offsetHeight > container.clientHeight) y = pointer.y - box.offsetHeight - 8;
    box.style.left = Math.max(0, x) + "px";
    box.style.top = Math.max(0, y) + "px";
  }
  container.addEventListener("mousemove", function (event) {
    var frame = container.getBoundingClientRect();
    pointer = {x: event.clientX - frame.left, y: event.clientY - frame.top};
    if (!box.hidden) place();
  });
  // A title, then a line of meta and a text when given.
  function show(title, meta, text) {
    box.replaceChildren(el("strong", null, title));
    if (meta) box.appendChild(el("span", "meta", meta));
    if (text) box.appendChild(el("span", null, text));
    box.hidden = false;
    place();
  }
  return {
    show: show,
    hide: function () { box.hidden = true; },
    shown: function () { return !box.hidden; },
    pointer: function () { return pointer; },
  };
};
