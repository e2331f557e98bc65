import { describe } from 'vitest';

import { claimContract, customerContract } from './storage-contract/claims.ts';
import { useStorage, type OpenStorage } from './storage-contract/fixtures.ts';
import { otaContract } from './storage-contract/ota.ts';
import { deviceContract, profileContract } from './storage-contract/registry.ts';
import { eventContract, rpcContract } from './storage-contract/rpc-events.ts';
import { attributeContract, telemetryContract } from './storage-contract/series.ts';
import { stateContract } from './storage-contract/state.ts';

/**
 * The abstract suite every `Storage` adapter runs (aedes-persistence `abstract.js` style). `open` must
 * return a fresh, empty storage for each test; the suite closes it after the test.
 */
export function runStorageContract(name: string, open: OpenStorage): void {
  describe(`${name} storage contract`, () => {
    const ctx = useStorage(open);
    profileContract(ctx);
    deviceContract(ctx);
    telemetryContract(ctx);
    attributeContract(ctx);
    rpcContract(ctx);
    eventContract(ctx);
    customerContract(ctx);
    claimContract(ctx);
    otaContract(ctx);
    stateContract(ctx);
  });
}
