/**
 * What one screen hands the next inside the app rather than in the address (UI-3): a name typed
 * into a search goes to the new-patient form without entering the browser's history.
 */
let newPatientName = '';

/** Keeps the name typed into a search for the new-patient form that opens next. */
export function handNewPatientName(name: string): void {
  newPatientName = name.trim();
}

/** The name handed over, once: a later visit to the form starts empty. */
export function takeNewPatientName(): string {
  const name = newPatientName;
  newPatientName = '';
  return name;
}
