import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds then random bits, so ids sort by creation time
 * and keyset paging on the primary key returns newest first. A 12-bit counter keeps ids
 * created in the same millisecond in order.
 */
export function uuidv7(at: number = Date.now()): string {
  let ms = at;
  if (ms <= lastMs) {
    ms = lastMs;
    sequence++;
    if (sequence > 0xfff) {
      ms = ++lastMs;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Forgets the last millisecond used, so that ids can again be made for an earlier time: the demo
 * world backdates its activity, and an id made at the real time before it (a job scheduled at
 * boot) would otherwise pin every later id to that instant.
 */
export function rewindIdClock() {
  lastMs = 0;
  sequence = 0;
}

/** The smallest UUIDv7 at a given time: a keyset bound for "created before/after t". */
export function uuidv7Floor(at: number): string {
  const hex = Math.max(0, at).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
