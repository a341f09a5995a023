// Sorting, filtering and details of the clue table. The rows are rendered (and escaped) by
// the writer; this script only shows, hides and reorders them, so the page reads the same
// without it.
(function () {
  'use strict';
  var table = document.getElementById('clue-table');
  if (!table) { return; }
  var bodies = Array.prototype.slice.call(table.querySelectorAll('tbody.clue'));
  var search = document.getElementById('q');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  var more = document.getElementById('more');
  var moreNote = document.getElementById('more-note');
  // Rows shown at a time (the rest of the matches wait behind "再显示"), so that a run of
  // tens of thousands of clues stays quick to lay out.
  var page = parseInt(table.getAttribute('data-page'), 10) || 500;
  var limit = page;
  // Lower-cased text of each clue, details included, so a search finds a case number or a
  // word of the evidence too.
  var texts = new Map();
  bodies.forEach(function (b) { texts.set(b, b.textContent.toLowerCase()); });

  function matches(b, terms) {
    var text = texts.get(b);
    return terms.every(function (t) { return text.indexOf(t) !== -1; }) &&
      selects.every(function (s) {
        if (!s.value) { return true; }
        var have = (b.getAttribute('data-' + s.getAttribute('data-filter')) || '').split(' ');
        return have.indexOf(s.value) !== -1;
      });
  }

  // Shows the first `limit` matching clues in table order; a new filter starts at page one.
  function apply(keepLimit) {
    if (!keepLimit) { limit = page; }
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    Array.prototype.forEach.call(table.querySelectorAll('tbody.clue'), function (b) {
      var ok = matches(b, terms);
      b.hidden = !ok || n >= limit;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    empty.hidden = n !== 0;
    more.hidden = n <= limit;
    moreNote.textContent = '已显示前 ' + Math.min(limit, n) + ' 条，共 ' + n + ' 条';
  }

  function sortKey(b, col, numeric) {
    var cell = b.rows[0].cells[col];
    var v = cell.getAttribute('data-v');
    if (numeric) {
      return v === null || v === '' ? -Infinity : parseFloat(v);
    }
    return v !== null ? v : cell.textContent.trim();
  }

  var collator = new Intl.Collator('zh-Hans-CN', { numeric: true });
  var heads = Array.prototype.slice.call(table.querySelectorAll('thead th'));
  heads.forEach(function (th, col) {
    var button = th.querySelector('button.sort');
    if (!button) { return; }
    var numeric = th.getAttribute('data-type') === 'num';
    button.addEventListener('click', function () {
      // Numbers start high (priority, amounts), text starts at the top of the alphabet.
      var current = th.getAttribute('aria-sort');
      var dir = current ? (current === 'descending' ? 1 : -1) : (numeric ? -1 : 1);
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var order = bodies.map(function (b, i) { return { b: b, i: i, k: sortKey(b, col, numeric) }; });
      order.sort(function (x, y) {
        var c = numeric ? (x.k < y.k ? -1 : (x.k > y.k ? 1 : 0)) : collator.compare(x.k, y.k);
        return c !== 0 ? dir * c : x.i - y.i;
      });
      order.forEach(function (o) { table.appendChild(o.b); });
      apply(true);
    });
  });

  function setOpen(b, open) {
    var detail = b.querySelector('tr.detail');
    var toggle = b.querySelector('button.toggle');
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.textContent = open ? '收起' : '详情';
  }

  table.addEventListener('click', function (e) {
    var toggle = e.target.closest('button.toggle');
    if (!toggle) { return; }
    var b = toggle.closest('tbody.clue');
    setOpen(b, b.querySelector('tr.detail').hidden);
  });

  var expandAll = document.getElementById('expand-all');
  expandAll.addEventListener('click', function () {
    var open = expandAll.getAttribute('aria-pressed') !== 'true';
    expandAll.setAttribute('aria-pressed', open ? 'true' : 'false');
    expandAll.textContent = open ? '全部收起' : '全部展开';
    bodies.forEach(function (b) { setOpen(b, open); });
  });

  document.getElementById('reset').addEventListener('click', function () {
    search.value = '';
    selects.forEach(function (s) { s.value = ''; });
    apply();
  });

  document.getElementById('show-more').addEventListener('click', function () {
    limit += page;
    apply(true);
  });
  document.getElementById('show-all').addEventListener('click', function () {
    limit = Infinity;
    apply(true);
  });

  search.addEventListener('input', function () { apply(false); });
  selects.forEach(function (s) { s.addEventListener('change', function () { apply(false); }); });
  apply(false);
  document.documentElement.setAttribute('data-ready', 'true');
}());
