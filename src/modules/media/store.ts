/**
 * Where media bytes live: one small interface with two implementations, a local folder (the
 * default, `COMPTOIR_DATA/media`, the layout every existing data folder has) and an S3-compatible
 * bucket (s3.ts), so several app nodes need no shared disk. Callers only ever name a key, a
 * relative path like `ab/cd/<uuid>.webp`; a key with anything but plain segments is refused, so no
 * key reaches outside the folder or the store's prefix.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type MediaObject = { bytes: Uint8Array<ArrayBuffer>; contentType: string };

export type MediaStore = {
  kind: 'local' | 's3';
  /** Writes (or replaces) the object; throws on a key `isMediaKey` refuses. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when it is missing or the key is not a valid one. */
  get(key: string): Promise<MediaObject | null>;
  /** Removes the object; a missing one is not an error. Throws on an invalid key. */
  delete(key: string): Promise<void>;
  /** Where a browser may fetch the object directly, when media are served from elsewhere. */
  publicUrl?(key: string): string;
};

/** The local store keeps its folder visible: backups copy it and tests look inside. */
export type LocalMediaStore = MediaStore & { kind: 'local'; root: string };

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Plain segments of letters, digits, `_`, `.` and `-` joined by `/`; no `.`/`..`, at most 8 deep. */
export function isMediaKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) return false;
  const segments = key.split('/');
  return segments.length <= 8 && segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}

export function checkMediaKey(key: string): void {
  if (!isMediaKey(key)) throw new Error(`Invalid media key: ${JSON.stringify(String(key).slice(0, 80))}`);
}

const TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

/** The folder store: a file per key, the type told by its extension (all we write is WebP). */
export function localMediaStore(root: string): LocalMediaStore {
  const base = path.resolve(root);
  const fileOf = (key: string) => {
    const file = path.resolve(base, key);
    // isMediaKey already forbids `..`; this is the second lock on the same door.
    if (!file.startsWith(base + path.sep)) throw new Error('Media key outside the media folder');
    return file;
  };
  return {
    kind: 'local',
    root: base,
    async put(key, bytes) {
      checkMediaKey(key);
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside then renamed: a reader (or a backup) never sees half a file.
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      try {
        await writeFile(partial, bytes);
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      if (!isMediaKey(key)) return null;
      const bytes = await readFile(fileOf(key)).catch(() => null);
      if (!bytes) return null;
      return { bytes, contentType: TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream' };
    },
    async delete(key) {
      checkMediaKey(key);
      await rm(fileOf(key), { force: true });
    },
  };
}
