// Comptoir's small script: plain ES2020, no build step, loaded with `defer`.
// Every page works without it; this only adds live updates, confirmations, counters and polish.
(() => {
  'use strict';

  const doc = document;
  const root = doc.documentElement;
  root.classList.add('js');
  const lang = (root.lang || 'fr').slice(0, 2) === 'en' ? 'en' : 'fr';
  const intlLocale = lang === 'fr' ? 'fr-FR' : 'en-GB';

  // Announcements for screen readers -------------------------------------------------------
  const announcer = doc.getElementById('live-announcer');
  let announceTimer = 0;
  function announce(text) {
    if (!announcer || !text) return;
    // Clearing first makes a repeated message be read again.
    announcer.textContent = '';
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  // Enhancing fresh content (initial page, htmx swaps, live inserts) -------------------------
  function enhance(scope) {
    if (!scope || !scope.querySelectorAll) return;
    for (const el of scope.querySelectorAll('textarea[data-max-chars]')) setupCounter(el);
    if (scope.matches && scope.matches('textarea[data-max-chars]')) setupCounter(scope);
    refreshTimes(scope);
  }

  // Live updates over Server-Sent Events ----------------------------------------------------
  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch {
      return null;
    }
  }

  function fragment(html) {
    const tpl = doc.createElement('template');
    tpl.innerHTML = String(html).trim();
    return tpl.content;
  }

  function insertStatus(streamEl, data) {
    if (!data || !data.id || !data.html) return;
    if (doc.getElementById('status-' + data.id)) return;
    const target = streamEl.querySelector('[data-live-target]') || streamEl;
    const content = fragment(data.html);
    const nodes = Array.from(content.children);
    if (nodes.length === 0) return;
    for (const empty of target.querySelectorAll(':scope > .empty-state')) empty.remove();
    target.prepend(content);
    for (const node of nodes) {
      node.classList.add('is-new');
      if (window.htmx) window.htmx.process(node);
      enhance(node);
    }
    announce(announcer && announcer.dataset.msgStatus);
  }

  function removeStatus(data) {
    if (!data || !data.id) return;
    const el = doc.getElementById('status-' + data.id);
    if (el) el.remove();
  }

  function updateNotifications(data) {
    if (!data) return;
    const unread = Number(data.unread) || 0;
    const badge = doc.getElementById('unread-count');
    if (badge) {
      badge.textContent = unread > 0 ? new Intl.NumberFormat(intlLocale).format(unread) : '';
      badge.dataset.count = String(unread);
    }
    const list = doc.getElementById('notifications-list');
    if (list && data.html) {
      const content = fragment(data.html);
      const nodes = Array.from(content.children);
      for (const empty of list.querySelectorAll(':scope > .empty-state')) empty.remove();
      list.prepend(content);
      for (const node of nodes) {
        if (window.htmx) window.htmx.process(node);
        enhance(node);
      }
    }
    if (data.html || unread > 0) announce(announcer && announcer.dataset.msgNotification);
  }

  const sources = [];
  function openStream(name, streamEl) {
    if (!('EventSource' in window) || !name) return;
    const source = new EventSource('/live?stream=' + encodeURIComponent(name));
    source.addEventListener('status', (e) => streamEl && insertStatus(streamEl, parse(e)));
    source.addEventListener('delete', (e) => removeStatus(parse(e)));
    source.addEventListener('notification', (e) => updateNotifications(parse(e)));
    sources.push(source);
  }

  function startLive() {
    const streams = doc.querySelectorAll('[data-live-stream]');
    if (streams.length > 0) {
      for (const el of streams) openStream(el.getAttribute('data-live-stream'), el);
    } else if (doc.body && doc.body.dataset.live === 'user') {
      openStream('notifications', null);
    }
  }
  // Closing on pagehide keeps the page eligible for the back/forward cache.
  window.addEventListener('pagehide', () => {
    while (sources.length) sources.pop().close();
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && sources.length === 0) startLive();
  });

  // Confirmations: <button data-confirm="…"> or <form data-confirm="…"> ----------------------
  doc.addEventListener(
    'submit',
    (e) => {
      const form = e.target;
      const submitter = e.submitter;
      const message = (submitter && submitter.getAttribute('data-confirm')) || (form && form.getAttribute && form.getAttribute('data-confirm'));
      if (message && !window.confirm(message)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );
  doc.addEventListener(
    'click',
    (e) => {
      // Links and htmx buttons outside forms (hx-delete…) with data-confirm.
      const el = e.target.closest && e.target.closest('a[data-confirm], button[data-confirm]');
      // Submit buttons are asked on submit, so pressing Enter in the form asks too.
      if (!el || (el.tagName === 'BUTTON' && el.form && el.type === 'submit')) return;
      if (!window.confirm(el.getAttribute('data-confirm'))) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  // Character counters -----------------------------------------------------------------------
  const plural = new Intl.PluralRules(intlLocale);
  const numberFormat = new Intl.NumberFormat(intlLocale);
  function remainingText(n) {
    const count = numberFormat.format(Math.abs(n));
    if (n < 0) {
      return lang === 'fr'
        ? count + (plural.select(Math.abs(n)) === 'one' ? ' caractère en trop' : ' caractères en trop')
        : count + (plural.select(Math.abs(n)) === 'one' ? ' character too many' : ' characters too many');
    }
    return lang === 'fr'
      ? count + (plural.select(n) === 'one' ? ' caractère restant' : ' caractères restants')
      : count + (plural.select(n) === 'one' ? ' character left' : ' characters left');
  }

  function setupCounter(textarea) {
    if (textarea.dataset.counterReady) return;
    const max = Number(textarea.getAttribute('data-max-chars'));
    if (!max) return;
    textarea.dataset.counterReady = '1';
    let output = textarea.id ? doc.querySelector('output[for="' + CSS.escape(textarea.id) + '"]') : null;
    if (!output) {
      const next = textarea.nextElementSibling;
      output = next && next.tagName === 'OUTPUT' ? next : null;
    }
    if (!output) {
      output = doc.createElement('output');
      output.className = 'char-count';
      output.setAttribute('aria-live', 'polite');
      textarea.insertAdjacentElement('afterend', output);
    }
    if (!output.id) output.id = (textarea.id || 'text-' + Math.random().toString(36).slice(2)) + '-count';
    const described = (textarea.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!described.includes(output.id)) textarea.setAttribute('aria-describedby', described.concat(output.id).join(' '));
    const update = () => {
      const left = max - Array.from(textarea.value).length;
      output.textContent = remainingText(left);
      output.classList.toggle('is-over', left < 0);
      output.classList.toggle('is-low', left >= 0 && left <= Math.max(10, Math.round(max * 0.1)));
      const form = textarea.form;
      if (form) {
        for (const button of form.querySelectorAll('button[type="submit"], button:not([type])')) {
          if (button.dataset.counterGuard !== undefined || button.closest('.compose')) button.disabled = left < 0;
        }
      }
    };
    textarea.addEventListener('input', update);
    update();
  }

  // Relative times ---------------------------------------------------------------------------
  const rtf = new Intl.RelativeTimeFormat(intlLocale, { numeric: 'auto', style: 'short' });
  // The server's time zone for pages (relative-time.tsx PAGE_TIME_ZONE), so a date refreshed here
  // reads as the one the server wrote, whatever the browser's zone.
  const timeZone = 'Europe/Paris';
  const shortDate = new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'short', timeZone });
  const longDate = new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  function relative(date) {
    const now = Date.now();
    const seconds = Math.round((date.getTime() - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 45) return rtf.format(0, 'second');
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
    return (date.getFullYear() === new Date(now).getFullYear() ? shortDate : longDate).format(date);
  }
  function refreshTimes(scope) {
    for (const el of (scope || doc).querySelectorAll('time[data-relative][datetime]')) {
      const date = new Date(el.getAttribute('datetime'));
      if (!Number.isNaN(date.getTime())) el.textContent = relative(date);
    }
  }
  setInterval(() => refreshTimes(doc), 60_000);

  // Small behaviours ---------------------------------------------------------------------------
  // A select that submits its form when changed (the topbar's "acting as").
  doc.addEventListener('change', (e) => {
    const el = e.target;
    if (el && el.matches && el.matches('select[data-autosubmit]') && el.form) el.form.requestSubmit();
  });

  // Menus built on <details>: close with Escape or a click elsewhere.
  doc.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const menu of doc.querySelectorAll('details.menu[open]')) {
      menu.open = false;
      const summary = menu.querySelector('summary');
      if (summary && menu.contains(doc.activeElement)) summary.focus();
    }
  });
  doc.addEventListener('click', (e) => {
    for (const menu of doc.querySelectorAll('details.menu[open]')) if (!menu.contains(e.target)) menu.open = false;
  });

  // htmx: enhance swapped content; a little bump when a like/repost/bookmark turns on.
  doc.addEventListener('htmx:load', (e) => enhance(e.target));
  doc.addEventListener('htmx:afterSwap', (e) => {
    const el = e.detail && e.detail.elt;
    const scope = el && el.isConnected ? el : e.target;
    if (!scope || !scope.querySelectorAll) return;
    const actions = scope.matches && scope.matches('.action') ? [scope] : scope.querySelectorAll('.action[aria-pressed="true"]');
    for (const action of actions) {
      if (action.getAttribute('aria-pressed') !== 'true') continue;
      action.classList.remove('is-bumped');
      void action.offsetWidth;
      action.classList.add('is-bumped');
    }
  });
  // htmx's own confirmation hook, for hx-* elements that carry data-confirm (forms are handled
  // by the submit listener above, so they are skipped here to avoid asking twice).
  doc.addEventListener('htmx:confirm', (e) => {
    const elt = e.detail && e.detail.elt;
    const trigger = e.detail && e.detail.triggeringEvent;
    if (!elt || !elt.closest || (trigger && (trigger.type === 'submit' || trigger.type === 'click'))) return;
    const holder = elt.closest('[data-confirm]');
    if (holder && !window.confirm(holder.getAttribute('data-confirm'))) e.preventDefault();
  });
  // Errors from htmx requests: reload the page so the server's full error page shows, rather
  // than swapping an error document into a button.
  doc.addEventListener('htmx:responseError', (e) => {
    const xhr = e.detail && e.detail.xhr;
    if (xhr && xhr.status === 401) window.location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
  });

  // Forms that came back with errors: bring the summary into view and focus for screen readers.
  function focusErrors() {
    const summary = doc.querySelector('.error-summary');
    if (summary && !doc.querySelector('[autofocus]')) {
      summary.focus({ preventScroll: false });
    }
  }

  function init() {
    enhance(doc);
    startLive();
    focusErrors();
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();

// Product gallery and compact composer (issue 11) ---------------------------------------------
// Both work without this: a thumbnail is a link to ?image=N, the composer opens on focus in CSS.
(() => {
  'use strict';
  const doc = document;
  doc.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('.product-gallery-thumbs a[data-full]') : null;
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    const gallery = link.closest('.product-gallery');
    const main = gallery && gallery.querySelector('.product-gallery-main');
    const img = main && main.querySelector('img');
    if (!img) return;
    e.preventDefault();
    img.src = link.dataset.full;
    img.alt = link.dataset.alt || '';
    if (link.dataset.width) img.width = Number(link.dataset.width);
    if (link.dataset.height) img.height = Number(link.dataset.height);
    main.href = link.dataset.full;
    for (const other of gallery.querySelectorAll('.product-gallery-thumbs a')) other.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    history.replaceState(history.state, '', link.getAttribute('href').split('#')[0]);
  });
  // A compact composer stays open once used, even when the focus leaves it (a file picker, a tab).
  doc.addEventListener('focusin', (e) => {
    const form = e.target instanceof Element ? e.target.closest('.compose.is-compact') : null;
    if (form) form.classList.add('is-open');
  });
})();
