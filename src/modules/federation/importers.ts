import type { Object as APObject } from '@fedify/vocab';
import { createRegistry, type Registry } from '../../lib/registry';
import type { FedContext } from './context';

/** Stores a remote post (Note, Question...) given as a vocabulary object; answers its status id. */
export type RemoteObjectImporter = {
  name: string;
  importObject(ctx: FedContext, object: APObject): Promise<string | null>;
};

/**
 * Where posts fetched by discovery (a pasted post URL, a remote profile's recent posts) are
 * stored: the inbound side registers the importer that writes remote posts; with none, discovery
 * stores accounts only.
 */
export const remoteObjectImporters: Registry<RemoteObjectImporter> = createRegistry<RemoteObjectImporter>();
