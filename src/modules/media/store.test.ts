import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaS3 } from '../../config';
import { s3MediaStore } from './s3';
import { isMediaKey, localMediaStore, type MediaStore } from './store';

/**
 * What every media store promises, run against the local folder always and against an S3 bucket
 * when COMPTOIR_MEDIA_S3_BUCKET (and the other COMPTOIR_MEDIA_S3_* settings) are in the test's
 * environment; the run then works under a fresh random prefix of that bucket.
 */
function contract(name: string, open: () => Promise<{ store: MediaStore; cleanup(): Promise<void> }>) {
  describe(`media store contract: ${name}`, () => {
    let store: MediaStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => cleanup?.());

    const bytes = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 0, 255]);

    it('gives back what was put, with its type, and replaces it on a second put', async () => {
      const key = `ab/cd/${randomUUID()}.webp`;
      await store.put(key, bytes, 'image/webp');
      const got = await store.get(key);
      expect(got && Buffer.from(got.bytes).equals(Buffer.from(bytes))).toBe(true);
      expect(got?.contentType).toBe('image/webp');
      await store.put(key, new Uint8Array([7]), 'image/webp');
      expect(Array.from((await store.get(key))!.bytes)).toEqual([7]);
    });

    it('answers null for a missing key, and deleting is final and may be repeated', async () => {
      const key = `ef/01/${randomUUID()}-preview.webp`;
      expect(await store.get(key)).toBeNull();
      await store.put(key, bytes, 'image/webp');
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it.each([
      '../escape.webp',
      'ab/../../escape.webp',
      '/etc/passwd',
      'ab//cd.webp',
      'ab/./cd.webp',
      'ab\\cd.webp',
      'ab/cd.webp\0',
      'ab/c d.webp',
      'ab/cd.webp?x=1',
      '',
      '..',
      'a/b/c/d/e/f/g/h/i.webp',
    ])('refuses the key %j: put and delete throw, get answers null', async (key) => {
      expect(isMediaKey(key)).toBe(false);
      await expect(store.put(key, bytes, 'image/webp')).rejects.toThrow(/media key/i);
      await expect(store.delete(key)).rejects.toThrow(/media key/i);
      expect(await store.get(key)).toBeNull();
    });
  });
}

contract('local folder', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'comptoir-store-'));
  return { store: localMediaStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('local folder store', () => {
  it('keeps the layout of existing data folders: the key is the path under the media folder', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'comptoir-store-'));
    try {
      const key = `0a/1b/${randomUUID()}.webp`;
      // A file written by an earlier release, before the store existed, is read as it is.
      await mkdir(path.join(root, '0a', '1b'), { recursive: true });
      await writeFile(path.join(root, key), Buffer.from('old bytes'));
      const store = localMediaStore(root);
      expect(Buffer.from((await store.get(key))!.bytes).toString()).toBe('old bytes');
      await store.put(`0a/1b/${randomUUID()}.webp`, bytes(), 'image/webp');
      const files = (await readdir(path.join(root, '0a', '1b'))).sort();
      expect(files).toHaveLength(2);
      expect(files.every((f) => f.endsWith('.webp'))).toBe(true); // no partial file left behind
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

const bytes = () => new Uint8Array([1, 2, 3]);

const s3 = mediaS3(process.env);
if (s3) {
  contract(`S3 bucket ${s3.bucket}`, async () => {
    const store = s3MediaStore({ ...s3, prefix: `${s3.prefix ? `${s3.prefix}/` : ''}comptoir-test-${randomUUID()}` });
    return { store, cleanup: async () => {} };
  });
} else {
  describe.skip('media store contract: S3 bucket (skipped: set COMPTOIR_MEDIA_S3_BUCKET and the other COMPTOIR_MEDIA_S3_* settings to run it)', () => {
    it('runs the same contract against the bucket', () => {});
  });
}

describe('media store settings', () => {
  it('uses the local folder unless a bucket is named, and reads the bucket settings', () => {
    expect(mediaS3({})).toBeUndefined();
    expect(
      mediaS3({
        COMPTOIR_MEDIA_S3_BUCKET: 'shop-media',
        COMPTOIR_MEDIA_S3_ENDPOINT: 'http://127.0.0.1:9000',
        COMPTOIR_MEDIA_S3_PATH_STYLE: '1',
        COMPTOIR_MEDIA_S3_ACCESS_KEY_ID: 'id',
        COMPTOIR_MEDIA_S3_SECRET_ACCESS_KEY: 'secret',
        COMPTOIR_MEDIA_PUBLIC_URL: 'https://cdn.example/media',
      }),
    ).toEqual({
      bucket: 'shop-media',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      prefix: '',
      publicUrl: 'https://cdn.example/media',
    });
    expect(() => mediaS3({ COMPTOIR_MEDIA_S3_BUCKET: 'b', COMPTOIR_MEDIA_S3_ACCESS_KEY_ID: 'id' })).toThrow(/together/);
  });

  it('sends browsers to the public address when one is set', () => {
    const store = s3MediaStore({ ...mediaS3({ COMPTOIR_MEDIA_S3_BUCKET: 'b' })!, publicUrl: 'https://cdn.example/m/' });
    expect(store.kind).toBe('s3');
    expect(store.publicUrl?.('ab/cd/x.webp')).toBe('https://cdn.example/m/ab/cd/x.webp');
  });
});
