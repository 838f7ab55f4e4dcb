/**
 * The name typed for a new caller in the booking form (BOOK-109), held in memory for the inquiry
 * form that opens next. Never put in the address: addresses hold ids only (UI-3), and a name
 * there would land in the browser's history.
 */
let pending: string | null = null;

/** Keeps the name for the next inquiry form. */
export function holdCallerName(name: string): void {
  pending = name.trim().slice(0, 120) || null;
}

/** The name held, once: a later inquiry form starts empty. */
export function takeCallerName(): string {
  const name = pending ?? '';
  pending = null;
  return name;
}
