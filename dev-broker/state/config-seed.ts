import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import { applyConfig } from '../config/apply-config.ts';
import type { ConfigFile } from '../config/config-file.ts';
import { seedDemo } from '../config/demo-data.ts';
import { createHub } from '../platform/hub.ts';
import { createLogger } from '../platform/logger.ts';
import { OperatorAccounts } from '../platform/operator-accounts.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';

import { createBrokerState } from './broker-state.ts';

/**
 * The seed of a broker whose storage held data from earlier runs: the config (and the demo devices)
 * applied to an empty store, built on a scratch in-memory hub. Devices declared without credentials
 * get new generated tokens and ids.
 */
export async function seedFromConfig(config: ConfigFile, demo: boolean): Promise<BrokerSnapshot> {
  const storage = createMemoryStorage();
  const hub = await createHub(
    storage,
    config.settings,
    createLogger('silent'),
    new OperatorAccounts({}),
  );
  try {
    await applyConfig(hub, config);
    if (demo) await seedDemo(hub);
    return createBrokerState(hub, storage, () => {
      throw new Error('a scratch hub has no seed');
    }).snapshot();
  } finally {
    hub.dispose();
    await storage.close();
  }
}
