/**
 * UI-3: the browser keeps nothing typed about a patient. Every input and text area in the app that
 * does not name its own autocomplete (a sign-in field does) gets `autocomplete="off"` as it
 * appears, so a field added anywhere later is covered without remembering to say so.
 */
const UNMARKED = 'input:not([autocomplete]), textarea:not([autocomplete])';

function mark(node: Element): void {
  if (node.matches(UNMARKED)) node.setAttribute('autocomplete', 'off');
  for (const field of node.querySelectorAll(UNMARKED)) field.setAttribute('autocomplete', 'off');
}

/** A Svelte action for the app's frame. */
export function noAutofill(root: HTMLElement): { destroy: () => void } {
  mark(root);
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const added of record.addedNodes) if (added instanceof Element) mark(added);
  });
  observer.observe(root, { childList: true, subtree: true });
  return { destroy: () => observer.disconnect() };
}
