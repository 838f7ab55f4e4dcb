import { createMemoryStorage } from './memory-storage.ts';
import { describeStorageContract } from './storage.contract.ts';

describeStorageContract('memory', () => createMemoryStorage());
