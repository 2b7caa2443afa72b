import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Opaque tokens (sessions, OAuth) are random; only their SHA-256 is stored. */
export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// argon2id (algorithm 2) with the library's defaults: 19 MiB, 2 passes, as OWASP recommends.
export const hashPassword = (password: string) => hash(password, { algorithm: 2 as never });
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);
