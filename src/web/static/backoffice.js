// Back-office tables turn into cards on phones (app.css); each cell then shows its column's name,
// copied here from the table's header so the pages need not repeat it on every cell.
(() => {
  'use strict';
  function label(root) {
    for (const table of root.querySelectorAll('.bo-main table')) {
      const heads = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent.trim());
      if (heads.length === 0) continue;
      for (const row of table.querySelectorAll('tbody tr')) {
        Array.from(row.children).forEach((cell, i) => {
          if (!cell.hasAttribute('data-label') && heads[i]) cell.setAttribute('data-label', heads[i]);
        });
      }
    }
  }
  document.addEventListener('DOMContentLoaded', () => label(document));
  document.addEventListener('htmx:afterSettle', () => label(document));
})();
