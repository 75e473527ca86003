/* Mitra's charts and maps, drawn from data the page carries in <script type="application/json">.
   Every chart and map has a table with the same figures next to it; this only draws. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Data reaches the page only as text nodes: Leaflet sets a string tooltip as HTML, so a
     partner called "<img onerror=…>" would run. Never hand data to innerHTML or to a library
     that takes HTML strings. */
  function text(s) {
    var span = document.createElement("span");
    span.textContent = String(s);
    return span;
  }

  var INK = "#1b1f24", ACCENT = "#0b5c8e", LIGHT = "#9cc3de", LINE = "#d5dae0";

  function barChart(canvas) {
    var d = data(canvas.dataset.source);
    if (!d || typeof Chart === "undefined") return;
    var datasets = [{ label: canvas.dataset.label || "", data: d.values, backgroundColor: ACCENT }];
    if (d.active) {
      datasets.push({ label: canvas.dataset.activeLabel || "", data: d.active, backgroundColor: LIGHT });
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: datasets },
      options: {
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: {
          x: { ticks: { color: INK, precision: 0 }, grid: { color: LINE } },
          y: { ticks: { color: INK, precision: 0 }, grid: { color: LINE } }
        }
      }
    });
  }

  function shade(n, max) {
    if (!n) return "#f1f3f5";
    var steps = ["#cfe3f1", "#9cc3de", "#5f9cc6", "#2f78ab", "#0b5c8e"];
    return steps[Math.min(steps.length - 1, Math.floor((n / max) * (steps.length - 1)))];
  }

  /* world-atlas stitches shapes that cross the antimeridian (Fiji, Russia) into one ring whose
     longitudes jump from +180 to -180; Leaflet draws that jump as a line across the whole map.
     Unwrap each ring so that it continues past ±180 instead. */
  function unwrap(ring) {
    var out = [];
    ring.forEach(function (p, i) {
      var lon = p[0];
      if (i > 0) {
        var prev = out[i - 1][0];
        while (lon - prev > 180) lon -= 360;
        while (lon - prev < -180) lon += 360;
      }
      out.push([lon, p[1]]);
    });
    return out;
  }

  function unwrapFeature(f) {
    var g = f.geometry;
    if (!g) return f;
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    // Islands of one country on both sides of the line (Fiji) move next to its first part.
    var ref = null;
    polygons.forEach(function (rings, k) {
      var outer = unwrap(rings[0]);
      var mid = outer.reduce(function (sum, p) { return sum + p[0]; }, 0) / outer.length;
      if (ref === null) ref = mid;
      var shift = mid - ref > 180 ? -360 : mid - ref < -180 ? 360 : 0;
      polygons[k] = rings.map(function (ring) {
        return unwrap(ring).map(function (p) { return [p[0] + shift, p[1]]; });
      });
    });
    if (g.type === "Polygon") g.coordinates = polygons[0];
    return f;
  }

  // Antarctica is no partner, and in this projection it is a band along the whole bottom edge.
  var ANTARCTICA = "010";

  function worldMap(el) {
    if (typeof L === "undefined" || typeof topojson === "undefined") return;
    var rows = data(el.dataset.source) || [];
    var lang = document.documentElement.lang;
    var byNumeric = {}, max = 0;
    rows.forEach(function (r) {
      if (r.numeric) { byNumeric[r.numeric] = r; max = Math.max(max, r.n); }
    });
    var map = L.map(el, { zoomSnap: 0.25, minZoom: 1, maxZoom: 6, worldCopyJump: false,
                          attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    fetch(el.dataset.shapes, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (world) {
        var shapes = topojson.feature(world, world.objects.countries);
        shapes.features = shapes.features.filter(function (f) { return f.id !== ANTARCTICA; })
          .map(unwrapFeature);
        var shown = L.latLngBounds([]);
        var layer = L.geoJSON(shapes, {
          style: function (f) {
            var r = byNumeric[f.id];
            return { color: "#8b95a1", weight: 0.5, fillOpacity: 1, fillColor: shade(r ? r.n : 0, max) };
          },
          onEachFeature: function (f, shape) {
            var r = byNumeric[f.id];
            if (!r) return;
            shown.extend(shape.getBounds());
            var name = lang === "en" ? r.name_en : r.name_id;
            shape.bindTooltip(text(name + ": " + r.n));
            if (el.dataset.link) {
              shape.on("click", function () {
                window.location = el.dataset.link.replace("CODE", encodeURIComponent(r.code));
              });
            }
          }
        }).addTo(map);
        el.leafletMap = map;  // for the browser tests
        // Fitted to the partners shown; the whole world when none of them has a shape.
        map.fitBounds(shown.isValid() ? shown : layer.getBounds(), { padding: [8, 8], maxZoom: 4 });
        el.dataset.ready = "true";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart='bar']").forEach(barChart);
    document.querySelectorAll("[data-map='world']").forEach(worldMap);
  });
})();
