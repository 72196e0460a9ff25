// Entry of the inbox thread (see inbox-thread.ts). The server is TypeScript run through tsx, and a
// loader registered at run time in the main thread does not reach worker threads: register it here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (workerData.entry.endsWith('.ts')) register();
await import(workerData.entry);
