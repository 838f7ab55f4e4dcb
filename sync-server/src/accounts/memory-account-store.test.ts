import { describeAccountStoreContract } from './account-store.contract.ts';
import { createMemoryAccountStore } from './memory-account-store.ts';

describeAccountStoreContract('memory', () => createMemoryAccountStore());
