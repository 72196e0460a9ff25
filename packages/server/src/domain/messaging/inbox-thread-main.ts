// The inbox thread itself (see inbox-thread.ts): its own database connection and carrier, the
// same InboxWriter and InboxWorker as the in-process inbox, and the event bus's `notify` relayed
// to the HTTP thread, whose bus wakes the live event streams.
import { parentPort, workerData } from 'node:worker_threads';
import { createCarrier } from '../../carrier/create.ts';
import { createDb } from '../../db/client.ts';
import type { EventBus } from '../events/index.ts';
import type { Services } from '../../services.ts';
import { createInbox } from './inbox.ts';
import type { FromInboxThread, InboxThreadData, ToInboxThread } from './inbox-thread.ts';

const port = parentPort!;
const data = workerData as InboxThreadData;
const send = (message: FromInboxThread) => port.postMessage(message);
const reason = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

try {
  const db = createDb(data.config.databaseUrl);
  // Open the connection now, so the first webhook does not pay for it.
  await db.$queryRaw`SELECT 1`;
  const bus = { notify: (businessId: string) => send({ type: 'notify', businessId }) } as unknown as EventBus;
  // Media of inbound MMS is fetched through the carrier. This thread never sends, so no status
  // reports come from it.
  const carrier = await createCarrier(data.config, { onStatus: async () => {} });
  const services: Services = { config: data.config, db, bus, carrier, inbox: null as never };
  const { inbox, writer, worker } = createInbox(services, data.options);
  services.inbox = inbox;
  if (data.fold) worker.start();

  port.on('message', async (message: ToInboxThread) => {
    if (message.type === 'accept') {
      const results = await Promise.allSettled(message.rows.map((row) => writer.accept(row)));
      send({ type: 'accepted', id: message.id, errors: results.map((result) => (result.status === 'rejected' ? reason(result.reason) : null)) });
    } else if (message.type === 'drain') {
      try {
        send({ type: 'drained', id: message.id, count: await worker.drain() });
      } catch (error) {
        send({ type: 'drained', id: message.id, error: reason(error) });
      }
    } else if (message.type === 'stop') {
      await writer.idle();
      await worker.stop();
      await carrier.close();
      await db.$disconnect();
      send({ type: 'stopped', id: message.id });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', error: reason(error) });
}
