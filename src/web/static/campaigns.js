// Campaigns: a pop-up store's countdown ticks each second from the time the server rendered; at
// zero the page reloads, and the server decides what it shows (open, early access, closed).
(() => {
  const pad = (n) => String(n).padStart(2, '0');
  const timers = [...document.querySelectorAll('[data-countdown-to]')];
  if (timers.length === 0) return;
  const tick = () => {
    for (const el of timers) {
      const left = Math.max(0, Math.floor((Date.parse(el.dataset.countdownTo) - Date.now()) / 1000));
      const format = el.dataset.countdownFormat || '{d} d {h} h {m} min {s} s';
      el.textContent = format
        .replace('{d}', String(Math.floor(left / 86400)))
        .replace('{h}', pad(Math.floor((left % 86400) / 3600)))
        .replace('{m}', pad(Math.floor((left % 3600) / 60)))
        .replace('{s}', pad(left % 60));
      if (left === 0 && !el.dataset.reloading) {
        el.dataset.reloading = '1';
        setTimeout(() => window.location.reload(), 1000);
      }
    }
  };
  tick();
  setInterval(tick, 1000);
})();
