// graphpost console: live pages (docs/console.md). A <main data-refresh="N"> is fetched again every
// N seconds and its content swapped in place; nothing else on the page changes. Without this
// script the pages still work (reload by hand). No inline handlers: the CSP forbids them.
(function () {
  'use strict';

  // A table that scrolls sideways (a phone) must be reachable by keyboard to scroll it: give its
  // .table-wrap a tab stop while it overflows and holds nothing focusable.
  function keyboardScroll() {
    document.querySelectorAll('.table-wrap').forEach(function (wrap) {
      var overflows = wrap.scrollWidth > wrap.clientWidth;
      var focusable = wrap.querySelector('a[href], button, input, select, textarea, [tabindex]');
      if (overflows && !focusable) {
        wrap.setAttribute('tabindex', '0');
        if (!wrap.hasAttribute('role')) wrap.setAttribute('role', 'region');
        if (!wrap.hasAttribute('aria-label')) {
          var caption = wrap.querySelector('caption');
          wrap.setAttribute('aria-label', caption ? caption.textContent : 'Table');
        }
      } else if (!overflows && wrap.getAttribute('tabindex') === '0' && !focusable) {
        wrap.removeAttribute('tabindex');
      }
    });
  }
  keyboardScroll();
  window.addEventListener('resize', keyboardScroll);

  var main = document.getElementById('main');
  if (!main || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(main.getAttribute('data-refresh') || '0', 10);
  if (!(seconds > 0)) return;

  var timer = null;
  var busy = false;
  var stopped = false;

  function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    if (stopped || timer) return;
    timer = setTimeout(tick, seconds * 1000);
  }

  // True while the person is typing or choosing in <main>: swapping now would lose their input.
  function editing() {
    var active = document.activeElement;
    return !!active && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }

  function openDetails(root) {
    return Array.prototype.map.call(root.querySelectorAll('details'), function (d) {
      return d.open;
    });
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('main');
    if (!fresh) { stop(); return; }
    var active = document.activeElement;
    var focusId = active && main.contains(active) ? active.id : '';
    var open = openDetails(main);
    var x = window.scrollX;
    var y = window.scrollY;
    var nodes = Array.prototype.map.call(fresh.childNodes, function (n) {
      return document.importNode(n, true);
    });
    main.replaceChildren.apply(main, nodes);
    main.querySelectorAll('details').forEach(function (d, i) {
      if (i < open.length) d.open = open[i];
    });
    if (focusId) {
      var again = document.getElementById(focusId);
      if (again) again.focus({ preventScroll: true });
    }
    window.scrollTo(x, y);
    keyboardScroll();
    var next = parseInt(fresh.getAttribute('data-refresh') || '0', 10);
    if (next > 0) {
      seconds = next;
    } else {
      stop(); // the page became final (e.g. a delivered message): no more polling
    }
  }

  function tick() {
    timer = null;
    if (stopped || document.hidden) return; // resumed by visibilitychange
    if (busy || editing()) { schedule(); return; }
    busy = true;
    fetch(location.href, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-Console-Refresh': '1' }
    }).then(function (response) {
      if (response.redirected) {
        // The session ended: the login page, reached through a redirect. Reload to show it.
        stop();
        location.reload();
        return null;
      }
      if (response.status !== 200) { stop(); return null; }
      return response.text();
    }).then(function (text) {
      if (text !== null && !stopped) swap(text);
    }).catch(function () {
      // The gateway is restarting or the network is away: try again at the next tick.
    }).then(function () {
      busy = false;
      schedule();
    });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && !stopped && !timer && !busy) tick();
  });

  schedule();
})();
