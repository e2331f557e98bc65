// broker.close() while devices are connected (what a test fixture does at the end of a run): every
// session ends before the storage closes, so its lastDisconnectTime is stored and nothing is written
// to a closed storage (an unhandled rejection there used to end the process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { connectDevice } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'iothub-close-sessions-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('broker.close() with open sessions (SQLite)', () => {
  it('ends every session first: each device has its lastDisconnectTime after a restart', async () => {
    const broker = await startTestBroker({ storage: 'sqlite', dataDir });
    const tokens = ['T1', 'O1', 'L7'];
    const clients = await Promise.all(
      tokens.map((username) => connectDevice(broker, 'tcp', 4, { username })),
    );
    const connectedAt = Date.now();
    await broker.close();
    await Promise.all(clients.map((c) => c.closed));

    const again = await startTestBroker({ storage: 'sqlite', dataDir });
    try {
      for (const name of ['thermo-1', 'other-1', 'line-7']) {
        const id = again.hub.devices.get(name).id;
        const [last] = again.hub.attributes.get(id, 'SERVER', ['lastDisconnectTime']);
        expect(Number(last?.value.value ?? 0), name).toBeGreaterThanOrEqual(connectedAt - 1000);
      }
    } finally {
      await again.close();
    }
  });
});
