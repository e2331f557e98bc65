import { createMemoryStorage } from '../storage/memory-storage.ts';

import { runStorageContract } from './storage-contract.ts';

runStorageContract('memory', () => createMemoryStorage());
