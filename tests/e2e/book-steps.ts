/**
 * Booking on the appointment book, as the front desk does it: shared by the end-to-end specs that
 * need a visit on the book (the journey, the verification worklist).
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { E2E_DOCTOR } from '../support/seed-practice.ts';

/** The practice's own date (America/Chicago), `days` from today. */
export function chicagoDay(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(at);
}

/** A Monday–Friday practice date at least `days` ahead (the seeded office is open weekdays). */
export function weekdayAhead(days: number): string {
  for (let d = days; ; d++) {
    const day = chicagoDay(d);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

/**
 * The booking form from "+ New appointment": any day and time, a reason given if the book asks.
 * `first` picks one of several patients sharing the last name (siblings).
 */
export async function book(
  page: Page,
  appUrl: string,
  last: string,
  type: string,
  day: string,
  time: string,
  first?: string,
) {
  await page.goto(`${appUrl}/schedule?date=${day}&view=day`);
  await expect(page.getByTestId('day-grid')).toBeVisible();
  await page.getByRole('button', { name: '+ New appointment' }).click();
  const form = page.getByRole('form', { name: 'New appointment' });
  await form.getByLabel('Patient').fill(last);
  await form
    .getByRole('list', { name: 'Matching patients' })
    .getByRole('button', first ? { name: `${last}, ${first}` } : { name: new RegExp(last) })
    .click();
  await form.getByLabel('Appointment type').selectOption({ label: type });
  await form.getByLabel('Chair').selectOption({ index: 1 });
  await form.getByLabel('Provider').selectOption({ label: E2E_DOCTOR });
  await form.getByLabel('Date').fill(day);
  await form.getByLabel('Time').fill(time);
  await form.getByRole('button', { name: 'Book' }).click();
  // Today may be a weekend or past closing time: the book asks why, and the desk says so.
  const conflicts = page.getByTestId('conflict-dialog');
  const panel = page.getByTestId('appointment-panel');
  await expect(conflicts.or(panel)).toBeVisible();
  if (await conflicts.isVisible()) {
    await conflicts.getByLabel('Reason to go ahead anyway').fill('The family can only come then');
    await conflicts.getByRole('button', { name: 'Book anyway' }).click();
  }
  await expect(panel).toContainText(last);
  return panel;
}
