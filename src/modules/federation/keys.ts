import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { keyTypes, type KeyType } from './schema';

export type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };

/**
 * An account's key pairs, RSA (what Mastodon verifies, draft-cavage signatures) and Ed25519
 * (Object Integrity Proofs), made and stored the first time the account is asked for. Two nodes
 * making them at once keep the first one written.
 */
export async function keyPairsOf(db: Db, accountId: string): Promise<KeyPair[]> {
  const pairs: KeyPair[] = [];
  for (const type of keyTypes) pairs.push(await keyPairOf(db, accountId, type));
  return pairs;
}

async function keyPairOf(db: Db, accountId: string, type: KeyType): Promise<KeyPair> {
  const stored = await readPair(db, accountId, type);
  if (stored) return stored;
  const made = await generateCryptoKeyPair(type);
  await queryRows(
    db,
    sql`insert into federation_keys (account_id, type, private_key, public_key)
        values (${accountId}, ${type}, ${JSON.stringify(await exportJwk(made.privateKey))}::jsonb,
                ${JSON.stringify(await exportJwk(made.publicKey))}::jsonb)
        on conflict do nothing`,
  );
  return (await readPair(db, accountId, type))!;
}

async function readPair(db: Db, accountId: string, type: KeyType): Promise<KeyPair | null> {
  const [row] = await queryRows<{ private_key: JsonWebKey; public_key: JsonWebKey }>(
    db,
    sql`select private_key, public_key from federation_keys where account_id = ${accountId} and type = ${type}`,
  );
  if (!row) return null;
  return {
    privateKey: await importJwk(row.private_key, 'private'),
    publicKey: await importJwk(row.public_key, 'public'),
  };
}
