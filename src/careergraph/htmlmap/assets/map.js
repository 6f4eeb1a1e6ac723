(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var big = data.nodes.length > 800;
  var dim = data.route !== null;

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
      id: n.id, label: n.label, title: tooltip(n), shape: style.shape,
      color: faded ? { background: "#eeeeee", border: "#d0d0d0" } : { background: style.color, border: n.onRoute ? "#e41a1c" : "#555555" },
      borderWidth: n.onRoute ? 3 : 1,
      font: n.onRoute ? { color: "#000000", size: 34, strokeWidth: style.shape === "box" ? 0 : 4, strokeColor: "#ffffff" }
                      : { color: faded ? "#b0b0b0" : "#222222", size: 14 },
      widthConstraint: { maximum: n.onRoute ? 420 : 170 },
      size: style.shape === "dot" || style.shape === "star" || style.shape === "diamond" || style.shape === "triangle" || style.shape === "hexagon" ? 12 : undefined
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
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
  }

  function showDefault() { if (data.route) showRoute(); else showIntro(); }

  function select(id) {
    if (!byId[id]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
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
