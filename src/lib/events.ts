import { EventEmitter } from 'node:events';
import { isDatabaseUnreachable, type Database } from '../db/client';

/**
 * Live events (new posts, notifications, deletions) for streaming. Published through Postgres
 * NOTIFY so every app node's listeners hear them; payloads carry ids only (NOTIFY is capped at
 * 8 kB), each stream hydrates for its own viewer.
 */
export type LiveEvent =
  | { type: 'status'; statusId: string; accountId: string; visibility: string; tags: string[]; mentions: string[] }
  | { type: 'delete'; statusId: string; accountId: string }
  | { type: 'notification'; notificationId: string; accountId: string };

export type EventBus = {
  publish(event: LiveEvent): Promise<void>;
  subscribe(handler: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
};

const CHANNEL = 'comptoir_live';

export async function createEventBus(database: Database): Promise<EventBus> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const unlisten = await database.listen(CHANNEL, (payload) => {
    try {
      local.emit('event', JSON.parse(payload) as LiveEvent);
    } catch {
      // a malformed payload is dropped: it cannot come from our own publish()
    }
  });
  return {
    async publish(event) {
      try {
        await database.notify(CHANNEL, JSON.stringify(event));
      } catch (error) {
        // Published after the write committed: with the database gone that instant, the live
        // event is lost (streams show the post on their next load), but the write stands and
        // its request must not be answered as failed (a retry would write it twice).
        if (!isDatabaseUnreachable(error)) throw error;
      }
    },
    subscribe(handler) {
      local.on('event', handler);
      return () => local.off('event', handler);
    },
    async close() {
      await unlisten();
      local.removeAllListeners();
    },
  };
}
