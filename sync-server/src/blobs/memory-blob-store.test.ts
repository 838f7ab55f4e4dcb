import { blobStoreContract } from './blob-store.contract.ts';
import { createMemoryBlobStore } from './memory-blob-store.ts';

blobStoreContract('memory', async () => createMemoryBlobStore());
