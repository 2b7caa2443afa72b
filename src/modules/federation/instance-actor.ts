import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import { Application, Endpoints } from '@fedify/vocab';
import type { KeyPair } from './keys';
import { databaseKvStore } from './kv';
import type { FedContext } from './context';

/**
 * The server's own actor (an `Application`, as Mastodon's instance actor): what it sends speaks
 * for the server, not for a person, e.g. a report forwarded to another server's moderators,
 * which must not name who reported. Its identifier has a dot, which no username has.
 */
export const INSTANCE_ACTOR = 'instance.actor';

export function instanceActor(ctx: FedContext, keys: { cryptographicKey: unknown; multikey: unknown }[]) {
  const host = new URL(ctx.data.config.publicUrl).host;
  return new Application({
    id: ctx.getActorUri(INSTANCE_ACTOR),
    preferredUsername: host,
    name: host,
    manuallyApprovesFollowers: true,
    inbox: ctx.getInboxUri(INSTANCE_ACTOR),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    url: new URL(`${ctx.data.config.publicUrl}/about`),
    // biome-ignore lint/suspicious/noExplicitAny: Fedify's key types, as its dispatcher hands them.
    publicKey: keys[0]?.cryptographicKey as any,
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    assertionMethods: keys.map((k) => k.multikey) as any,
  });
}

const KEY = ['comptoir', 'instance_actor_keys'] as const;

/** The instance actor's RSA key pair, kept in the key–value store (made once; two nodes keep the first). */
export async function instanceKeyPairs(ctx: FedContext): Promise<KeyPair[]> {
  const kv = databaseKvStore(ctx.data.db);
  type Stored = { privateKey: JsonWebKey; publicKey: JsonWebKey };
  let stored = await kv.get<Stored>(KEY);
  if (!stored) {
    const made = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const fresh = { privateKey: await exportJwk(made.privateKey), publicKey: await exportJwk(made.publicKey) };
    await kv.cas?.(KEY, undefined, fresh);
    stored = (await kv.get<Stored>(KEY))!;
  }
  return [
    {
      privateKey: await importJwk(stored.privateKey, 'private'),
      publicKey: await importJwk(stored.publicKey, 'public'),
    },
  ];
}
