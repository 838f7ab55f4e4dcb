import WebSocket from 'ws';
import type * as Y from 'yjs';
import {
  PATIENTS,
  SyncClient,
  collectionMap,
  createMemoryReplicaStore,
  createPatient,
  localOrigin,
  patientsDocName,
  type SocketLike,
} from '@aligned/shared';
import { ticketProtocols } from '@aligned/shared/protocol';
import { E2E_PASSWORD, E2E_USERS, expect, expectOnline, test, uniqueName } from './fixtures.ts';

test('a record another device wrote in a shape this version rejects is shown as needing attention, not hidden or changed', async ({
  page,
  appUrl,
}) => {
  // Another device: a Node client signed in as the front desk, speaking the real protocol.
  const signIn = await fetch(`${appUrl}/api/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      login: E2E_USERS.desk.login,
      password: E2E_PASSWORD,
      deviceId: 'dev_nodeclient000001',
    }),
  });
  const session = (await signIn.json()) as { token: string; practiceId: string };
  const last = uniqueName('Broken');
  // Another device (here a Node client speaking the real protocol) writes a patient whose status
  // this version does not know, as a newer app version might.
  const client = new SyncClient({
    store: createMemoryReplicaStore(),
    openSocket: () =>
      new WebSocket(
        `${appUrl.replace('http', 'ws')}/sync`,
        ticketProtocols(session.token),
      ) as unknown as SocketLike,
  });
  await client.start();
  const live = await client.open(patientsDocName(session.practiceId));
  await client.whenSynced(patientsDocName(session.practiceId));
  const created = createPatient(
    live.doc,
    {
      origin: localOrigin('stf_other0000000000', 'dev_other0000000000'),
      now: () => new Date().toISOString(),
    },
    {
      firstName: 'Nina',
      lastName: last,
      preferredChannel: 'text',
      language: 'en',
      locationId: 'loc_main00000000000',
      status: 'prospect',
    },
  );
  if (!created.ok) throw new Error('create');
  live.doc.transact(() =>
    (collectionMap(live.doc, PATIENTS).get(created.value.id) as Y.Map<unknown>).set(
      'status',
      'transferred-out',
    ),
  );
  await client.whenConfirmed();
  await client.stop();

  await page.goto(`${appUrl}/patients`);
  await expectOnline(page);
  const item = page.getByTestId('needs-attention').filter({ hasText: last });
  await expect(item).toContainText('status');
  await page.locator('#patient-search').fill(last);
  await expect(page.getByTestId('no-results')).toBeVisible();

  await item.getByRole('link', { name: 'Fix' }).click();
  await page.locator('#patient-status').selectOption('active');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Nina`);
});
