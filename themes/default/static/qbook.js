/* qbook study site: search, practice, table sorting and progress.
 * Progressive enhancement only: every page works without this file, and it
 * makes no network requests (data comes from script files next to it). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var STORE = "qbook.progress.v1";

  function $(id) { return document.getElementById(id); }

  function loadProgress() {
    try { return JSON.parse(localStorage.getItem(STORE) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function saveProgress(p) {
    try { localStorage.setItem(STORE, JSON.stringify(p)); } catch (e) { /* private mode */ }
  }

  /* qbook's words in the page's language (assets/labels.js: each key's
   * forms by plural category, and the language's plural rule as the
   * category letter of 0 to 199); English when it is missing. */
  var LABELS = window.QBOOK_LABELS || {};
  function pluralOf(n) {
    var r = LABELS._plural, c = r ? r.charAt(n < 200 ? n : 100 + n % 100) : (n === 1 ? "o" : "x");
    return { z: "zero", o: "one", t: "two", f: "few", m: "many", x: "other" }[c] || "other";
  }
  function say(key, english, vals) {
    var forms = LABELS[key], s = english;
    if (forms) s = (vals && vals.n != null && forms[pluralOf(vals.n)]) || forms.other || english;
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return vals && vals[k] != null ? String(vals[k]) : m;
    });
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  /* Words of a text, lower-case, accents removed (Latin diacritics and
   * Arabic vowel marks, which most text leaves out). */
  function fold(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "");
  }
  /* The same folding, one output unit per input unit, so that positions in
   * the folded text are positions in the original (for marking matches). */
  function foldSameLength(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += fold(s.charAt(i)).charAt(0) || s.charAt(i);
    return out;
  }
  /* A word is letters, digits and the marks that belong to them (vowel
   * signs of Indic scripts, say), as Unicode's word boundaries have it.
   * Chinese and Japanese write no spaces: a run of Han or kana becomes its
   * character pairs, so that any word of two or more characters is found
   * wherever it occurs (a longer one as all of its pairs); the run's last
   * character stands alone too, so that one character is found. */
  var NON_WORD = /[^\p{L}\p{M}\p{N}_]+/gu;
  var CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+/gu;
  function split(s, query) {
    var out = [];
    fold(s).split(NON_WORD).forEach(function (w) {
      if (w === "") return;
      var last = 0, m;
      CJK_RUN.lastIndex = 0;
      while ((m = CJK_RUN.exec(w)) !== null) {
        if (m.index > last) out.push(w.slice(last, m.index));
        var run = Array.from(m[0]);
        for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
        if (run.length === 1 || !query) out.push(run[run.length - 1]);
        last = m.index + m[0].length;
      }
      if (last < w.length) out.push(w.slice(last));
    });
    return out;
  }
  function tokens(s) { return split(s, true); }
  /* " word word ... " for whole-word and prefix tests with indexOf. */
  var NON_ASCII = /[^\x00-\x7f]/, NON_WORD_ASCII = /[^a-z0-9_]+/g;
  function wordLine(s) {
    /* Most text is ASCII: lower-casing it is all the folding it needs. */
    if (!NON_ASCII.test(s)) return " " + s.toLowerCase().replace(NON_WORD_ASCII, " ") + " ";
    return " " + split(s, false).join(" ") + " ";
  }

  /* ---- search ------------------------------------------------------------ */
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* An excerpt of text around the first query word, with matches marked. */
  function excerpt(text, words) {
    /* Locate the match cheaply; fold only the short piece shown. */
    var low = text.toLowerCase(), at = -1;
    if (low.length !== text.length) low = foldSameLength(text);
    for (var i = 0; i < words.length && at < 0; i++) at = low.indexOf(words[i]);
    var start = Math.max(0, at - 70), end = Math.min(text.length, (at < 0 ? 0 : at) + 150);
    var frag = document.createDocumentFragment();
    var piece = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var re = new RegExp("(" + words.map(escapeRe).join("|") + ")", "gi");
    var last = 0, m, foldedPiece = foldSameLength(piece);
    while ((m = re.exec(foldedPiece)) !== null) {
      frag.appendChild(document.createTextNode(piece.slice(last, m.index)));
      frag.appendChild(el("mark", null, piece.slice(m.index, m.index + m[0].length)));
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    frag.appendChild(document.createTextNode(piece.slice(last)));
    return frag;
  }

  var searchCache = null;
  function searchDocs() {
    if (searchCache) return searchCache;
    searchCache = (window.QBOOK_SEARCH || []).map(function (d) {
      return { title: d[0], url: d[1], category: d[2], level: d[3], terms: d[4], text: d[5],
        ft: wordLine(d[0]), fk: wordLine(d[4]), fx: wordLine(d[5]) };
    });
    return searchCache;
  }

  /* The distinct words of every document, sorted, each with the documents
   * whose title, terms and text hold it: a query then looks its words up
   * instead of scanning every answer. */
  var FIELDS = ["ft", "fk", "fx"];
  var wordIndex = null;
  function searchIndex() {
    if (wordIndex) return wordIndex;
    var docs = searchDocs(), map = new Map();
    for (var i = 0; i < docs.length; i++)
      for (var f = 0; f < FIELDS.length; f++) {
        var ws = docs[i][FIELDS[f]].split(" ");
        for (var k = 0; k < ws.length; k++) {
          var w = ws[k], p;
          if (w === "") continue;
          p = map.get(w);
          if (p === undefined) map.set(w, p = [[], [], []]);
          if (p[f][p[f].length - 1] !== i) p[f].push(i);
        }
      }
    wordIndex = { words: Array.from(map.keys()).sort(), docs: map };
    return wordIndex;
  }

  /* Each document's score for one query word, 0 where it does not occur:
   * a whole word counts more than a prefix; title > terms > text. */
  var WEIGHTS = [[12, 8], [6, 4], [2, 1]];	/* [whole word, prefix] per field */
  function wordScores(w, n) {
    var ix = searchIndex(), lo = 0, hi = ix.words.length, sc = new Int32Array(n);
    var best = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (ix.words[mid] < w) lo = mid + 1; else hi = mid;
    }
    for (var k = lo; k < ix.words.length && ix.words[k].startsWith(w); k++) {
      var p = ix.docs.get(ix.words[k]), kind = ix.words[k] === w ? 2 : 1;
      for (var f = 0; f < 3; f++)
        for (var j = 0; j < p[f].length; j++)
          if (best[f][p[f][j]] < kind) best[f][p[f][j]] = kind;
    }
    for (var i = 0; i < n; i++)
      for (f = 0; f < 3; f++)
        if (best[f][i]) sc[i] += WEIGHTS[f][2 - best[f][i]];
    return sc;
  }

  function runSearch(q) {
    var list = $("search-results"), status = $("search-status");
    list.textContent = "";
    var words = tokens(q);
    if (words.length === 0) { status.textContent = ""; return; }
    var hits = [], docs = searchDocs(), total = new Int32Array(docs.length);
    /* Every word must occur somewhere: a document missing one drops out. */
    for (var k = 0; k < words.length; k++) {
      var sc = wordScores(words[k], docs.length);
      for (var j = 0; j < docs.length; j++)
        total[j] = sc[j] === 0 || total[j] < 0 ? -1 : total[j] + sc[j];
    }
    for (var i = 0; i < docs.length; i++)
      if (total[i] > 0) hits.push({ d: docs[i], s: total[i], i: i });
    hits.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    status.textContent = hits.length === 0 ? say("search_no_match", "No questions match “{q}”.", { q: q }) :
      say("search_matches", hits.length === 1 ? "{n} question matches “{q}”." :
        "{n} questions match “{q}”.", { n: hits.length, q: q });
    hits.slice(0, 50).forEach(function (h) {
      var li = el("li"), a = el("a", null, h.d.title);
      a.href = h.d.url;
      li.appendChild(a);
      li.appendChild(el("p", "q-meta", h.d.category + (h.d.level ? " · " + h.d.level : "")));
      var p = el("p", "excerpt");
      p.appendChild(excerpt(h.d.text, words));
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function initSearch() {
    var form = $("search-form"), input = $("search-input");
    if (!form) return;
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    if (q) runSearch(q);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { runSearch(input.value); }, 80);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); runSearch(input.value); });
  }

  /* ---- all-questions table ----------------------------------------------- */
  function initTable() {
    var table = $("question-table"), filter = $("question-filter");
    if (!table) return;
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var order = new Map();
    rows.forEach(function (r, i) { order.set(r, i); });
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = el("button", null, th.textContent);
      b.type = "button";
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        /* A cell's data-sort (levels and rounds in qbook.yaml's order)
         * before its text; ties keep the guide's order. */
        var key = function (r) {
          var cell = r.cells[col], t = cell.textContent.trim();
          if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
          return col === 0 ? t.split(".").map(function (n) { return ("0000" + n).slice(-4); }).join(".") : t.toLowerCase();
        };
        rows.sort(function (a, c) {
          var x = key(a), y = key(c);
          return ((x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1)) || (order.get(a) - order.get(c));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    if (filter) filter.addEventListener("input", function () {
      var words = tokens(filter.value);
      rows.forEach(function (r) {
        var t = fold(r.textContent);
        r.hidden = !words.every(function (w) { return t.indexOf(w) >= 0; });
      });
    });
  }

  /* ---- practice ---------------------------------------------------------- */
  function initPractice() {
    var form = $("practice-form");
    if (!form) return;
    var data = window.QBOOK_PRACTICE || [], current = null, tick = null;
    function pool() {
      var c = $("practice-category").value, l = $("practice-level").value, r = $("practice-round").value;
      return data.filter(function (q) {
        return (!c || q.category === c) && (!l || q.level === l) && (!r || q.round === r);
      });
    }
    function stats() {
      var p = loadProgress(), got = 0, review = 0;
      Object.keys(p).forEach(function (k) { if (p[k].s === "got") got++; else review++; });
      $("practice-stats").textContent = say("practice_stats",
        "{got} answered well, {review} to review again.", { got: got, review: review });
    }
    function show(seconds) {
      var m = Math.floor(Math.abs(seconds) / 60), s = Math.abs(seconds) % 60;
      $("practice-timer").textContent = (seconds < 0 ? "−" : "") + m + ":" + (s < 10 ? "0" : "") + s;
      $("practice-timer").classList.toggle("expired", seconds <= 0);
    }
    function draw(e) {
      if (e) e.preventDefault();
      var p = pool();
      if (p.length === 0) {
        $("practice-stats").textContent = say("practice_none", "No question matches these filters.");
        return;
      }
      var progress = loadProgress();
      /* Prefer questions not yet answered well. */
      var fresh = p.filter(function (q) { return !progress[q.id] || progress[q.id].s !== "got"; });
      var from = fresh.length ? fresh : p;
      current = from[Math.floor(Math.random() * from.length)];
      $("practice-card").hidden = false;
      $("practice-title").textContent = current.title;
      $("practice-meta").textContent = current.categoryTitle + (current.level ? " · " + current.level : "") +
        " · " + say("minutes", "{n} min", { n: current.minutes });
      var list = $("practice-listen");
      list.textContent = "";
      current.listen.forEach(function (t) { list.appendChild(el("li", null, t)); });
      list.hidden = true;
      $("practice-mark").hidden = true;
      $("practice-reveal").hidden = false;
      var left = (current.minutes || 3) * 60;
      clearInterval(tick);
      show(left);
      tick = setInterval(function () { left--; show(left); }, 1000);
      $("practice-title").focus && $("practice-title").setAttribute("tabindex", "-1");
    }
    function mark(state) {
      if (!current) return;
      var p = loadProgress();
      p[current.id] = { s: state, c: current.category };
      saveProgress(p);
      clearInterval(tick);
      stats();
      draw();
    }
    form.addEventListener("submit", draw);
    $("practice-reveal").addEventListener("click", function () {
      $("practice-listen").hidden = false;
      $("practice-mark").hidden = false;
      $("practice-reveal").hidden = true;
      clearInterval(tick);
    });
    $("practice-got").addEventListener("click", function () { mark("got"); });
    $("practice-review").addEventListener("click", function () { mark("review"); });
    stats();
  }

  /* ---- progress on the home page ----------------------------------------- */
  function initProgress() {
    var spans = document.querySelectorAll("[data-progress-category]");
    if (spans.length === 0) return;
    var p = loadProgress(), per = {};
    Object.keys(p).forEach(function (k) { if (p[k].s === "got") per[p[k].c] = (per[p[k].c] || 0) + 1; });
    Array.prototype.forEach.call(spans, function (s) {
      var n = per[s.getAttribute("data-progress-category")] || 0;
      if (n > 0) s.textContent = say("practice_progress", "{n} of {total} practised",
        { n: n, total: s.getAttribute("data-progress-total") });
    });
  }

  /* Print the answers too: open every toggle before printing. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    /* Prepare the search index while the reader is still reading. */
    if (document.getElementById("search-form")) setTimeout(function () {
      /* One throw-away query also lets the engine compile the scoring
       * code, so the reader's first query is as fast as the rest. */
      wordScores("qbook", searchDocs().length);
    }, 0);
    initSearch();
    initTable();
    initPractice();
    initProgress();
  });
})();
