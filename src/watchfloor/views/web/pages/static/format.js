/* watchfloor: how the pages' scripts write counts (docs/ui.md): with thousands
 * separators, as the server-rendered pages do ("98,880 events", "10,000+").
 * Loaded before map.js and timeline.js, which take it from window.watchfloor.format.
 */
(function () {
  "use strict";
  var wf = (window.watchfloor = window.watchfloor || {});

  // A whole number with a comma every three digits (Python's f"{n:,}"); anything else as it is.
  function count(n) {
    if (typeof n !== "number" || !isFinite(n) || Math.floor(n) !== n) { return String(n); }
    var digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
    return (n < 0 ? "-" : "") + digits;
  }

  // The count and its noun, agreeing: "1 event", "98,880 events".
  function plural(n, one, many) { return count(n) + " " + (n === 1 ? one : (many || one + "s")); }

  wf.format = { count: count, plural: plural };
})();
