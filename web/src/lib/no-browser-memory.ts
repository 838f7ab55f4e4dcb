/**
 * CRYPT-9: the browser keeps no copy of what is typed into the app. Chromium writes form
 * fields' values to its own files, unencrypted: the autocomplete history ("Web Data") when a
 * form is submitted, and every page's form state in the session-restore files. Neither
 * happens for a control with `autocomplete="off"`, so every control under `node` gets it, now
 * and as screens render new ones. Password fields of the sign-in screens live outside the app
 * frame and keep their own attributes (password managers).
 */
const CONTROLS = 'input, textarea, select, form';

function mark(element: Element) {
  if (element.matches(CONTROLS) && element.getAttribute('autocomplete') !== 'off')
    element.setAttribute('autocomplete', 'off');
  if (element.firstElementChild)
    for (const control of element.querySelectorAll(CONTROLS))
      if (control.getAttribute('autocomplete') !== 'off') control.setAttribute('autocomplete', 'off');
}

export function noBrowserMemory(node: HTMLElement) {
  mark(node);
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const added of record.addedNodes) if (added instanceof Element) mark(added);
  });
  observer.observe(node, { childList: true, subtree: true });
  return { destroy: () => observer.disconnect() };
}
