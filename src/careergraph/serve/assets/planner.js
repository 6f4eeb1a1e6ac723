// The route planner of `careergraph serve`: asks the JSON API and highlights the answer on the map.
// Every text from the server goes into the page with textContent only.
(function () {
  "use strict";
  var map = window.cgMap, el = map.el, clear = map.clear;
  var form = document.getElementById("planner");
  var names = document.getElementById("pl-names");
  var errorBox = document.getElementById("pl-error");
  var LISTS = ["have", "via", "avoid"];

  function field(name) { return document.getElementById("pl-" + name); }

  function yearsText(y) {
    if (!y) return null;
    function n(x) { return String(Number(x.toFixed(2))); }
    return (y.min === y.max ? n(y.min) : n(y.min) + "\u2013" + n(y.max)) + " y";
  }

  function getJSON(path, params) {
    return fetch(path + "?" + params.toString(), { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { var err = new Error(body.message); err.body = body; throw err; }
        return body;
      });
    });
  }

  // ------------------------------------------------------------ autocomplete over labels and other names
  var pending = null;
  function suggest(input) {
    var parts = input.value.split(","), last = parts.pop().trim();
    var before = parts.map(function (p) { return p.trim(); }).filter(Boolean);
    if (pending) clearTimeout(pending);
    if (last.length < 2) return;
    pending = setTimeout(function () {
      getJSON("/api/search", new URLSearchParams({ text: last, limit: "12" })).then(function (found) {
        clear(names);
        found.forEach(function (node) {
          var option = document.createElement("option");
          option.value = before.concat([node.label]).join(", ");
          option.textContent = node.type;
          names.appendChild(option);
        });
      }).catch(function () { clear(names); });
    }, 120);
  }
  ["from", "to"].concat(LISTS).forEach(function (name) {
    field(name).addEventListener("input", function () { suggest(field(name)); });
  });

  // ------------------------------------------------------------ the question, in the form and in the URL
  function question() {
    var params = new URLSearchParams();
    params.set("from", field("from").value.trim());
    params.set("to", field("to").value.trim());
    LISTS.forEach(function (name) {
      field(name).value.split(",").map(function (v) { return v.trim(); }).filter(Boolean)
        .forEach(function (v) { params.append(name, v); });
    });
    if (field("by").value !== "years") params.set("by", field("by").value);
    if (field("k").value !== "1") params.set("k", field("k").value);
    return params;
  }

  function fill(params) {
    field("from").value = params.get("from") || "";
    field("to").value = params.get("to") || "";
    LISTS.forEach(function (name) { field(name).value = params.getAll(name).join(", "); });
    field("by").value = params.get("by") === "steps" ? "steps" : "years";
    field("k").value = ["2", "3"].indexOf(params.get("k")) >= 0 ? params.get("k") : "1";
    if (LISTS.some(function (name) { return params.getAll(name).length; }) || params.get("by") || params.get("k")) {
      document.getElementById("pl-more").open = true;
    }
  }

  // ------------------------------------------------------------ answers
  function mapRoute(route) {
    return {
      from: route.from.label, to: route.to.label, source: route.from.id,
      total: yearsText(route.total_years) || "0 y",
      steps: route.steps.map(function (s) {
        return { id: s.id, label: s.label, kind: s.type, years: yearsText(s.years), prerequisite: s.added_for_prerequisite,
                 when: s.when, start: (s.start_years || {}).min || 0, end: (s.end_years || {}).min || 0 };
      })
    };
  }

  function showError(err) {
    clear(errorBox);
    errorBox.appendChild(el("div", err.message));
    var body = err.body || {};
    (body.suggestions || []).forEach(function (id) {
      var b = el("button", id, "suggestion");
      b.type = "button";
      b.addEventListener("click", function () {
        var wrong = body.message.match(/unknown node '([^']*)'/);
        ["from", "to"].concat(LISTS).forEach(function (name) {
          if (wrong && field(name).value.indexOf(wrong[1]) >= 0) field(name).value = field(name).value.replace(wrong[1], id);
        });
        ask(true);
      });
      errorBox.appendChild(b);
    });
  }

  function showAlternatives(routes, params) {
    var box = document.getElementById("pl-alternatives");
    if (!box) { box = el("div"); box.id = "pl-alternatives"; form.appendChild(box); }
    clear(box);
    var link = el("a", "Link to this route");
    link.id = "pl-link";
    link.href = "?" + params.toString();
    box.appendChild(link);
    if (routes.length > 1) {
      routes.forEach(function (route, i) {
        var b = el("button", "Route " + (i + 1) + ": " + (yearsText(route.total_years) || "0 y") + ", " + route.steps.length + " steps", "alternative");
        b.type = "button";
        b.addEventListener("click", function () { map.setRoute(mapRoute(route)); });
        box.appendChild(b);
      });
    }
  }

  function ask(remember) {
    var params = question();
    clear(errorBox);
    if (!params.get("from") || !params.get("to")) return;
    document.body.removeAttribute("data-route");
    getJSON("/api/route", params).then(function (answer) {
      var routes = Array.isArray(answer) ? answer : [answer];
      map.setRoute(mapRoute(routes[0]));
      showAlternatives(routes, params);
      if (remember) history.pushState(null, "", "?" + params.toString());
      document.body.setAttribute("data-route", "1");
      map.openSheet(true);
    }).catch(showError);
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); ask(true); });
  window.addEventListener("popstate", function () { fill(new URLSearchParams(location.search)); ask(false); });

  // ------------------------------------------------------------ node details: everything `show` prints
  var RELATIONS = [["requires", "Requires"], ["leads_to", "Leads to"], ["entered_from", "Entered from"],
                   ["required_by", "Required by"], ["awards", "Awards"], ["awarded_by", "Awarded by"], ["holds", "Holds"],
                   ["certified_by", "Certified by"], ["subspecialty_of", "Subspecialty of"], ["subspecialties", "Subspecialties"],
                   ["broader", "Broader"], ["typical_credentials", "Typical credentials"]];

  function refList(panel, title, refs) {
    if (!refs || !refs.length) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    refs.forEach(function (r) { var li = el("li"); li.appendChild(map.nodeLink(r.id, r.label)); ul.appendChild(li); });
    panel.appendChild(ul);
  }

  function line(panel, title, text) {
    if (text === null || text === undefined || text === "" || (Array.isArray(text) && !text.length)) return;
    panel.appendChild(el("h3", title));
    panel.appendChild(el("p", Array.isArray(text) ? text.join(", ") : text));
  }

  map.describeNode = function (id, panel) {
    panel.appendChild(el("p", "Loading\u2026", "kind"));
    getJSON("/api/node", new URLSearchParams({ name: id })).then(function (r) {
      clear(panel);
      panel.appendChild(el("h2", r.label));
      panel.appendChild(el("div", r.type + (r.duration_years ? " \u00b7 " + yearsText(r.duration_years) : ""), "kind"));
      if (r.alt_labels && r.alt_labels.length) panel.appendChild(el("div", "also: " + r.alt_labels.join(", "), "kind"));
      if (r.definition) panel.appendChild(el("p", r.definition));
      if (r.prior_gme_years) line(panel, "Prior GME years", yearsText(r.prior_gme_years) || String(r.prior_gme_years));
      var routeLink = el("button", "Show me the way here", "way");
      routeLink.type = "button";
      routeLink.addEventListener("click", function () {
        field("to").value = r.label;
        if (!field("from").value.trim()) field("from").value = "US MD student";
        ask(true);
      });
      panel.appendChild(routeLink);
      RELATIONS.slice(0, 1).forEach(function (p) { refList(panel, p[1], r[p[0]]); });
      (r.requires_one_of || []).forEach(function (group) { refList(panel, "Requires one of", group); });
      RELATIONS.slice(1).forEach(function (p) { refList(panel, p[1], r[p[0]]); });
      line(panel, "Career category", r.career_category);
      line(panel, "Care type", r.care_type);
      if (r.codes && Object.keys(r.codes).length) {
        line(panel, "Codes", Object.keys(r.codes).map(function (k) { return k + ": " + [].concat(r.codes[k]).join(", "); }));
      }
      line(panel, "Practice pathway until", r.practice_pathway_until);
      if (r.salary && r.salary.length) {
        panel.appendChild(el("h3", "Salary"));
        var sl = el("ul");
        r.salary.forEach(function (s) {
          sl.appendChild(el("li", [s.measure, s.min === s.max ? s.min : s.min + "\u2013" + s.max, s.currency, s.year, s.source_title].filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(" \u00b7 ")));
        });
        panel.appendChild(sl);
      }
      if (r.sources && r.sources.length) {
        panel.appendChild(el("h3", "Sources"));
        var ul = el("ul", null, "sources");
        r.sources.forEach(function (s) {
          var li = el("li");
          if (s.url && /^https?:\/\//i.test(s.url)) {
            var a = el("a", s.title || s.url);
            a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
            li.appendChild(a);
          } else {
            li.appendChild(el("span", s.title || s.file || s.id));
          }
          if (s.quote) li.appendChild(el("div", "\u201c" + s.quote + "\u201d", "quote"));
          if (s.date) li.appendChild(el("div", "checked " + s.date, "prereq"));
          ul.appendChild(li);
        });
        panel.appendChild(ul);
      }
      map.openSheet(true);
    }).catch(function (err) { clear(panel); panel.appendChild(el("p", err.message)); });
  };

  var initial = new URLSearchParams(location.search);
  fill(initial);
  if (initial.get("from") && initial.get("to")) ask(false);
})();
