// The brand's "Embed" page: the copy button puts the snippet on the clipboard (without JavaScript
// the snippet stays in its read-only field, to select by hand).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy-from]') : null;
  const field = button && document.getElementById(button.getAttribute('data-copy-from') || '');
  if (!field || !navigator.clipboard) return;
  navigator.clipboard.writeText(field.value).then(() => {
    const done = button.getAttribute('data-copied');
    if (done) button.textContent = done;
  });
});
