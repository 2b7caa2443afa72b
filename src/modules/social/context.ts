import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { EventBus } from '../../lib/events';

/** What the social services use: the database, a few settings, and the live event bus. */
export type SocialContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'postMaxChars'>;
  events: Pick<EventBus, 'publish'>;
};
