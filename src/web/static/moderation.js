// The moderation console's keyboard and instant next item. Plain ES2020, no build step.
// Without it the console still works: every button is a form that posts and comes back.
// Keys: j/k next/previous, a approve, r reject (then 1–9 picks the reason and sends, Esc
// cancels), e escalate, x select for bulk, ? the list of keys. The pager shows the position
// ("3 / 9") with previous/next buttons; the counters are fetched again after each decision. The page holds the next items already; when few are
// left the next page is fetched in the background, so a decision shows the next item at once.
(() => {
  'use strict';
  const queue = document.getElementById('mod-queue');
  if (!queue) return;
  const live = document.getElementById('mod-live');
  const bulkCount = document.querySelector('[data-bulk-count]');
  const bulkNone = bulkCount ? bulkCount.textContent : '';
  const pager = document.querySelector('.mod-pager');
  const position = document.querySelector('[data-position]');
  const total = document.querySelector('[data-total]');
  const help = document.getElementById('mod-help');
  queue.classList.add('is-enhanced');
  if (pager) pager.hidden = false;
  let current = 0;
  let fetching = false;

  const items = () => [...queue.querySelectorAll('.mod-item')];
  function say(text) {
    if (!live) return;
    live.textContent = '';
    setTimeout(() => (live.textContent = text), 30);
  }

  function show(index, focus = true) {
    const list = items();
    if (list.length === 0) {
      if (pager) pager.hidden = true;
      if (!queue.querySelector('.mod-empty') && !queue.querySelector('[data-more]')) {
        const p = document.createElement('p');
        p.className = 'mod-empty';
        p.textContent = queue.dataset.emptyText || '';
        queue.appendChild(p);
      }
      return;
    }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((el, i) => el.classList.toggle('is-current', i === current));
    if (position) position.textContent = String(current + 1);
    if (focus) list[current].focus({ preventScroll: false });
    prefetch();
  }

  async function prefetch() {
    const more = queue.querySelector('[data-more]');
    if (!more || fetching || items().length - current > 5) return;
    fetching = true;
    try {
      const res = await fetch(more.dataset.more, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (res.ok) {
        const html = await res.text();
        const template = document.createElement('template');
        template.innerHTML = html;
        const known = new Set(items().map((el) => el.dataset.item));
        for (const el of [...template.content.querySelectorAll('.mod-item')]) if (known.has(el.dataset.item)) el.remove();
        more.replaceWith(template.content);
        show(current, false);
      }
    } finally {
      fetching = false;
    }
  }

  function selected() {
    const n = queue.querySelectorAll('[data-select]:checked').length;
    if (!bulkCount) return;
    const text = n === 0 ? bulkNone : n === 1 ? bulkCount.dataset.one : bulkCount.dataset.other;
    bulkCount.textContent = (text || '').replace('#', String(n));
    // One item at a time needs no bulk bar until something is ticked.
    const bar = bulkCount.closest('form');
    if (bar) bar.hidden = n === 0;
  }

  // Counters as the server sees them now (other moderators decide too); the pager's total follows.
  async function refreshCounters() {
    const counters = document.getElementById('mod-counters');
    if (!counters) return;
    const url = new URL(location.href);
    url.searchParams.set('counters', '1');
    const res = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' }).catch(() => null);
    if (!res || !res.ok) return;
    const template = document.createElement('template');
    template.innerHTML = await res.text();
    const fresh = template.content.querySelector('.mod-counters');
    if (!fresh) return;
    counters.replaceWith(fresh);
    const pending = fresh.querySelector('[data-counter="pending"]');
    if (total && pending) total.textContent = pending.textContent.trim();
  }

  function openHelp() {
    if (help && typeof help.showModal === 'function' && !help.open) help.showModal();
  }
  if (pager) {
    pager.addEventListener('click', (event) => {
      const button = event.target.closest && event.target.closest('button');
      if (!button) return;
      if (button.dataset.go) show(current + Number(button.dataset.go));
      else if (button.hasAttribute('data-help')) openHelp();
    });
  }

  async function send(form, submitter) {
    const item = form.closest('.mod-item');
    if (!item || item.dataset.busy) return;
    const data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    item.dataset.busy = '1';
    try {
      const res = await fetch(form.getAttribute('action'), { method: 'POST', body: new URLSearchParams(data), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const body = await res.json().catch(() => ({}));
      if (res.ok || res.status === 409) {
        const index = items().indexOf(item);
        item.remove();
        if (total && res.ok && /^\d+$/.test(total.textContent)) total.textContent = String(Math.max(0, Number(total.textContent) - 1));
        refreshCounters();
        say(res.ok ? form.dataset.done || '' : (body.error && body.error.message) || '');
        show(index);
      } else {
        delete item.dataset.busy;
        say((body.error && body.error.message) || String(res.status));
      }
    } catch (error) {
      delete item.dataset.busy;
      say(String(error));
    }
  }

  queue.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest('.mod-item')) return;
    event.preventDefault();
    send(form, event.submitter);
  });
  queue.addEventListener('change', (event) => {
    if (event.target.matches && event.target.matches('[data-select]')) selected();
  });
  queue.addEventListener('focusin', (event) => {
    const item = event.target.closest && event.target.closest('.mod-item');
    if (item) {
      const i = items().indexOf(item);
      if (i >= 0 && i !== current) show(i, false);
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) && !(target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox'));
    if (typing || (help && help.open)) return;
    if (event.key === '?') {
      event.preventDefault();
      openHelp();
      return;
    }
    const item = items()[current];
    if (!item) return;
    const reasons = item.querySelector('.mod-reasons');
    if (reasons && reasons.open) {
      if (/^[1-9]$/.test(event.key)) {
        const radio = reasons.querySelectorAll('input[name="reason"]')[Number(event.key) - 1];
        if (radio) {
          event.preventDefault();
          radio.checked = true;
          send(reasons.closest('form'));
        }
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        reasons.open = false;
        item.focus();
        return;
      }
    }
    switch (event.key) {
      case 'j':
        event.preventDefault();
        show(current + 1);
        break;
      case 'k':
        event.preventDefault();
        show(current - 1);
        break;
      case 'a': {
        event.preventDefault();
        const form = item.querySelector('form.mod-approve');
        if (form) send(form, form.querySelector('button[name="action"]'));
        break;
      }
      case 'r':
        if (reasons) {
          event.preventDefault();
          reasons.open = true;
          const first = reasons.querySelector('input[name="reason"]:checked') || reasons.querySelector('input[name="reason"]');
          if (first) first.focus();
        }
        break;
      case 'e': {
        const form = item.querySelector('form.mod-escalate');
        if (form) {
          event.preventDefault();
          send(form, form.querySelector('button[name="action"]'));
        }
        break;
      }
      case 'x': {
        const box = item.querySelector('[data-select]');
        if (box) {
          event.preventDefault();
          box.checked = !box.checked;
          selected();
        }
        break;
      }
    }
  });

  selected();
  show(0, false);
})();
