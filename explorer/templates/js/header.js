// The header: the thread's title and its key figures.
explorer.header = function (thread) {
  "use strict";
  var data = thread.data, f = data.figures;
  var title = document.getElementById("title");
  title.textContent = data.thread.title || data.thread.id;
  title.title = data.thread.id;
  var online = data.thread.url && explorer.dom.link(data.thread.url, "↗");
  if (online) {
    online.title = "The thread online";
    online.setAttribute("aria-label", "The thread online");
    title.appendChild(document.createTextNode(" "));
    title.appendChild(online);
  }
  explorer.figures([[f.comments, "comments"], [f.authors, "authors"], [f.depth, "depth"],
                    [f.quotes, "quotes"], [f.inferred, "inferred replies"],
                    [f.repeats, "repeats"]]);
};
