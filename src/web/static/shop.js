// Shopping enhancements: plain ES2020, no build step, loaded with `defer` after htmx and app.js.
// Without it every Buy button is a link to the full checkout page; with it, that page's form
// opens in a <dialog> over the feed (fetched by htmx) and its answer stays in the dialog.
(() => {
  'use strict';

  const doc = document;
  const fr = (doc.documentElement.lang || 'fr').slice(0, 2) !== 'en';
  const label = { close: fr ? 'Fermer' : 'Close', loading: fr ? 'Chargement…' : 'Loading…', failed: fr ? 'Impossible de charger. ' : 'Could not load. ', page: fr ? 'Ouvrir la page de paiement' : 'Open the checkout page' };

  let dialog = null;
  let opener = null;

  function ensureDialog() {
    if (dialog) return dialog;
    dialog = doc.createElement('dialog');
    dialog.className = 'buy-dialog';
    dialog.id = 'buy-dialog';
    dialog.setAttribute('aria-labelledby', 'buy-dialog-title');
    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'buy-dialog-close';
    close.setAttribute('data-close-dialog', '');
    close.setAttribute('aria-label', label.close);
    close.textContent = '×';
    const body = doc.createElement('div');
    body.className = 'buy-dialog-body';
    dialog.append(close, body);
    doc.body.appendChild(dialog);
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener('click', (e) => {
      if (e.target !== dialog) return;
      const r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
    });
    dialog.addEventListener('close', () => {
      body.replaceChildren();
      if (opener && opener.isConnected) opener.focus();
      opener = null;
    });
    return dialog;
  }

  function openBuyDialog(link) {
    const d = ensureDialog();
    const body = d.querySelector('.buy-dialog-body');
    opener = link;
    const loading = doc.createElement('p');
    loading.className = 'buy-dialog-loading';
    loading.textContent = label.loading;
    body.replaceChildren(loading);
    if (!d.open) d.showModal();
    window.htmx
      .ajax('GET', link.getAttribute('href'), { target: body, swap: 'innerHTML' })
      .then(() => {
        const first = body.querySelector('select, input:not([type="hidden"]), button[type="submit"]');
        if (first) first.focus();
      })
      .catch(() => {
        const p = doc.createElement('p');
        const a = doc.createElement('a');
        a.href = link.getAttribute('href');
        a.textContent = label.page;
        p.append(label.failed, a);
        body.replaceChildren(p);
      });
  }

  doc.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[data-buy-dialog]');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!window.htmx || typeof HTMLDialogElement === 'undefined') return;
    e.preventDefault();
    openBuyDialog(link);
  });

  doc.addEventListener('click', (e) => {
    const closer = e.target.closest && e.target.closest('[data-close-dialog]');
    if (!closer) return;
    const d = closer.closest('dialog');
    if (d) d.close();
  });

  // The order went through: the confirmation replaces the form; move focus to it for screen readers.
  doc.addEventListener('htmx:afterSwap', () => {
    const done = dialog && dialog.open && dialog.querySelector('.buy-confirmation');
    if (done) done.focus();
  });

  // The composer's product picker: at most N boxes checked.
  doc.addEventListener('change', (e) => {
    const box = e.target;
    if (!box || !box.matches || !box.matches('.picker-list input[type="checkbox"]')) return;
    const list = box.closest('.picker-list');
    const max = Number(list.getAttribute('data-max-checked')) || 4;
    const checked = list.querySelectorAll('input[type="checkbox"]:checked').length;
    for (const other of list.querySelectorAll('input[type="checkbox"]')) other.disabled = !other.checked && checked >= max;
  });
})();
