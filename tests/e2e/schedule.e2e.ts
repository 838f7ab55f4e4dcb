import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { parseIcs } from '@aligned/shared';
import {
  expect,
  expectAllConfirmed,
  openApp,
  registerPatient,
  test,
  uniqueName,
  untilOfflineReady,
  expectNoAxeViolations,
} from './fixtures.ts';
import { addInquiry, addOption, moveCase, openFromBoard } from './pipeline-steps.ts';
import { chicagoDay, weekdayAhead } from './book-steps.ts';

/** Pixels per minute of the day grid (DayGrid.svelte); the seeded location opens at 8:00. */
const PX = 1.6;
const OPENS = 8 * 60;

async function openDay(page: Page, appUrl: string, day: string) {
  await page.goto(`${appUrl}/schedule?date=${day}&view=day`);
  await expect(page.getByTestId('day-grid')).toBeVisible();
}

/** Clicks a free spot of a chair column at a local time and books the patient there. */
async function bookAt(
  page: Page,
  chair: number,
  minute: number,
  last: string,
  type = 'Adjustment (Adjustment)',
) {
  const column = page.getByTestId('day-grid').getByTestId('column').nth(chair);
  await column
    .getByRole('button', { name: /^Book in / })
    .click({ position: { x: 20, y: (minute - OPENS) * PX + 4 } });
  const form = page.getByRole('form', { name: 'New appointment' });
  await form.getByLabel('Patient').fill(last);
  await form
    .getByRole('list', { name: 'Matching patients' })
    .getByRole('button', { name: new RegExp(last) })
    .click();
  await form.getByLabel('Appointment type').selectOption({ label: type });
  await form.getByLabel('Provider').selectOption({ label: 'Dr. Nora Nunez' });
  await form.getByRole('button', { name: 'Book' }).click();
}

function appointmentOf(page: Page, last: string): Locator {
  return page.getByTestId('day-grid').getByTestId('appointment').filter({ hasText: last });
}

test('an appointment is booked on a free spot, dragged to another chair and time, moved with the keyboard, marked missed and rebooked from the recovery list', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Moreau');
  await registerPatient(page, appUrl, { first: 'Iris', last });
  const day = weekdayAhead(14);
  await openDay(page, appUrl, day);

  await bookAt(page, 0, 10 * 60, last);
  const booked = appointmentOf(page, last);
  await expect(booked).toContainText('10:00 AM');
  await expect(
    page.getByTestId('day-grid').getByTestId('column').nth(0).getByTestId('appointment'),
  ).toContainText(last);

  // Drag: one column right, one hour later.
  const box = (await booked.boundingBox())!;
  const columnBox = (await page.getByTestId('day-grid').getByTestId('column').nth(0).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + columnBox.width / 2, box.y + 8 + 30, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + columnBox.width, box.y + 8 + 60 * PX, { steps: 4 });
  await page.mouse.up();
  const second = page.getByTestId('day-grid').getByTestId('column').nth(1).getByTestId('appointment');
  await expect(second.filter({ hasText: last })).toContainText('11:00 AM');

  // A finger on a tablet: the same drag with touch pointer events moves it back half an hour.
  const touched = (await appointmentOf(page, last).boundingBox())!;
  const at = { x: touched.x + touched.width / 2, y: touched.y + 8 };
  const touch = { pointerType: 'touch', pointerId: 7, isPrimary: true, button: 0, buttons: 1 };
  await appointmentOf(page, last).dispatchEvent('pointerdown', { ...touch, clientX: at.x, clientY: at.y });
  for (const dy of [-10, -30 * PX])
    await appointmentOf(page, last).dispatchEvent('pointermove', {
      ...touch,
      clientX: at.x,
      clientY: at.y + dy,
    });
  await appointmentOf(page, last).dispatchEvent('pointerup', {
    ...touch,
    buttons: 0,
    clientX: at.x,
    clientY: at.y - 30 * PX,
  });
  await expect(appointmentOf(page, last)).toContainText('10:30 AM');
  await appointmentOf(page, last).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(appointmentOf(page, last)).toContainText('11:00 AM');

  // The keyboard alternative: arrows move it by 15 minutes, Shift+arrows change its length.
  await second.filter({ hasText: last }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(appointmentOf(page, last)).toContainText('11:15 AM');
  await appointmentOf(page, last).focus();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(appointmentOf(page, last)).toContainText('35 minutes');

  // It survives a reload (stored, not only on screen), then the patient does not come.
  await expectAllConfirmed(page);
  await page.reload();
  await appointmentOf(page, last).click();
  const panel = page.getByTestId('appointment-panel');
  await expect(panel).toContainText('11:15 AM');
  await panel.getByRole('button', { name: 'Missed (no-show)' }).click();
  await expect(panel.getByTestId('appointment-status')).toHaveText('Missed (no-show)');

  // The recovery list has it; rebooking from there takes the first free time.
  await page.goto(`${appUrl}/schedule/recovery`);
  await expect(page.getByTestId('recovery')).toHaveAttribute('data-ready', '');
  const item = page.getByTestId('unrebooked').getByTestId('recovery-item').filter({ hasText: last });
  await expect(item).toContainText('Missed');
  await item.getByRole('link', { name: 'Rebook' }).click();
  const finder = page.getByRole('form', { name: 'Find next available' });
  await expect(finder).toContainText(`Reschedule ${last}`);
  await finder.getByLabel('Preferred from').fill('15:00');
  await finder.getByLabel('to', { exact: true }).fill('17:00');
  await finder.getByRole('button', { name: 'Search the next 8 weeks' }).click();
  const slots = finder.getByTestId('slots').getByRole('button');
  await expect(slots.first()).toBeVisible();
  await expect(slots.first()).toContainText(/[3-4]:\d\d PM/);
  await slots.first().click();
  await expect(page.getByTestId('appointment-panel')).toContainText(last);
  await expect(page.getByTestId('appointment-panel').getByTestId('appointment-status')).toHaveText(
    'Scheduled',
  );
  await expectAllConfirmed(page);

  await page.goto(`${appUrl}/schedule/recovery`);
  await expect(page.getByTestId('recovery')).toHaveAttribute('data-ready', '');
  await expect(
    page.getByTestId('unrebooked').getByTestId('recovery-item').filter({ hasText: last }),
  ).toHaveCount(0);
  await context.close();
});

test('two coordinators book the same chair and time offline: after sync both appointments exist and both devices flag the conflict', async ({
  browser,
  appUrl,
}) => {
  const desk = await browser.newContext();
  const clinic = await browser.newContext();
  const a = await openApp(desk, appUrl, 'tc');
  const b = await openApp(clinic, appUrl, 'owner');
  const first = uniqueName('Lindqvist');
  const second = uniqueName('Okonkwo');
  await registerPatient(a, appUrl, { first: 'Signe', last: first });
  await registerPatient(a, appUrl, { first: 'Chidi', last: second });
  await expectAllConfirmed(a);
  const day = weekdayAhead(21);
  for (const page of [a, b]) {
    await openDay(page, appUrl, day);
    await untilOfflineReady(page);
  }
  // The clinic device must know both patients before it loses the network.
  await b.goto(`${appUrl}/patients`);
  await b.locator('#patient-search').fill(second);
  await expect(b.locator('#patient-results').getByText(second)).toBeVisible();
  await openDay(b, appUrl, day);
  await desk.setOffline(true);
  await clinic.setOffline(true);

  await bookAt(a, 0, 9 * 60, first);
  await expect(appointmentOf(a, first)).toContainText('9:00 AM');
  await bookAt(b, 0, 9 * 60, second);
  await expect(appointmentOf(b, second)).toContainText('9:00 AM');

  await desk.setOffline(false);
  await clinic.setOffline(false);
  for (const page of [a, b]) {
    await expect(appointmentOf(page, first)).toBeVisible();
    await expect(appointmentOf(page, second)).toBeVisible();
    await expect(page.getByTestId('conflict-banner')).toContainText('2 appointments have a conflict');
    await expect(appointmentOf(page, first)).toContainText('Conflict: Chair 1 is booked');
    await appointmentOf(page, second).click();
    await expect(page.getByTestId('appointment-conflicts')).toContainText('Chair 1 is booked 9:00');
  }
  await desk.close();
  await clinic.close();
});

test('a patient’s upcoming appointments download as a calendar file that parses, and the schedule screens pass axe', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  const last = uniqueName('Castellano');
  const patientUrl = await registerPatient(page, appUrl, { first: 'Marco', last });
  const day = weekdayAhead(28);
  await openDay(page, appUrl, day);
  await bookAt(page, 1, 14 * 60 + 30, last, 'Records (Records)');
  await expect(appointmentOf(page, last)).toContainText('2:30 PM');
  await expectAllConfirmed(page);

  await page.goto(patientUrl);
  const section = page.getByTestId('patient-appointments');
  await section.locator('summary').click();
  await expect(section.getByTestId('upcoming-appointments')).toContainText('Records');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Download calendar (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const parsed = parseIcs(await readFile((await download.path())!, 'utf8'));
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.value.events).toHaveLength(1);
  expect(parsed.value.events[0]?.summary).toContain('Records');
  // 2:30 PM in Chicago on that day, 30 minutes.
  const start = Date.parse(parsed.value.events[0]!.start);
  const end = Date.parse(parsed.value.events[0]!.end);
  expect(end - start).toBe(30 * 60_000);
  expect(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      hour: 'numeric',
      minute: '2-digit',
    }).format(start),
  ).toBe('2:30 PM');

  // Booking the same patient at the same time in the other chair is a conflict: it needs a reason.
  await page.goto(`${appUrl}/schedule?date=${day}&view=day`);
  await bookAt(page, 0, 14 * 60 + 30, last, 'Records (Records)');
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog).toContainText('already');
  await dialog.getByRole('button', { name: 'Book anyway' }).click();
  await expect(dialog).toContainText('Say why the conflict is acceptable');
  await dialog.getByLabel('Reason to go ahead anyway').fill('Sibling seen together, one assistant each');
  await dialog.getByRole('button', { name: 'Book anyway' }).click();
  await expect(appointmentOf(page, last)).toHaveCount(2);
  await expect(page.getByTestId('appointment-panel')).toContainText(
    'Booked despite a conflict: Sibling seen together',
  );

  // A bonding in the next days: its readiness shows on the appointment and on Today, with what is missing.
  // Day 4, chair 2, mid-afternoon: no other test books there (the journey books chair 1 on days 3 and 5,
  // intake and merge day 2 and 3), so the click lands on a free spot whatever the weekday.
  const soon = weekdayAhead(4);
  await openDay(page, appUrl, soon);
  await bookAt(page, 1, 15 * 60, last, 'Bonding (braces on) (Bonding / start)');
  await appointmentOf(page, last).click();
  const readiness = page.getByTestId('appointment-panel').getByTestId('readiness');
  await expect(readiness).toContainText('Financial agreement signed');
  await expect(readiness.locator('li[data-ready="false"]').first()).toBeVisible();
  await expectAllConfirmed(page);
  await page.goto(appUrl);
  const startItem = page.getByTestId('today-starts').getByTestId('start-item').filter({ hasText: last });
  await expect(startItem).toHaveAttribute('data-ready', 'false');
  await expect(startItem).toContainText('Financial agreement signed');

  await expectNoAxeViolations(page, appUrl, [
    `/schedule?date=${day}&view=day`,
    `/schedule?date=${day}&view=week`,
    `/schedule?date=${day}&view=provider`,
    '/schedule/recovery',
    '/schedule/reminders',
    '/settings/schedule',
  ]);
  await context.close();
});

test('a case in treatment gets its visit series planned, and a planned visit is booked from the patient page', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Abernathy');
  await addInquiry(page, appUrl, 'June', last, { parent: `Ray ${last}` });
  await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '5,400', months: '18' });
  await moveCase(page, 'Accepted');
  await moveCase(page, 'In treatment');

  const section = page.getByTestId('patient-appointments');
  await section.locator('summary').click();
  const suggestions = section.getByTestId('visit-suggestions').getByRole('listitem');
  await expect(suggestions.first()).toContainText('Adjustment');
  const planned = await suggestions.count();
  // About 18 months of adjustments every 6 weeks, then debond, retainer delivery and checks.
  expect(planned).toBeGreaterThan(10);
  await expect(suggestions.filter({ hasText: /debond/i })).toHaveCount(1);
  await suggestions.first().getByRole('button', { name: 'Book' }).click();
  await expect(section.getByTestId('upcoming-appointments').getByRole('listitem')).toHaveCount(1);
  await expect(section.getByTestId('upcoming-appointments')).toContainText('Adjustment');
  await expect(suggestions).toHaveCount(planned - 1);
  await expectAllConfirmed(page);

  // CADENCE-102: "Find next available" searches from the next visit's due day (the second
  // adjustment, about twelve weeks on), for its type, not from today.
  await section.getByRole('link', { name: 'Find next available' }).click();
  const finder = page.getByRole('form', { name: 'Find next available' });
  await expect(finder.getByLabel('Appointment type').locator('option:checked')).toContainText('Adjustment');
  expect(await finder.locator('#finder-from').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect((await finder.locator('#finder-from').inputValue()) > chicagoDay(56)).toBe(true);
  await context.close();
});

test('BOOK-108: "Find next available" from a patient’s page finds a time for that patient and books it at once', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Okafor');
  const patientUrl = await registerPatient(page, appUrl, { first: 'Ada', last });
  const section = page.getByTestId('patient-appointments');
  await section.locator('summary').click();
  await expect(section.getByTestId('upcoming-appointments').getByRole('listitem')).toHaveCount(0);
  await section.getByRole('link', { name: 'Find next available' }).click();
  const finder = page.getByRole('form', { name: 'Find next available' });
  await expect(finder.getByRole('heading')).toHaveText(`Find a time for ${last}, Ada`);
  await finder.getByLabel('Appointment type').selectOption({ label: 'Records' });
  await finder.getByRole('button', { name: 'Search the next 8 weeks' }).click();
  const slots = finder.getByTestId('slots').getByRole('button');
  await expect(slots.first()).toBeVisible();
  await slots.first().click();
  // No booking form to fill: the time is booked for Ada.
  await expect(page.getByTestId('appointment-panel')).toContainText(`${last}, Ada`);
  await expect(page.getByTestId('appointment-panel')).toContainText('Records');
  await expectAllConfirmed(page);
  await page.goto(patientUrl);
  await section.locator('summary').click();
  await expect(section.getByTestId('upcoming-appointments')).toContainText('Records');
  await context.close();
});

test('BOOK-109: a new caller is booked from the book: the inquiry is taken with the name typed, and the booking comes back as chosen', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'desk');
  const last = uniqueName('Newcaller');
  const day = weekdayAhead(9);
  await openDay(page, appUrl, day);
  const column = page.getByTestId('day-grid').getByTestId('column').nth(1);
  await column
    .getByRole('button', { name: /^Book in / })
    .click({ position: { x: 20, y: (11 * 60 - OPENS) * PX + 4 } });
  const form = page.getByRole('form', { name: 'New appointment' });
  await form.getByLabel('Patient').fill(`Iris ${last}`);
  await form.getByLabel('Appointment type').selectOption({ label: 'New patient exam (Exam / consultation)' });
  await form.getByLabel('Provider').selectOption({ label: 'Dr. Nora Nunez' });
  await expect(form).toContainText('Nobody on file by that name.');
  await form.getByRole('button', { name: 'New caller: take the inquiry, then book' }).click();

  await page.waitForURL(/\/pipeline\/new/);
  // The name never travels in the address (UI-3).
  expect(page.url()).not.toContain(last);
  await expect(page.getByTestId('booking-waits')).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Iris');
  await expect(page.getByLabel('Last name')).toHaveValue(last);
  await page.getByLabel('Phone').fill('512 555 0123');
  await page.getByRole('button', { name: 'Add inquiry and book' }).click();

  await page.waitForURL(/\/schedule\?/);
  const back = page.getByRole('form', { name: 'New appointment' });
  await expect(back.getByLabel('Patient')).toHaveValue(`${last}, Iris`);
  await expect(back.getByLabel('Date')).toHaveValue(day);
  await expect(back.getByLabel('Time')).toHaveValue('11:00');
  await expect(back.getByLabel('Appointment type')).toHaveValue(/.+/);
  await expect(back.getByLabel('Provider').locator('option:checked')).toHaveText('Dr. Nora Nunez');
  await back.getByRole('button', { name: 'Book' }).click();
  const panel = page.getByTestId('appointment-panel');
  await expect(panel).toContainText(`${last}, Iris`);
  await expect(panel).toContainText('New patient exam');
  await expect(appointmentOf(page, last)).toContainText('11:00 AM');
  await expectAllConfirmed(page);
  // The consult joined the new inquiry (BOOK-101): the case is at exam booked.
  await panel.getByRole('link', { name: 'Patient' }).click();
  await expect(page.getByTestId('case').first().locator('h3')).toContainText('Exam booked');
  await context.close();
});

test('a patient booked at another location at the same time is a conflict here too', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Vasquez');
  await registerPatient(page, appUrl, { first: 'Elena', last });
  const day = weekdayAhead(35);
  await openDay(page, appUrl, day);
  await page.getByLabel('Location').selectOption({ label: 'North office' });
  await expect(page.getByTestId('schedule-day')).toContainText('North office');
  await bookAt(page, 0, 9 * 60, last, 'Records (Records)');
  await expect(appointmentOf(page, last)).toContainText('9:00 AM');

  await page.getByLabel('Location').selectOption({ label: 'Main office' });
  await expect(page.getByTestId('schedule-day')).toContainText('Main office');
  await bookAt(page, 0, 9 * 60, last, 'Records (Records)');
  await expect(page.getByTestId('conflict-dialog')).toContainText('at another location');
  await page.getByTestId('conflict-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(appointmentOf(page, last)).toHaveCount(0);
  await context.close();
});
