/**
 * Service levels: a brand's targets (first response, next response, resolution, business hours
 * in Europe/Paris) turned into each conversation's due times. Called after every event that
 * moves them, in that event's transaction.
 *
 * SEAM (filled by the service-levels part): until then no conversation has a due time.
 */
import type { DbOrTx } from '../../db/client';

export type ServiceLevelEvent =
  | { kind: 'customer_message'; at: Date; reopened: boolean }
  | { kind: 'team_reply'; at: Date }
  | { kind: 'resolved'; at: Date }
  | { kind: 'snoozed'; at: Date; until: Date }
  | { kind: 'reopened'; at: Date };

export async function applyServiceLevels(_tx: DbOrTx, _conversationId: string, _event: ServiceLevelEvent) {
  // Filled by the service-levels part: read the brand's targets, write the *_due_at columns and sla_due_at.
}
