/** How people and their details are shown: one place, so every screen says it the same way. */
import { ageOn, displayLocalDate } from '../core/calendar.ts';

type Named = { firstName: string; lastName: string; preferredName?: string | undefined };

/** `Garcia, Sofia "Sofi"` — last name first, as lists and charts show it. */
export function listName(person: Named): string {
  const preferred =
    person.preferredName && person.preferredName !== person.firstName ? ` “${person.preferredName}”` : '';
  return `${person.lastName}, ${person.firstName}${preferred}`;
}

/** `Sofi Garcia` — how you greet them. */
export function greetingName(person: Named): string {
  return `${person.preferredName || person.firstName} ${person.lastName}`;
}

export function initials(person: Named): string {
  return `${(person.preferredName || person.firstName).charAt(0)}${person.lastName.charAt(0)}`.toUpperCase();
}

/** `03/04/2012 (14 y)` or just the date when today is unknown. */
export function birthDateWithAge(dateOfBirth: string, today?: string): string {
  const age = today ? ageOn(dateOfBirth, today) : null;
  return age === null ? displayLocalDate(dateOfBirth) : `${displayLocalDate(dateOfBirth)} (${age} y)`;
}
