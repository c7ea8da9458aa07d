/* watchfloor: the timeline of a filtered view, with a brush (docs/ui.md).
 *
 * Progressive enhancement: the page already shows the events by date. This
 * script draws the bars of /ui/data/timeline (the same filter, the page's own
 * query string): events per day, week or month over the focus window, where
 * the events are; dates far outside it (background such as "in 1996") are set
 * aside and counted, never stretching the axis. Dragging across the bars (the
 * brush) reloads the page with that range as since/until, so the map, table and
 * exports follow; "whole range" clears it. Only textContent is ever set.
 */
(function () {
  "use strict";
  var el = document.getElementById("wf-timeline");
  if (!el || !window.fetch || !(window.watchfloor && window.watchfloor.format)) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var wf = (window.watchfloor = window.watchfloor || {});
  var state = (wf.timeline = { ready: false, window: null, bars: 0, dated: 0, events: 0, error: null });

  function navigate(changes) {
    var params = new URLSearchParams(el.dataset.query || "");
    Object.keys(changes).forEach(function (k) {
      params.delete(k);
      if (changes[k] !== null) { params.set(k, changes[k]); }
    });
    var q = params.toString();
    window.location.assign((el.dataset.page || window.location.pathname) + (q ? "?" + q : ""));
  }

  function svg(tag, attrs, parent) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(n); }
    return n;
  }

  function day(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  var count = wf.format.count, plural = wf.format.plural;  // format.js

  function draw(data) {
    state.events = data.events;
    state.dated = data.dated;
    if (!data.window) {
      state.ready = true;
      return;
    }
    el.textContent = "";
    el.classList.add("live");
    var width = Math.max(320, el.clientWidth || 900), height = 150, left = 36, right = 10, top = 10, bottom = 26;
    var t0 = day(data.window[0]), t1 = day(data.window[1]) + DAY;
    var x = function (t) { return left + (t - t0) / (t1 - t0) * (width - left - right); };
    var max = 1;
    data.bars.forEach(function (b) { max = Math.max(max, b.count); });
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
      "aria-label": "events per " + data.bucket + ", " + data.window[0] + " to " + data.window[1] });
    var plot = top + (height - top - bottom);
    svg("line", { x1: left, y1: plot, x2: width - right, y2: plot, "class": "axis" }, root);
    data.bars.forEach(function (b) {
      var a = day(b.start), z = Math.min(day(b.end) + DAY, t1), h = (height - top - bottom) * b.count / max;
      var r = svg("rect", { x: x(Math.max(a, t0)) + 0.5, y: plot - h, width: Math.max(1, x(z) - x(Math.max(a, t0)) - 1),
        height: h, "class": "bar" }, root);
      var title = svg("title", {}, r);
      title.textContent = b.start + (b.end !== b.start ? " – " + b.end : "") + ": " + plural(b.count, "event") +
        Object.keys(b.types).map(function (t) { return "\n" + t + ": " + count(b.types[t]); }).join("");
    });
    var ticks = 8, step = (t1 - t0) / ticks;
    for (var i = 0; i <= ticks; i++) {
      var t = t0 + Math.round(step * i / DAY) * DAY;
      svg("line", { x1: x(t), y1: plot, x2: x(t), y2: plot + 4, "class": "axis" }, root);
      var label = svg("text", { x: x(t), y: height - 8, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle",
        "class": "tl" }, root);
      label.textContent = iso(t);
    }
    svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", "class": "tl" }, root).textContent = count(max);
    var brush = svg("rect", { x: 0, y: top, width: 0, height: plot - top, "class": "brush" }, root);
    var start = null;
    function at(ev) {
      var box = root.getBoundingClientRect();
      return Math.max(left, Math.min(width - right, (ev.clientX - box.left) * width / box.width));
    }
    root.addEventListener("pointerdown", function (ev) {
      start = at(ev);
      root.setPointerCapture(ev.pointerId);
      brush.setAttribute("x", start);
      brush.setAttribute("width", 0);
    });
    root.addEventListener("pointermove", function (ev) {
      if (start === null) { return; }
      var now = at(ev);
      brush.setAttribute("x", Math.min(start, now));
      brush.setAttribute("width", Math.abs(now - start));
    });
    root.addEventListener("pointerup", function (ev) {
      if (start === null) { return; }
      var a = Math.min(start, at(ev)), b = Math.max(start, at(ev));
      start = null;
      if (b - a < 3) { brush.setAttribute("width", 0); return; }
      var toT = function (px) { return t0 + (px - left) / (width - left - right) * (t1 - t0); };
      var first = Math.floor(toT(a) / DAY) * DAY;
      var last = Math.max(first, Math.floor((toT(b) - 1) / DAY) * DAY);
      var since = iso(first), until = iso(last);
      state.brushed = [since, until];
      navigate({ since: since, until: until, offset: null });
    });
    var head = document.createElement("p");
    head.className = "mute small wb-tl-note";
    var aside = data.aside.before + data.aside.after;
    head.textContent = plural(data.dated, "dated event") + ", per " + data.bucket + ", " + data.window[0] + " to " +
      data.window[1] + (aside ? "; " + plural(aside, "event") + " dated far outside set aside (" + count(data.aside.before) +
      " before, " + count(data.aside.after) + " after)" : "") + ". Drag across the bars to focus on a range.";
    el.appendChild(head);
    el.appendChild(root);
    var params = new URLSearchParams(el.dataset.query || "");
    if (params.get("since") || params.get("until")) {
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "wb-reset";
      reset.textContent = "Whole range";
      reset.addEventListener("click", function () { navigate({ since: null, until: null, offset: null }); });
      el.appendChild(reset);
    }
    state.window = data.window;
    state.bars = data.bars.length;
    state.ready = true;
    el.dispatchEvent(new CustomEvent("watchfloor:timeline", { bubbles: true }));
  }

  fetch(el.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function (err) {
      state.error = String(err);
      var p = document.createElement("p");
      p.className = "problem";
      p.textContent = "The timeline could not load (" + err.message + ").";
      el.appendChild(p);
    });
})();
