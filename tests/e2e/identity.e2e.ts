import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { docName } from '@aligned/shared';
import {
  FRAME,
  REFUSAL,
  SYNC,
  decodeFrame,
  encodeFrame,
  syncMessage,
  ticketProtocols,
} from '@aligned/shared/protocol';
import {
  E2E_PASSWORD,
  E2E_USERS,
  expect,
  expectOnline,
  openApp,
  registerPatient,
  signInAs,
  test,
  uniqueName,
  untilOfflineReady,
} from './fixtures.ts';

const NEW_PASSWORD = 'violet canoe beyond the ridge';

test('an invited colleague joins, unlocks offline, is locked by inactivity, and hands over to someone else', async ({
  browser,
  appUrl,
}) => {
  // The owner invites a new front-desk colleague.
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, `${appUrl}/settings/staff`, 'owner');
  const login = `${uniqueName('nora').toLowerCase()}@example.com`;
  await owner.locator('#staff-name').fill('Nora Newhire');
  await owner.locator('#staff-login').fill(login);
  await owner.locator('#staff-role').selectOption('front-desk');
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  const link = (await owner.getByTestId('invite-link').textContent())!.trim();
  expect(link).toContain('/invite#token=');

  // At the front desk PC, she opens the link and chooses her password.
  const desk = await browser.newContext();
  const page = await desk.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Welcome to Aligned' })).toBeVisible();
  await page.locator('#invite-password').fill(NEW_PASSWORD);
  await page.locator('#invite-confirm').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Join the practice' }).click();
  await expectOnline(page);
  await expect(page.locator('header')).toContainText('Nora Newhire');
  await untilOfflineReady(page);

  // Offline, a new tab on this PC unlocks with her password, checked on the device.
  await desk.setOffline(true);
  const tab = await desk.newPage();
  await tab.goto(`${appUrl}/patients`);
  await expect(tab.getByRole('heading', { name: 'Who is working?' })).toBeVisible();
  await tab.locator('#unlock-password').fill('wrong password entirely');
  await tab.getByRole('button', { name: 'Unlock' }).click();
  await expect(tab.getByRole('alert')).toHaveText('Wrong password.');
  await tab.locator('#unlock-password').fill(NEW_PASSWORD);
  await tab.getByRole('button', { name: 'Unlock' }).click();
  await expect(tab.getByTestId('sync-status')).not.toHaveAttribute('data-connection', 'online');
  await expect(tab.locator('header')).toContainText('Nora Newhire');

  // Idle: the screen locks, shows nothing of the practice, and keeps her unsaved input.
  await tab.locator('#patient-search').fill('half-typed name');
  await tab.evaluate(() => localStorage.setItem('aligned.autoLockSeconds', '2'));
  await expect(tab.getByRole('heading', { name: 'Locked' })).toBeVisible({ timeout: 10_000 });
  await expect(tab.locator('#patient-search')).toBeHidden();
  await expect(tab.locator('.lock-overlay')).toContainText('Nora Newhire');
  await tab.evaluate(() => localStorage.removeItem('aligned.autoLockSeconds'));
  await tab.locator('#unlock-password').fill(NEW_PASSWORD);
  await tab.getByRole('button', { name: 'Unlock' }).click();
  await expect(tab.locator('#patient-search')).toHaveValue('half-typed name');

  // A colleague takes over the PC: the previous person's screen and input are gone.
  await desk.setOffline(false);
  await tab.getByRole('button', { name: 'Lock' }).click();
  await expect(tab.getByRole('heading', { name: 'Locked' })).toBeVisible();
  // A locked tab keeps no session to steal, and clearing the lock flag and reloading opens nothing.
  expect(await tab.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain('ticket');
  await tab.evaluate(() => sessionStorage.removeItem('aligned.locked'));
  await tab.reload();
  await expect(tab.getByRole('heading', { name: 'Who is working?' })).toBeVisible();
  await expect(tab.locator('#patient-search')).toHaveCount(0);
  await tab.getByRole('button', { name: 'Sign in as someone else' }).click();
  await signInAs(tab, 'desk');
  await expect(tab.locator('header')).toContainText(E2E_USERS.desk.name);
  await expect(tab.locator('header')).not.toContainText('Nora Newhire');
  await expect(tab.locator('#patient-search')).toHaveValue('');

  await ownerContext.close();
  await desk.close();
});

test('a manager signs someone out everywhere: their screen goes to sign-in and the device no longer unlocks for them', async ({
  browser,
  appUrl,
}) => {
  const deskContext = await browser.newContext();
  const desk = await openApp(deskContext, `${appUrl}/patients`, 'desk');
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, `${appUrl}/settings/staff`, 'owner');
  const row = owner.getByTestId('staff-row').filter({ hasText: E2E_USERS.desk.login });
  await row.getByRole('button', { name: 'Sign out everywhere' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();

  await expect(desk.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(desk.getByText('Your session was ended by a manager. Sign in again.')).toBeVisible();
  await expect(desk.locator('#patient-search')).toHaveCount(0);
  // Nobody is left to unlock offline on this device: a new tab asks for a sign-in at the relay.
  const tab = await deskContext.newPage();
  await tab.goto(`${appUrl}/patients`);
  await expect(tab.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(tab.getByRole('heading', { name: 'Who is working?' })).toHaveCount(0);
  await deskContext.close();
  await ownerContext.close();
});

test('CRYPT-10: a manager forgets a lost device: whoever is signed in there goes back to sign-in, and the device is listed as forgotten', async ({
  browser,
  appUrl,
}) => {
  const deskContext = await browser.newContext();
  const desk = await openApp(deskContext, `${appUrl}/patients`, 'desk');
  const deskDevice = await desk.evaluate(() => localStorage.getItem('aligned.deviceId'));
  expect(deskDevice).toBeTruthy();
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, `${appUrl}/settings/staff`, 'owner');

  const devices = owner.getByTestId('practice-devices');
  await expect(devices.getByTestId('device-row').filter({ hasText: 'This device' })).toBeVisible();
  const lost = devices.locator(`[data-testid="device-row"][data-device="${deskDevice}"]`);
  await expect(lost).toContainText(E2E_USERS.desk.name);
  await expect(lost).toContainText('Signed in');
  // The device one is using offers no "Forget".
  await expect(
    devices.getByTestId('device-row').filter({ hasText: 'This device' }).getByRole('button'),
  ).toHaveCount(0);

  await lost.getByRole('button', { name: 'Forget…' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Forget the device' }).click();
  await expect(lost).toContainText('Forgotten');
  await expect(lost.getByRole('button')).toHaveCount(0);

  await expect(desk.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(desk.locator('#patient-search')).toHaveCount(0);
  await deskContext.close();
  await ownerContext.close();
});

test('front desk cannot change contract terms: the screen says so and the relay refuses a crafted write', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, `${appUrl}/billing`, 'desk');
  await expect(
    page.getByTestId('permission-note').filter({ hasText: 'not change their terms' }),
  ).toBeVisible();

  // The same person, with a client of their own making, tries to write a contract anyway.
  const response = await fetch(`${appUrl}/api/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      login: E2E_USERS.desk.login,
      password: E2E_PASSWORD,
      deviceId: 'dev_craftedclient001',
    }),
  });
  const session = (await response.json()) as { token: string; practiceId: string };
  const ws = new WebSocket(`${appUrl.replace('http', 'ws')}/sync`, ticketProtocols(session.token));
  const refusals: number[] = [];
  ws.on('message', (data: Buffer) => {
    const outer = decodeFrame(new Uint8Array(data));
    if ('error' in outer) return;
    for (const f of outer.type === FRAME.BATCH ? outer.frames.map((x) => decodeFrame(x)) : [outer]) {
      if (!('error' in f) && f.type === FRAME.REFUSED) refusals.push(f.code);
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const forged = new Y.Doc();
  forged.getMap('contracts').set('con_forged', { total: 1 });
  ws.send(encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 }));
  ws.send(
    encodeFrame({
      type: FRAME.DOC,
      doc: docName({ practiceId: session.practiceId, kind: 'contracts', key: 'fam_0123456789abcdef' }),
      message: syncMessage(SYNC.UPDATE, Y.encodeStateAsUpdate(forged)),
    }),
  );
  await expect.poll(() => refusals).toEqual([REFUSAL.READ_ONLY]);
  ws.close();
  await context.close();
});

test('managers see the audit trail of views and changes, intact, and can export it', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const tc = await openApp(context, `${appUrl}/patients`, 'tc');
  const last = uniqueName('Trail');
  const patientUrl = await registerPatient(tc, appUrl, { first: 'Audit', last });
  await expect(tc.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed', '0');
  // The audit trail is bookkeeping, counted apart from the person's changes (SYNC-9).
  await expect(tc.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed-bookkeeping', '0');

  const managerContext = await browser.newContext();
  const manager = await openApp(managerContext, `${appUrl}/settings/audit`, 'owner');
  const rows = manager.getByTestId('audit-row').filter({ hasText: last });
  await expect(rows.filter({ hasText: 'create patient' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'view patient' }).first()).toBeVisible();
  await expect(manager.getByTestId('device-chain').filter({ hasText: 'tampered' })).toHaveCount(0);
  const download = manager.waitForEvent('download');
  await manager.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^aligned-audit-.*\.csv$/);
  const csv = await readFile((await file.path())!, 'utf8');
  expect(csv.split('\n').filter((line) => line.includes(last) && line.includes('create'))).toHaveLength(1);
  expect(patientUrl).toMatch(/\/patients\/pat_/);
  await expect(manager.getByTestId('security-row').filter({ hasText: 'sign-in' }).first()).toBeVisible();
  await context.close();
  await managerContext.close();
});
