// The inbox's keyboard (list and conversation pages). Plain ES2020, no build step; without it
// every row is a link and every action a form. Keys: j/k next/previous conversation, Enter opens
// (list), r reply, n internal note, e resolve, s snooze, a assign to me, ? the list of keys.
// While the agent writes, the presence line says so to the others (the server keeps the time).
(() => {
  'use strict';
  const help = document.getElementById('inbox-help');
  const list = document.getElementById('inbox-list');
  const page = document.querySelector('.inbox-conversation');
  const rows = () => (list ? [...list.querySelectorAll('.inbox-item')] : []);
  let current = 0;

  function show(index) {
    const all = rows();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((el, i) => el.classList.toggle('is-current', i === current));
    all[current].focus();
  }
  if (list) show(0);

  function go(href) {
    if (href) window.location.assign(href);
  }
  function submit(id) {
    const el = document.getElementById(id);
    const form = el && (el.tagName === 'FORM' ? el : el.closest('form'));
    if (form) form.requestSubmit();
  }
  function write(note) {
    const box = document.getElementById('inbox-text');
    const toggle = document.getElementById('inbox-internal');
    if (toggle) toggle.checked = note;
    if (box) box.focus();
  }

  // Tell the others I am writing, at most every 5 s (the page's htmx polling says I am here).
  const box = document.getElementById('inbox-text');
  let told = 0;
  if (box && box.dataset.typing)
    box.addEventListener('input', () => {
      const now = Date.now();
      if (now - told < 5000) return;
      told = now;
      const token = document.querySelector('input[name="_csrf"]');
      const body = new URLSearchParams({ typing: 'true', _csrf: token ? token.value : '' });
      fetch(box.dataset.typing, { method: 'POST', body, credentials: 'same-origin' }).catch(() => {});
    });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing =
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) &&
      !(target instanceof HTMLInputElement && target.type === 'checkbox');
    if (typing || (help && help.open)) return;
    const keys = {
      '?': () => help && help.showModal(),
      j: () => (list ? show(current + 1) : go(page && page.dataset.next)),
      k: () => (list ? show(current - 1) : go(page && page.dataset.prev)),
      Enter: () => list && go(rows()[current] && rows()[current].dataset.href),
      r: () => write(false),
      n: () => write(true),
      e: () => submit('inbox-resolve'),
      s: () => {
        const until = document.getElementById('inbox-snooze');
        if (until) until.focus();
      },
      a: () => submit('inbox-assign-me'),
    };
    const run = keys[event.key];
    if (!run) return;
    if (event.key === 'Enter' && !list) return;
    event.preventDefault();
    run();
  });
})();
