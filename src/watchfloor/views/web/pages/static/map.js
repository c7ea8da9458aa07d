/* watchfloor: the interactive map of a filtered view (docs/ui.md).
 *
 * Progressive enhancement: the page already shows a map drawn on the server.
 * This script replaces it with a Leaflet map of the same filter (the points of
 * /ui/data/map, fetched with the page's own query string) over the Natural
 * Earth outlines shipped with watchfloor: no tile server, no CDN. One marker per
 * place, sized and coloured by its events; dense places cluster until zoomed in.
 * "Filter to this view" reloads the page with the map's bounds as bbox=, so the
 * table, timeline and exports follow. Text from the store is only ever set as
 * textContent, never parsed as HTML.
 */
(function () {
  "use strict";
  var el = document.getElementById("wf-map");
  if (!el || !window.L || !window.fetch || !(window.watchfloor && window.watchfloor.format)) { return; }
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  // Places that are whole areas: their point is a centroid, not where anything happened.
  var AREAS = { country: true, admin1: true, admin2: true, region: true };
  var wf = (window.watchfloor = window.watchfloor || {});
  var state = (wf.map = { ready: false, ids: [], events: 0, located: 0, places: 0, error: null });

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function navigate(changes) {
    var params = new URLSearchParams(el.dataset.query || "");
    Object.keys(changes).forEach(function (k) {
      params.delete(k);
      if (changes[k] !== null) { params.set(k, changes[k]); }
    });
    var q = params.toString();
    window.location.assign((el.dataset.page || window.location.pathname) + (q ? "?" + q : ""));
  }

  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    return n;
  }

  var count = wf.format.count, plural = wf.format.plural;  // format.js

  function byPlace(points) {
    var places = {};
    points.forEach(function (p) {
      var key = p.place_id || (p.lat + "," + p.lon);
      var place = places[key];
      if (!place) {
        place = places[key] = { id: p.place_id, name: p.place, admin1: p.admin1, country: p.country,
          feature: p.feature, lat: p.lat, lon: p.lon, count: 0, types: {}, quads: {} };
      }
      place.count += 1;
      place.types[p.type] = (place.types[p.type] || 0) + 1;
      if (p.quad_class) { place.quads[p.quad_class] = (place.quads[p.quad_class] || 0) + 1; }
    });
    return Object.keys(places).map(function (k) { return places[k]; });
  }

  function mainQuad(place) {
    var best = 0, n = -1;
    Object.keys(place.quads).forEach(function (q) { if (place.quads[q] > n) { n = place.quads[q]; best = q; } });
    return best;
  }

  function popup(place) {
    var box = node("div", "wb-pop");
    var where = [place.name, place.admin1 && place.admin1 !== place.name ? place.admin1 : null, place.country]
      .filter(Boolean).join(", ");
    box.appendChild(node("strong", null, where || "unnamed place"));
    box.appendChild(node("div", "mute", plural(place.count, "event") + (place.feature ? " · " + place.feature : "")));
    var list = node("ul");
    Object.keys(place.types).sort().forEach(function (t) { list.appendChild(node("li", null, t + ": " + place.types[t])); });
    box.appendChild(list);
    if (place.id) {
      var params = new URLSearchParams(el.dataset.query || "");
      params.delete("place");
      params.append("place", place.id);
      var a = node("a", null, "these events in the table");
      a.href = "/events?" + params.toString();
      box.appendChild(a);
    }
    return box;
  }

  function icon(n, cls) {
    var size = Math.round(Math.min(44, 16 + 6 * Math.log2(n + 1)));
    return L.divIcon({ html: "<span>" + count(Number(n)) + "</span>", className: cls, iconSize: [size, size] });
  }

  function basemap(map, data) {
    var renderer = L.svg({ padding: 0.5 });
    data.countries.forEach(function (c) {
      var rings = c.rings.map(function (ring) { return ring.map(function (pt) { return [pt[1], pt[0]]; }); });
      L.polygon(rings, { renderer: renderer, className: "wb-land", weight: 0.6, interactive: false }).addTo(map);
    });
  }

  function controls(map, data) {
    var Box = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = node("div", "leaflet-bar wb-ctl");
        var go = node("button", null, "Filter to this view");
        go.type = "button";
        go.title = "reload the page with the map's area as a filter (bbox)";
        L.DomEvent.disableClickPropagation(div);
        go.addEventListener("click", function () {
          var b = map.getBounds();
          var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)).toFixed(2); };
          navigate({ bbox: [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
            clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(","), offset: null });
        });
        div.appendChild(go);
        if (new URLSearchParams(el.dataset.query || "").get("bbox")) {
          var clear = node("button", null, "Whole map");
          clear.type = "button";
          clear.addEventListener("click", function () { navigate({ bbox: null, offset: null }); });
          div.appendChild(clear);
        }
        return div;
      }
    });
    map.addControl(new Box());
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var div = node("div", "wb-legend");
        // a count that stopped (the API's *_is_lower_bound) is shown as "10,000+"
        var placed = count(data.located) + (data.located_is_lower_bound ? "+" : "");
        div.appendChild(node("div", null, (data.events_is_lower_bound ? count(data.events) + "+ events" : plural(data.events, "event")) +
          " match, " + placed + " placed" +
          (data.shown < data.located ? " (" + count(data.shown) + " newest drawn)" : "")));
        [4, 3, 2, 1].forEach(function (q) {
          var row = node("div");
          row.appendChild(node("span", "wb-key q" + q));
          row.appendChild(document.createTextNode(" " + QUADS[q]));
          div.appendChild(row);
        });
        var area = node("div");
        area.appendChild(node("span", "wb-key wb-area"));
        area.appendChild(document.createTextNode(" a whole country or region (its centre)"));
        div.appendChild(area);
        return div;
      }
    });
    map.addControl(new Legend());
  }

  function draw(data, countries) {
    el.textContent = "";
    el.classList.add("live");
    var canvas = node("div", "wb-map-canvas");
    canvas.setAttribute("aria-label", "map of the events' places");
    el.appendChild(canvas);
    var map = L.map(canvas, { minZoom: 1, maxZoom: 13, zoomSnap: 0.5, worldCopyJump: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Made with Natural Earth · places: GeoNames (CC BY 4.0)");
    basemap(map, countries);
    var places = byPlace(data.points);
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45, chunkedLoading: true,
      iconCreateFunction: function (c) {
        var n = 0;
        c.getAllChildMarkers().forEach(function (m) { n += m.options.count; });
        return icon(n, "wb-cluster");
      }
    });
    places.forEach(function (p) {
      var cls = "wb-pin q" + mainQuad(p) + (AREAS[p.feature] ? " wb-area" : "");
      var m = L.marker([p.lat, p.lon], { icon: icon(p.count, cls), count: p.count,
        title: (p.name || "") + ": " + plural(p.count, "event"), keyboard: true });
      m.bindPopup(function () { return popup(p); });
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    controls(map, data);
    var bbox = new URLSearchParams(el.dataset.query || "").get("bbox");
    if (bbox) {
      var b = bbox.split(",").map(Number);
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    } else if (places.length) {
      map.fitBounds(L.latLngBounds(places.map(function (p) { return [p.lat, p.lon]; })).pad(0.25), { maxZoom: 7 });
    } else {
      map.setView([20, 10], 1.5);
    }
    state.leaflet = map;
    state.ids = data.points.map(function (p) { return p.uid; });
    state.events = data.events;
    state.located = data.located;
    state.places = places.length;
    state.ready = true;
    el.dispatchEvent(new CustomEvent("watchfloor:map", { bubbles: true }));
  }

  Promise.all([getJSON(el.dataset.src), getJSON("/ui/static/countries.json")])
    .then(function (res) { draw(res[0], res[1]); })
    .catch(function (err) {
      state.error = String(err);
      el.appendChild(node("p", "problem", "The interactive map could not load (" + err.message + ")."));
    });
})();
