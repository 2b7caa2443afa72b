import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { EventBus } from '../../lib/events';
import type { MediaStore } from '../media';
import type { Finalizer, Reserver } from './checkout';
import type { PaymentProviders } from './payments';

/** What the commerce services use. `reserver` and `finalizer` group concurrent checkouts. */
export type CommerceContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir'>;
  events: Pick<EventBus, 'publish'>;
  media: MediaStore;
  payments: PaymentProviders;
  reserver: Reserver;
  finalizer: Finalizer;
};
