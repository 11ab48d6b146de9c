// The graph page: tooltips, details panel, search, filters, Arabic/English labels.
// Every piece of article text is put in the page with textContent, never as markup.
(function () {
  "use strict";
  var times = window.kgTimes = {start: performance.now()};
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  times.parsed = performance.now();
  var WIKIDATA = "https://www.wikidata.org/wiki/";
  var QID = /^Q[1-9][0-9]*$/;
  // the page carries at most PANEL_EVIDENCE sentences an edge (kg.export.html.PAGE_EVIDENCE), and counts the rest
  var TIP_EVIDENCE = 3, TIP_ARTICLES = 5, PANEL_EVIDENCE = data.panel_evidence || 20;

  // Fields left out of the JSON to keep big pages small are filled in here.
  data.nodes.forEach(function (node) {
    node.label_ar = node.label;
    node.label_en = node.label_en || "";
    node.names = node.names || [];
    node.articles_count = node.articles_count || node.articles.length;  // the page lists the first PAGE_ARTICLES
  });
  data.edges.forEach(function (edge) {
    var labels = data.predicates[edge.predicate] || {ar: edge.predicate, en: edge.predicate};
    edge.label_ar = labels.ar;
    edge.evidence_count = edge.evidence_count || edge.evidence.length;
    edge.articles_count = edge.articles_count || edge.articles.length;
    edge.label_en = labels.en;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  times.datasets = performance.now();
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  times.network = performance.now();
  window.network = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgDrawn = false;
  window.kgStable = false;
  network.once("afterDrawing", function () {
    window.kgDrawn = true;
    window.kgDrawnAt = performance.now();
  });

  // Small graphs settle with physics, which then stops; big ones arrive laid out.
  function markStable() {
    if (window.kgStable) { return; }
    window.kgStable = true;
    window.kgStableAt = performance.now();
    if (data.focus !== null && data.focus !== undefined && nodes.get(data.focus)) {
      network.selectNodes([data.focus]);
      labelSelection();
      showNode(data.focus);
    }
  }
  if (data.options.physics && data.options.physics.enabled !== false) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      markStable();
    });
  } else {
    network.once("afterDrawing", markStable);
  }

  // Big graphs draw arrowheads only when zoomed in enough to see them.
  var arrowsOn = !data.arrow_scale;
  function updateArrows() {
    var on = network.getScale() >= data.arrow_scale;
    if (on !== arrowsOn) {
      arrowsOn = on;
      network.setOptions({edges: {arrows: {to: {enabled: on}}}});
    }
  }
  if (data.arrow_scale) {
    network.on("zoom", updateArrows);
    network.on("animationFinished", updateArrows);
    network.once("afterDrawing", updateArrows);
  }

  // --- text helpers ----------------------------------------------------------------------
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function typeName(type) {
    var t = data.types[type];
    return t ? t.ar + " (" + t.en + ")" : String(type || "");
  }
  function predicateName(predicate) {
    var p = data.predicates[predicate];
    return p ? p.ar + " (" + p.en + ")" : String(predicate);
  }
  function articleText(id) {
    var a = data.articles[id] || {};
    var source = [a.title, a.date].filter(Boolean).join(" — ");
    return source ? source + " [" + id + "]" : String(id);
  }
  // The article as the panel shows it: title — date [id], linked to its URL when it has one.
  function articleSource(id) {
    var a = data.articles[id] || {};
    var box = element("span", null, "kg-article");
    if (a.url && /^https?:\/\//i.test(a.url)) {
      var link = element("a", articleText(id));
      link.href = a.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    } else {
      box.textContent = articleText(id);
    }
    return box;
  }
  function nodeName(id) {
    var node = nodes.get(id);
    return node ? node.label_ar : String(id);
  }

  // --- tooltips, built when first hovered --------------------------------------------------
  function tooltip(rows) {
    var box = element("div", null, "kg-tip");
    rows.forEach(function (row) {
      if (!row[0]) { box.appendChild(document.createElement("hr")); return; }
      var line = document.createElement("div");
      line.appendChild(element("span", row[0] + ":", "kg-tip-key"));
      line.appendChild(element("span", row[1]));
      box.appendChild(line);
    });
    return box;
  }
  function nodeRows(node) {
    var rows = [["النوع", typeName(node.type)], ["الاسم", node.label_ar]];
    if (node.label_en) { rows.push(["بالإنجليزية", node.label_en]); }
    if (node.names && node.names.length) { rows.push(["أسماء أخرى", node.names.join("، ")]); }
    if (node.wikidata) { rows.push(["ويكي بيانات", node.wikidata]); }
    var shown = node.articles.slice(0, TIP_ARTICLES).map(articleText);
    if (node.articles_count > TIP_ARTICLES) { shown.push("و" + (node.articles_count - TIP_ARTICLES) + " أخرى"); }
    rows.push(["المقالات (" + node.articles_count + ")", shown.join("؛ ")]);
    return rows;
  }
  function edgeRows(edge) {
    var rows = [
      ["العلاقة", predicateName(edge.predicate)],
      ["بين", nodeName(edge.from) + " ← " + nodeName(edge.to)],
      ["الثقة", edge.confidence.toFixed(2)],
      ["المقالات", String(edge.articles_count)]
    ];
    edge.evidence.slice(0, TIP_EVIDENCE).forEach(function (ev) {
      rows.push(["", ""], ["الجملة", ev.sentence], ["المقال", articleText(ev.article)],
                ["الثقة", ev.confidence.toFixed(2)]);
    });
    if (edge.evidence_count > TIP_EVIDENCE) {
      rows.push(["", ""], ["…", "و" + (edge.evidence_count - TIP_EVIDENCE) + " أخرى (انقر للتفاصيل)"]);
    }
    return rows;
  }
  // vis shows the popup tooltipDelay ms after the hover event, so a title set here is the one shown.
  network.on("hoverNode", function (params) {
    var node = nodes.get(params.node);
    if (node && !node.title) { nodes.update({id: node.id, title: tooltip(nodeRows(node))}); }
  });
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    if (edge && !edge.title) { edges.update({id: edge.id, title: tooltip(edgeRows(edge))}); }
  });

  // --- details panel -------------------------------------------------------------------------
  var details = document.getElementById("kg-details");
  var panel = document.getElementById("kg-panel");
  function resetDetails(heading) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(element("h2", heading));
    panel.scrollTop = 0;
  }
  function field(list, key, value) {
    list.appendChild(element("dt", key));
    var dd = element("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    list.appendChild(dd);
  }
  function articleList(ids, count) {
    var list = element("ol");
    ids.forEach(function (id) {
      var item = element("li");
      item.appendChild(articleSource(id));
      list.appendChild(item);
    });
    if (count > ids.length) { list.appendChild(element("li", "و" + (count - ids.length) + " أخرى")); }
    return list;
  }
  function showNode(id) {
    var node = nodes.get(id);
    if (!node) { return; }
    resetDetails(node.label_ar);
    if (node.label_en) {
      details.appendChild(element("p", node.label_en + (node.romanized ? " (بالحروف اللاتينية)" : ""), "kg-en"));
    }
    var list = element("dl");
    field(list, "النوع", typeName(node.type));
    if (node.names && node.names.length) { field(list, "أسماء أخرى", node.names.join("، ")); }
    if (node.wikidata && QID.test(node.wikidata)) {
      var link = element("a", node.wikidata);
      link.href = WIKIDATA + node.wikidata;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      field(list, "ويكي بيانات", link);
    }
    field(list, "العلاقات", String(network.getConnectedEdges(id).length));
    field(list, "المقالات (" + node.articles_count + ")", articleList(node.articles, node.articles_count));
    details.appendChild(list);
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) { return; }
    resetDetails(nodeName(edge.from) + " · " + edge.label_ar + " · " + nodeName(edge.to));
    var list = element("dl");
    field(list, "العلاقة", predicateName(edge.predicate));
    field(list, "الثقة", edge.confidence.toFixed(2));
    field(list, "المقالات (" + edge.articles_count + ")", articleList(edge.articles, edge.articles_count));
    var evidence = element("ol");
    edge.evidence.slice(0, PANEL_EVIDENCE).forEach(function (ev) {
      var item = element("li");
      item.appendChild(element("blockquote", ev.sentence));
      var source = element("div", null, "kg-source");
      source.appendChild(articleSource(ev.article));
      source.appendChild(document.createTextNode(" · الثقة " + ev.confidence.toFixed(2)));
      item.appendChild(source);
      evidence.appendChild(item);
    });
    if (edge.evidence_count > PANEL_EVIDENCE) {
      evidence.appendChild(element("li", "و" + (edge.evidence_count - PANEL_EVIDENCE) + " أخرى"));
    }
    field(list, "الأدلة", evidence);
    details.appendChild(list);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  window.kgShowNode = showNode;
  window.kgShowEdge = showEdge;

  // --- filters by entity type and predicate --------------------------------------------
  var hiddenTypes = {}, hiddenPredicates = {};
  // Entities without any relation float apart; they are hidden until asked for (or searched).
  var linked = {}, revealed = {};
  data.edges.forEach(function (edge) { linked[edge.from] = true; linked[edge.to] = true; });
  if (!data.edges.length) { data.nodes.forEach(function (node) { linked[node.id] = true; }); }  // nothing to hide
  if (data.focus !== null && data.focus !== undefined) { linked[data.focus] = true; }  // a view's centre stays
  var isolatedBox = document.getElementById("kg-isolated");
  function isIsolatedHidden(node) {
    return !linked[node.id] && !revealed[node.id] && !(isolatedBox && isolatedBox.checked);
  }
  function applyFilters() {
    var shown = {}, nodeChanges = [], edgeChanges = [];
    nodes.forEach(function (node) {
      var hide = hiddenTypes[node.type] === true || isIsolatedHidden(node);
      if (!hide) { shown[node.id] = true; }
      if ((node.hidden === true) !== hide) { nodeChanges.push({id: node.id, hidden: hide}); }
    });
    edges.forEach(function (edge) {
      var hide = hiddenPredicates[edge.predicate] === true || !shown[edge.from] || !shown[edge.to];
      if ((edge.hidden === true) !== hide) { edgeChanges.push({id: edge.id, hidden: hide}); }
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
  }
  function watch(selector, hidden) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (box) {
      box.addEventListener("change", function () {
        hidden[box.value] = !box.checked;
        applyFilters();
      });
    });
  }
  watch(".kg-type-filter", hiddenTypes);
  watch(".kg-predicate-filter", hiddenPredicates);
  if (isolatedBox) { isolatedBox.addEventListener("change", applyFilters); }
  applyFilters();
  window.kgApplyFilters = applyFilters;

  // --- Arabic / English labels; big graphs label only the edges of the selected nodes ------------
  var english = false;
  var labelled = {};  // edge id -> true, when not every edge is labelled
  function edgeLabel(edge) { return english ? edge.label_en : edge.label_ar; }
  function labelSelection() {
    if (data.edge_labels) { return; }
    var wanted = {}, changes = [];
    network.getSelectedNodes().forEach(function (id) {
      network.getConnectedEdges(id).forEach(function (edgeId) { wanted[edgeId] = true; });
    });
    Object.keys(labelled).forEach(function (id) {
      if (!wanted[id]) { changes.push({id: id, label: ""}); }
    });
    Object.keys(wanted).forEach(function (id) { changes.push({id: id, label: edgeLabel(edges.get(id))}); });
    labelled = wanted;
    edges.update(changes);
  }
  network.on("selectNode", labelSelection);
  network.on("deselectNode", labelSelection);
  var language = document.getElementById("kg-lang");
  function setLanguage(lang) {
    english = lang === "en";
    nodes.update(nodes.map(function (node) {
      return {id: node.id, label: english && node.label_en ? node.label_en : node.label_ar};
    }));
    var relabel = data.edge_labels ? edges.getIds() : Object.keys(labelled);
    edges.update(relabel.map(function (id) { return {id: id, label: edgeLabel(edges.get(id))}; }));
    language.textContent = english ? "العربية" : "English";
    language.setAttribute("aria-pressed", english ? "true" : "false");
    document.documentElement.setAttribute("data-labels", lang);
  }
  language.addEventListener("click", function () { setLanguage(english ? "ar" : "en"); });
  window.kgSetLanguage = setLanguage;

  // --- search: diacritics, tatweel and alef/hamza/teh marbuta/alef maqsura variants ignored ----
  var DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;
  function normalize(text) {
    return String(text || "").normalize("NFKC").replace(DIACRITICS, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0624/g, "\u0648").replace(/[\u0626\u0649]/g, "\u064A")
      .replace(/\u0629/g, "\u0647")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  var index = data.nodes.map(function (node) {
    var names = [node.label_ar, node.label_en].concat(node.names || []);
    var sounds = (node.sounds || []).map(function (k) { return k.replace(/ /g, ""); });
    return {id: node.id, names: names.map(normalize).filter(Boolean), sounds: sounds};
  });
  // The consonant skeleton of a Latin spelling, as kg.arabic.sound_key makes it in Python.
  var DIGRAPHS = [["sch", "s"], ["sh", "s"], ["ch", "s"], ["kh", "k"], ["gh", "g"], ["th", "t"],
                  ["dh", "d"], ["ph", "f"], ["dj", "j"], ["ck", "k"]];
  var SOUNDS = {c: "k", q: "k", x: "k", p: "b", v: "f", g: "j"};
  function soundKey(text) {
    return String(text || "").normalize("NFKD").toLowerCase().split(/\s+/).map(function (word) {
      word = word.replace(/^(al|el)[-\u2010]/, "").replace(/^abd[aeiou]l(?=[a-z]{3})/, "abd");
      DIGRAPHS.forEach(function (pair) { word = word.split(pair[0]).join(pair[1]); });
      word = word.replace(/c(?=[eiy])/g, "s").replace(/[cqxpvg]/g, function (ch) { return SOUNDS[ch]; });
      word = word.replace(/[^bdfhjklmnrstzg]/g, "").replace(/(.)\1+/g, "$1");
      if (word.length > 1 && word.charAt(word.length - 1) === "h") { word = word.slice(0, -1); }
      return word;
    }).join("");
  }
  var ARABIC = /[\u0600-\u06FF]/;
  // The same scores as kg.export.views.match_nodes (kg query, kg viz --focus, kg.analysis):
  // 3 the whole name, 2 the query's words as whole words of the name (ال ignored), 1 a substring.
  function words(text) {
    return text.split(" ").map(function (w) { return w.indexOf("\u0627\u0644") === 0 && w.length > 3 ? w.slice(2) : w; });
  }
  function score(q, name) {
    if (q === name) { return 3; }
    var qw = words(q), nw = words(name);
    for (var i = 0; i + qw.length <= nw.length; i++) {
      if (qw.every(function (w, j) { return nw[i + j] === w; })) { return 2; }
    }
    return name.indexOf(q) >= 0 ? 1 : 0;
  }
  function findNodes(query) {
    var q = normalize(query);
    if (!q) { return []; }
    var found = {}, top = 0;
    index.forEach(function (entry) {
      var best = 0;
      entry.names.forEach(function (name) { best = Math.max(best, score(q, name)); });
      if (best) { found[entry.id] = best; top = Math.max(top, best); }
    });
    if (!top && !ARABIC.test(query)) {
      var wanted = soundKey(query);
      if (wanted.length >= 3) {
        index.forEach(function (entry) {
          if (entry.sounds.some(function (key) { return key.indexOf(wanted) >= 0; })) { found[entry.id] = 1; top = 1; }
        });
      }
    }
    return Object.keys(found).filter(function (id) { return found[id] === top; }).sort();
  }
  window.kgFindNodes = findNodes;
  var input = document.getElementById("kg-search");
  input.value = "";  // a reload may restore the last query, which the page has not searched for
  var status = document.getElementById("kg-search-status");
  var timer = null;
  function select(id) {
    var node = nodes.get(id);
    if (node.hidden && !linked[id] && hiddenTypes[node.type] !== true) {
      revealed[id] = true;  // a searched entity without relations is shown
      applyFilters();
      node = nodes.get(id);
    }
    status.textContent = node.label_ar + (node.hidden ? " (مخفي بالتصفية)" : "");
    network.selectNodes([id]);
    labelSelection();
    showNode(id);
    if (!node.hidden) {
      network.focus(id, {scale: Math.max(network.getScale(), 1.0),
                         animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
  }
  function showCandidates(query, ids) {
    status.textContent = ids.length + " نتائج: اختر واحدة";
    network.selectNodes(ids.filter(function (id) { return !nodes.get(id).hidden; }));
    labelSelection();
    resetDetails("«" + query + "» يطابق " + ids.length + " كيانات");
    var list = element("ul", null, "kg-candidates");
    ids.forEach(function (id) {
      var node = nodes.get(id);
      var button = element("button", node.label_ar + (node.label_en ? " (" + node.label_en + ")" : ""));
      button.type = "button";
      button.setAttribute("data-id", id);
      button.appendChild(element("small", " · " + typeName(node.type) + " · " + node.articles_count + " مقالات"));
      button.addEventListener("click", function () { select(id); });
      var item = element("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    details.appendChild(list);
  }
  function search() {
    if (Object.keys(revealed).length) { revealed = {}; applyFilters(); }
    if (!input.value.trim()) { status.textContent = ""; network.unselectAll(); labelSelection(); return; }
    var found = findNodes(input.value);
    if (!found.length) { status.textContent = "لا نتيجة"; network.unselectAll(); labelSelection(); return; }
    if (found.length > 1) { showCandidates(input.value.trim(), found); return; }
    select(found[0]);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); search(); }
  });
})();
