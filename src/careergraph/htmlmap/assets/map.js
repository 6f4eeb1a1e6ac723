(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var big = data.nodes.length > 800;
  var dim = data.route !== null || !!data.reach;
  // A whole map opens as an overview (fellowships, careers and certifications folded into their
  // residency, expanded on click); kinds can be hidden; the full drawing is one click away.
  var view = data.overview ? "overview" : "full";
  var expanded = {}, hiddenKinds = {}, members = {};
  if (data.overview) data.overview.hiddenKinds.forEach(function (k) { hiddenKinds[k] = true; });
  data.nodes.forEach(function (n) {
    if (n.group) (members[n.group] = members[n.group] || []).push(n);
  });

  function folded(n) { return view === "overview" && n.group && !expanded[n.group]; }
  function visible(n) { return n.onRoute || (!hiddenKinds[n.kind] && !folded(n)); }

  // Where a node is drawn: its place in the full drawing, or in the overview (an expanded
  // residency's members in a column to its right).
  function place(n) {
    if (view !== "overview") return n.x === undefined ? null : { x: n.x, y: n.y };
    if (n.group && byId[n.group] && byId[n.group].ox !== undefined) {
      var group = members[n.group], i = group.indexOf(n), parent = byId[n.group];
      return { x: parent.ox + 300, y: parent.oy + (i - (group.length - 1) / 2) * 34 };
    }
    return n.ox === undefined ? null : { x: n.ox, y: n.oy };
  }

  function shownLabel(n) {
    var folds = view === "overview" && members[n.id] ? members[n.id].length : 0;
    return folds ? n.label + (expanded[n.id] ? "  \u2212" : "  +" + folds) : n.label;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("b", n.label));
    box.appendChild(el("div", "kind: " + n.kind));
    box.appendChild(el("div", "training length: " + (n.years || "\u2014")));
    if (n.sources.length) {
      box.appendChild(el("div", "sources: " + n.sources.map(function (s) { return s.title; }).join("; ")));
    }
    return box;
  }

  function nodeStyle(n) {
    var style = data.kinds[n.kind] || { color: "#c7c7c7", shape: "dot" };
    var faded = dim && !n.onRoute;
    var item = {
      id: n.id, label: shownLabel(n), title: tooltip(n), shape: style.shape, hidden: !visible(n),
      color: faded ? { background: "#eeeeee", border: "#d0d0d0" } : { background: style.color, border: n.onRoute ? "#e41a1c" : "#555555" },
      borderWidth: n.onRoute ? 3 : 1,
      // one route's few steps are lettered large; a reach result's many nodes keep the usual size
      font: n.onRoute && data.route ? { color: "#000000", size: 34, strokeWidth: style.shape === "box" ? 0 : 4, strokeColor: "#ffffff" }
                      : { color: faded ? "#b0b0b0" : "#222222", size: 14 },
      widthConstraint: { maximum: n.onRoute && data.route ? 420 : 170 },
      size: style.shape === "dot" || style.shape === "star" || style.shape === "diamond" || style.shape === "triangle" || style.shape === "hexagon" ? 12 : undefined
    };
    var at = place(n);
    if (at) { item.x = at.x; item.y = at.y; }
    return item;
  }

  var edgeCount = 0;
  function edgeStyle(e) {
    var s = data.edgeStyles[e.type];
    var isRoute = e.type === "route";
    var faded = dim && !isRoute;
    if (!e.id) { edgeCount += 1; e.id = "e" + edgeCount; }
    return {
      id: e.id, from: e.from, to: e.to, kind: e.type, title: s.label,
      color: { color: faded ? "#e4e4e4" : s.color, highlight: s.color, hover: s.color, inherit: false },
      dashes: s.dashes, arrows: s.arrows, width: isRoute ? 4 : 1.2,
      smooth: big ? false : (data.layout === "hierarchical" ? { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.4 } : { type: "continuous" })
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeStyle));
  var edges = new vis.DataSet(data.edges.map(edgeStyle));
  var physics = data.layout === "physics";
  var options = {
    autoResize: true,
    layout: { improvedLayout: !big && data.nodes.length < 150, randomSeed: 7 },
    physics: physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -6000, springLength: 140, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: big ? 300 : 600, updateInterval: 50, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false, keyboard: false },
    nodes: { margin: 6 },
    edges: { selectionWidth: 2 }
  };
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false, select: select,
              setRoute: setRoute, showNode: showNode, el: el, clear: clear, nodeLink: nodeLink, describeNode: null };
  window.cgMap = api;
  window.network = network;

  function markReady() {
    if (!api.ready) { api.ready = true; document.body.setAttribute("data-ready", "1"); }
  }
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); markReady(); });
  }

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById("panel");

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function nodeLink(id, label) {
    if (byId[id]) {
      var a = el("span", label || byId[id].label, "link");
      a.setAttribute("role", "link");
      a.tabIndex = 0;
      a.addEventListener("click", function () { select(id); });
      return a;
    }
    return el("span", label || id);
  }

  function list(title, ids, names) {
    if (!ids.length) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    ids.forEach(function (id) {
      var li = el("li");
      li.appendChild(nodeLink(id, names[id]));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    clear(panel);
    if (api.describeNode) { api.describeNode(id, panel); backToRoute(); return; }
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("div", n.kind + (n.years ? " \u00b7 " + n.years : ""), "kind"));
    if (n.definition) panel.appendChild(el("p", n.definition));
    list("Requires", n.requires, n.names);
    n.requiresOneOf.forEach(function (group) {
      list("Requires one of", group, n.names);
    });
    list("Leads to", n.leadsTo, n.names);
    list("Awards", n.awards, n.names);
    list("Certified by", n.certifiedBy, n.names);
    if (n.sources.length) {
      panel.appendChild(el("h3", "Sources"));
      var ul = el("ul");
      n.sources.forEach(function (s) {
        var li = el("li");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          var a = el("a", s.title);
          a.href = s.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", s.title));
        }
        if (s.quote) li.appendChild(el("div", "\u201c" + s.quote + "\u201d", "quote"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    backToRoute();
  }

  function backToRoute() {
    if (data.route) {
      var back = el("p"), link = el("span", "\u2190 back to the route", "link");
      link.addEventListener("click", showRoute);
      back.appendChild(link);
      panel.appendChild(back);
    }
  }

  // Highlights another route (the shape of the page data's "route"), or none, and lists it.
  function setRoute(route) {
    data.route = route;
    dim = route !== null;
    if (route && view === "overview") { view = "full"; renderControls(); }  // a route is drawn left to right in full
    var on = {};
    if (route) {
      on[route.source] = true;
      route.steps.forEach(function (s) { on[s.id] = true; });
    }
    data.nodes.forEach(function (n) { n.onRoute = !!on[n.id]; });
    nodes.update(data.nodes.map(nodeStyle));
    edges.remove(edges.getIds({ filter: function (e) { return e.kind === "route"; } }));
    data.edges = data.edges.filter(function (e) { return e.type !== "route"; });
    var fresh = [];
    if (route) {
      var ids = [route.source].concat(route.steps.map(function (s) { return s.id; }));
      for (var i = 1; i < ids.length; i++) {
        if (ids[i - 1] !== ids[i] && byId[ids[i - 1]] && byId[ids[i]]) fresh.push({ from: ids[i - 1], to: ids[i], type: "route" });
      }
    }
    data.edges = data.edges.concat(fresh);
    edges.update(data.edges.filter(function (e) { return e.type !== "route"; }).map(edgeStyle));
    edges.add(fresh.map(edgeStyle));
    if (route) {
      network.fit({ nodes: Object.keys(on).filter(function (id) { return byId[id]; }), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
    showDefault();
  }

  function showRoute() {
    clear(panel);
    var r = data.route;
    panel.appendChild(el("h2", r.from + " \u2192 " + r.to));
    panel.appendChild(el("div", "total: " + r.total, "kind total"));
    panel.appendChild(el("h3", "Steps"));
    var ol = el("ol");
    ol.id = "route-steps";
    r.steps.forEach(function (s) {
      var li = el("li");
      li.appendChild(nodeLink(s.id, s.label));
      li.appendChild(el("span", " \u2014 " + (s.years || "0 y")));
      if (s.when) li.appendChild(el("div", s.when, "when"));
      if (s.prerequisite) li.appendChild(el("span", " (prerequisite)", "prereq"));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
    showTimeline(r.steps);
  }

  // A Gantt-style timeline: one bar per step, placed by its years on the shortest schedule.
  function showTimeline(steps) {
    var span = Math.max.apply(null, steps.map(function (s) { return s.end; }).concat([1]));
    panel.appendChild(el("h3", "Timeline (years from the start)"));
    var chart = el("div");
    chart.id = "route-timeline";
    steps.forEach(function (s) {
      var row = el("div", "", "gantt-row"), track = el("div", "", "gantt-track"), bar = el("div", "", "gantt-bar");
      bar.style.left = (100 * s.start / span) + "%";
      bar.style.width = Math.max(100 * (s.end - s.start) / span, 1) + "%";
      bar.style.background = (data.kinds[s.kind] || { color: "#999999" }).color;
      bar.title = s.label + ": year " + s.start + (s.end > s.start ? "\u2013" + s.end : "");
      row.appendChild(el("span", s.label, "gantt-label"));
      track.appendChild(bar);
      row.appendChild(track);
      chart.appendChild(row);
    });
    panel.appendChild(chart);
  }

  function showIntro() {
    clear(panel);
    panel.appendChild(el("h2", data.nodes.length + " nodes, " + data.edges.length + " edges"));
    panel.appendChild(el("p", "Hover over a node for a summary; click it for its requirements, next steps and sources. Drag to pan, scroll to zoom."));
    if (data.overview) {
      panel.appendChild(el("p", "Overview: fellowships, careers and certifications are folded into their residency (its label shows how many, \u201c+N\u201d); click a residency to unfold them. \u201cFull map\u201d below draws every node; the boxes below hide or show kinds."));
    }
  }

  // A reach result: what can be entered within the years, fewest added years first.
  function showReach() {
    clear(panel);
    var r = data.reach;
    panel.appendChild(el("h2", "Within " + r.within + " of " + r.from));
    panel.appendChild(el("div", r.items.length + " reachable", "kind total"));
    var ol = el("ol");
    ol.id = "reach-items";
    r.items.forEach(function (item) {
      var li = el("li");
      li.appendChild(nodeLink(item.id, item.label));
      li.appendChild(el("span", " \u2014 +" + item.added + " (" + item.kind + ")"));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  }

  function showDefault() { if (data.route) showRoute(); else if (data.reach) showReach(); else showIntro(); }

  function select(id) {
    if (!byId[id]) return;
    reveal(byId[id]);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  // ---------------------------------------------------------------- overview, full drawing, kinds
  function refresh() { nodes.update(data.nodes.map(nodeStyle)); }

  function setView(name) {
    if (view === name) return;
    view = name;
    refresh();
    network.fit();
    renderControls();
  }

  function toggleGroup(id) {
    if (view !== "overview" || !members[id]) return;
    expanded[id] = !expanded[id];
    refresh();
  }

  // A node hidden by the overview or a kind filter is shown before it is selected.
  function reveal(n) {
    var changed = false;
    if (hiddenKinds[n.kind]) { hiddenKinds[n.kind] = false; changed = true; renderControls(); }
    if (folded(n)) { expanded[n.group] = true; changed = true; }
    if (changed) refresh();
  }

  var controls = el("div");
  controls.id = "view-controls";
  document.getElementById("legend").insertBefore(controls, document.getElementById("legend").firstChild);

  function renderControls() {
    clear(controls);
    if (data.overview) {
      var views = el("div", null, "views");
      [["overview", "Overview"], ["full", "Full map"]].forEach(function (v) {
        var b = el("button", v[1]);
        b.type = "button";
        b.id = "view-" + v[0];
        b.setAttribute("aria-pressed", view === v[0] ? "true" : "false");
        b.addEventListener("click", function () { setView(v[0]); });
        views.appendChild(b);
      });
      controls.appendChild(views);
    }
    var kinds = el("div", null, "kinds");
    Object.keys(data.kinds).forEach(function (kind) {
      var label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenKinds[kind];
      box.dataset.kind = kind;
      box.addEventListener("change", function () { hiddenKinds[kind] = !box.checked; refresh(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + kind));
      kinds.appendChild(label);
    });
    controls.appendChild(kinds);
  }
  renderControls();
  api.setView = setView;
  api.view = function () { return view; };

  // On a phone the panel is a sheet over the map: its handle opens and closes it.
  var app = document.getElementById("app"), handle = document.getElementById("sheet-handle");
  function openSheet(open) {
    app.classList.toggle("sheet-open", open);
    handle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  api.openSheet = openSheet;
  handle.addEventListener("click", function () { openSheet(!app.classList.contains("sheet-open")); });

  network.on("click", function (params) {
    if (params.nodes.length) { toggleGroup(params.nodes[0]); showNode(params.nodes[0]); openSheet(true); }
    else if (!params.edges.length) showDefault();
  });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  var found = [];
  var active = 0;

  function renderMatches() {
    clear(matches);
    found.slice(0, 12).forEach(function (n, i) {
      var li = el("li", n.label + " (" + n.kind + ")");
      if (i === active) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(n.id); });
      matches.appendChild(li);
    });
  }

  function lookup(text) {
    var needle = text.trim().toLowerCase();
    if (!needle) return [];
    var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(needle) !== -1; });
    hits.sort(function (a, b) {
      var pa = a.label.toLowerCase().indexOf(needle) === 0 ? 0 : 1;
      var pb = b.label.toLowerCase().indexOf(needle) === 0 ? 0 : 1;
      return pa - pb || a.label.length - b.label.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    return hits;
  }

  function choose(id) {
    found = [];
    clear(matches);
    select(id);
  }

  search.addEventListener("input", function () {
    found = lookup(search.value);
    active = 0;
    renderMatches();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && found.length) { active = Math.min(active + 1, Math.min(found.length, 12) - 1); renderMatches(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && found.length) { active = Math.max(active - 1, 0); renderMatches(); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      if (!found.length) found = lookup(search.value);
      if (found.length) choose(found[active] ? found[active].id : found[0].id);
      ev.preventDefault();
    } else if (ev.key === "Escape") { found = []; clear(matches); }
  });

  showDefault();
})();
