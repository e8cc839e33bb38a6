// The people page: who answers and quotes whom across the corpus. Names are untrusted text:
// shown with textContent only.
(function () {
  "use strict";
  var el = explorer.dom.el;
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var P = data.people, L = data.links, f = data.figures;
  var figures = explorer.figures([[f.people, "people"], [f.links, "links"],
                                   [f.threads, "threads"]]);
  if (f.shown < f.people) {
    figures.appendChild(el("span", "figure", " · " + f.shown + " shown, the most connected"));
  }
  var container = document.getElementById("network");
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges),
  }, {
    physics: {enabled: false}, layout: {improvedLayout: false},
    interaction: {hover: true, keyboard: false, multiselect: false},
    nodes: {shape: "dot", font: {size: 13, face: "system-ui, sans-serif", color: "#202124"},
            borderWidth: 1},
    edges: {smooth: {enabled: true, type: "curvedCW", roundness: 0.15}, selectionWidth: 1.5,
            arrows: {to: {enabled: true, scaleFactor: 0.45}}, color: {inherit: false}},
  });
  var outgoing = data.nodes.map(function () { return []; });
  var incoming = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) { outgoing[e.from].push(e.id); incoming[e.to].push(e.id); });

  function counts(e) {
    var parts = [];
    if (L.replies[e]) parts.push(L.replies[e] + (L.replies[e] === 1 ? " reply" : " replies"));
    if (L.quotes[e]) parts.push(L.quotes[e] + (L.quotes[e] === 1 ? " quote" : " quotes"));
    return parts.join(", ");
  }
  function about(i) {
    return P.comments[i] + " comments · " + P.words[i] + " words · " + P.threads[i] + " threads";
  }

  var tip = explorer.tip(container);
  network.on("hoverNode", function (params) {
    tip.show(P.name[params.node], null, about(params.node));
  });
  network.on("hoverEdge", function (params) {
    var e = data.edges[params.edge];
    tip.show(P.name[e.from] + " → " + P.name[e.to], null, counts(params.edge));
  });
  ["blurNode", "blurEdge", "dragStart"].forEach(function (event) { network.on(event, tip.hide); });

  var panel = document.getElementById("panel"), current = -1;
  function strongest(list, other) {
    var items = list.slice().sort(function (a, b) {
      return data.edges[b].width - data.edges[a].width || a - b;
    }).slice(0, 30);
    var ul = el("ul");
    items.forEach(function (e) {
      var li = el("li"), button = el("button", "goto", P.name[other(e)]);
      button.type = "button";
      button.addEventListener("click", function () { focus(other(e)); });
      li.appendChild(button);
      li.appendChild(el("span", "why", counts(e)));
      ul.appendChild(li);
    });
    return ul;
  }
  function open(i) {
    current = i;
    document.getElementById("panel-title").textContent = P.name[i];
    document.getElementById("panel-meta").textContent = about(i);
    var box = document.getElementById("panel-links");
    box.replaceChildren();
    if (outgoing[i].length) {
      box.appendChild(el("h3", null, "Answers and quotes"));
      box.appendChild(strongest(outgoing[i], function (e) { return data.edges[e].to; }));
    }
    if (incoming[i].length) {
      box.appendChild(el("h3", null, "Answered and quoted by"));
      box.appendChild(strongest(incoming[i], function (e) { return data.edges[e].from; }));
    }
    works(i, box);
    panel.hidden = false;
  }
  // The person's threads and comments, each a link to its page (and the comment's address).
  function works(i, box) {
    var theirs = data.works[i];
    if (!theirs || !theirs.length) return;
    function page(number, id, text) {
      var a = el("a", null, text);
      a.href = data.pages[number][0] + (id ? "#" + encodeURIComponent(id).replace(/%2F/g, "/")
                                            : "");
      return a;
    }
    box.appendChild(el("h3", null, "Threads"));
    var threads = el("ul", "works");
    theirs.forEach(function (pair) {
      var li = el("li");
      li.appendChild(page(pair[0], null, data.pages[pair[0]][1]));
      li.appendChild(el("span", "why", pair[1].length + (pair[1].length === 1
        ? " comment" : " comments")));
      threads.appendChild(li);
    });
    box.appendChild(threads);
    box.appendChild(el("h3", null, "Comments"));
    var comments = el("ul", "works");
    theirs.forEach(function (pair) {
      pair[1].forEach(function (id) {
        var li = el("li");
        li.appendChild(page(pair[0], id, "#" + id.split("/").pop()));
        li.appendChild(el("span", "why", data.pages[pair[0]][1]));
        comments.appendChild(li);
      });
    });
    box.appendChild(comments);
  }
  function focus(i) {
    network.selectNodes([i]);
    network.focus(i, {scale: Math.max(network.getScale(), 0.8), animation: false});
    open(i);
  }
  network.on("click", function (params) {
    tip.hide();
    if (params.nodes.length) open(params.nodes[0]);
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    current = -1;
    network.unselectAll();
  });

  // Searches as you type, as the thread page does: matching people are selected, Enter
  // steps through them (Shift+Enter back) and the counter says where you are.
  var search = document.getElementById("search"), label = document.getElementById("matches");
  var found = [], query = "";
  function count() {
    var at = found.indexOf(current);
    label.textContent = !query ? "" : at >= 0 ? (at + 1) + " / " + found.length
      : found.length + (found.length === 1 ? " match" : " matches");
  }
  search.addEventListener("input", function () {
    query = search.value.trim().toLowerCase();
    found = !query ? [] : P.name.map(function (name, i) { return i; }).filter(function (i) {
      return P.name[i].toLowerCase().indexOf(query) >= 0;
    });
    if (found.length) network.selectNodes(found); else network.unselectAll();
    count();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !found.length) return;
    event.preventDefault();
    var at = found.indexOf(current), step = event.shiftKey ? -1 : 1;
    focus(found[at < 0 ? (step > 0 ? 0 : found.length - 1)
                       : (at + step + found.length) % found.length]);
    count();
  });

  function legendItem(list, mark, text) {
    var item = el("li");
    item.appendChild(mark);
    item.appendChild(el("span", "name", text));
    list.appendChild(item);
  }
  var edgeLegend = document.getElementById("edge-legend");
  [[data.colors.reply, "mostly replies"], [data.colors.quote, "mostly quotes"]]
    .forEach(function (pair) {
      var line = el("span", "line");
      line.style.borderTopColor = pair[0];
      line.style.borderTopStyle = "solid";
      legendItem(edgeLegend, line, pair[1]);
    });
  // The thread page's edge names never wrap (they are short); this one is a sentence.
  edgeLegend.appendChild(el("li", "hint", "A link is wider the more they answer or quote."));
  legendItem(document.getElementById("node-legend"), el("span", "shape", "●"),
             "a person, sized by comments");

  var page = window.explorerPage = {network: network, data: data, focusNode: focus,
                                    current: function () { return current; }, readyAt: null};
  network.once("afterDrawing", function () {
    requestAnimationFrame(function () {
      page.readyAt = performance.now();
      document.body.dataset.ready = "1";
    });
  });
})();
