// Ambassadors' links page: "Copy" buttons put the link on the clipboard (without JavaScript the
// link stays in a read-only field to select by hand).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.getAttribute('data-copy') || '').then(() => {
    const done = button.getAttribute('data-copied');
    if (done) button.textContent = done;
  });
});
