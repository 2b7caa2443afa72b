import { mkdtemp, readFile, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors';
import { mediaFilePath, storeImage, withStoredImages } from './images';
import { localMediaStore, type LocalMediaStore } from './store';

let store: LocalMediaStore;

beforeAll(async () => {
  store = localMediaStore(await mkdtemp(path.join(tmpdir(), 'comptoir-media-')));
});
afterAll(async () => {
  await rm(store.root, { recursive: true, force: true });
});

const solid = (width: number, height: number, background = { r: 200, g: 120, b: 40 }) =>
  sharp({ create: { width, height, channels: 3, background } });

/** Left half red, right half blue. */
async function halves(width: number, height: number) {
  const half = await sharp({ create: { width: width / 2, height, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } }).composite([
    { input: half, left: 0, top: 0 },
  ]);
}

async function readStored(relative: string) {
  const file = mediaFilePath(store, relative);
  expect(file).not.toBeNull();
  const bytes = await readFile(file!);
  return { bytes, meta: await sharp(bytes).metadata() };
}

async function expectAppError(promise: Promise<unknown>, status: number, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

const PATH_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}(-preview)?\.webp$/;

describe('storeImage', () => {
  it('stores an attachment PNG as WebP, downsized inside 1600x1600 with a 400x400 preview', async () => {
    const png = await solid(3200, 1600).png().toBuffer();
    const stored = await storeImage(store, png, 'attachment');
    expect(stored.path).toMatch(PATH_PATTERN);
    expect(stored.previewPath).toMatch(PATH_PATTERN);
    const uuid = path.basename(stored.path, '.webp');
    expect(stored.path.startsWith(`${uuid.slice(0, 2)}/${uuid.slice(2, 4)}/`)).toBe(true);
    expect(stored).toMatchObject({ width: 1600, height: 800 });

    const main = await readStored(stored.path);
    expect(main.meta).toMatchObject({ format: 'webp', width: 1600, height: 800 });
    const preview = await readStored(stored.previewPath);
    expect(preview.meta).toMatchObject({ format: 'webp', width: 400, height: 200 });
  });

  it('does not enlarge small attachments', async () => {
    const png = await solid(120, 80).png().toBuffer();
    const stored = await storeImage(store, png, 'attachment');
    expect(stored).toMatchObject({ width: 120, height: 80 });
    expect((await readStored(stored.previewPath)).meta).toMatchObject({ width: 120, height: 80 });
  });

  it('honours EXIF orientation and strips all metadata, GPS included', async () => {
    const jpeg = await (await halves(400, 200))
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'SecretCam', Model: 'Spy 3000' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '48/1 51/1 24/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '2/1 21/1 8/1',
        },
      })
      .toBuffer();
    const inputMeta = await sharp(jpeg).metadata();
    expect(inputMeta.orientation).toBe(6);
    expect(inputMeta.exif?.toString('latin1')).toContain('SecretCam');
    expect(inputMeta.exif?.toString('latin1')).toContain('N');

    const stored = await storeImage(store, jpeg, 'attachment');
    // Orientation 6 = rotate 90° clockwise: 400x200 becomes 200x400, the red left half on top.
    expect(stored).toMatchObject({ width: 200, height: 400 });
    for (const relative of [stored.path, stored.previewPath]) {
      const { bytes, meta } = await readStored(relative);
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes.toString('latin1')).not.toContain('SecretCam');
      expect(bytes.toString('latin1')).not.toContain('EXIF');
    }
    const { data, info } = await sharp(mediaFilePath(store, stored.path)!).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [tr, , tb] = pixel(100, 50);
    const [br, , bb] = pixel(100, 350);
    expect(tr).toBeGreaterThan(200);
    expect(tb).toBeLessThan(60);
    expect(br).toBeLessThan(60);
    expect(bb).toBeGreaterThan(200);
  });

  it('cover-crops avatars to 400x400 with a 96x96 preview', async () => {
    const jpeg = await solid(1000, 600).jpeg().toBuffer();
    const stored = await storeImage(store, jpeg, 'avatar');
    expect(stored).toMatchObject({ width: 400, height: 400 });
    expect((await readStored(stored.path)).meta).toMatchObject({ format: 'webp', width: 400, height: 400 });
    expect((await readStored(stored.previewPath)).meta).toMatchObject({ format: 'webp', width: 96, height: 96 });
  });

  it('cover-crops headers to 1500x500 with a 600x200 preview', async () => {
    const png = await solid(800, 800).png().toBuffer();
    const stored = await storeImage(store, png, 'header');
    expect(stored).toMatchObject({ width: 1500, height: 500 });
    expect((await readStored(stored.path)).meta).toMatchObject({ format: 'webp', width: 1500, height: 500 });
    expect((await readStored(stored.previewPath)).meta).toMatchObject({ format: 'webp', width: 600, height: 200 });
  });

  it('accepts WebP, GIF and AVIF input', async () => {
    for (const input of [
      await solid(50, 30).webp().toBuffer(),
      await solid(50, 30).gif().toBuffer(),
      await solid(50, 30).avif().toBuffer(),
    ]) {
      const stored = await storeImage(store, input, 'attachment');
      expect(stored).toMatchObject({ width: 50, height: 30 });
      expect((await readStored(stored.path)).meta.format).toBe('webp');
    }
  });

  it('uses a fresh random name for every upload', async () => {
    const png = await solid(10, 10).png().toBuffer();
    const a = await storeImage(store, png, 'avatar');
    const b = await storeImage(store, png, 'avatar');
    expect(a.path).not.toBe(b.path);
    expect(a.previewPath).not.toBe(b.previewPath);
  });

  it('rejects an empty buffer', async () => {
    await expectAppError(storeImage(store, new Uint8Array(0), 'attachment'), 400, 'media_empty');
  });

  it('rejects input over the size limit, default 10 MiB', async () => {
    const png = await solid(100, 100).png().toBuffer();
    await expectAppError(storeImage(store, png, 'attachment', { maxBytes: png.length - 1 }), 413, 'media_too_large');
    await expectAppError(storeImage(store, new Uint8Array(10 * 1024 * 1024 + 1), 'attachment'), 413, 'media_too_large');
    await expect(storeImage(store, png, 'attachment', { maxBytes: png.length })).resolves.toBeTruthy();
  });

  it('rejects random bytes, text, SVG (even with a valid image header) and truncated images with 422', async () => {
    const random = new Uint8Array(2048).map(() => Math.floor(Math.random() * 256));
    random[0] = 0x00; // never a real signature by accident
    const text = new TextEncoder().encode('Hello, this is a plain text file.\nNot an image.\n');
    const svg = new TextEncoder().encode(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100" fill="red"/></svg>',
    );
    const png = await solid(200, 200).png().toBuffer();
    const truncatedPng = png.subarray(0, 60);
    const fakeJpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]);
    const tiff = await solid(20, 20).tiff().toBuffer();
    for (const input of [random, text, svg, truncatedPng, fakeJpeg, tiff]) {
      const error = await expectAppError(storeImage(store, input, 'attachment'), 422, 'media_unprocessable');
      expect(error.message).toBe('The file is not a supported image (JPEG, PNG, WebP, GIF)');
    }
  });

  it('rejects absurd pixel dimensions (decompression bombs) with 422', async () => {
    // A PNG whose header claims 20000x20000 pixels (400 megapixels).
    const png = Buffer.from(await solid(16, 16).png().toBuffer());
    png.writeUInt32BE(20000, 16);
    png.writeUInt32BE(20000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    expect(await sharp(png, { limitInputPixels: false }).metadata()).toMatchObject({ width: 20000, height: 20000 });
    await expectAppError(storeImage(store, png, 'attachment'), 422, 'media_unprocessable');

    // A real, highly compressible 9000x6000 (54 megapixels) image.
    const big = await sharp({ create: { width: 9000, height: 6000, channels: 3, background: 'white' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await expectAppError(storeImage(store, big, 'attachment'), 422, 'media_unprocessable');
  });

  it('writes no files for rejected input', async () => {
    const before = await listFiles(store.root);
    await storeImage(store, new TextEncoder().encode('nope'), 'avatar').catch(() => undefined);
    expect(await listFiles(store.root)).toEqual(before);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('mediaFilePath', () => {
  const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('resolves the paths storeImage generates, inside the root', async () => {
    expect(mediaFilePath(store, `0a/1b/${uuid}.webp`)).toBe(
      path.join(path.resolve(store.root), '0a', '1b', `${uuid}.webp`),
    );
    expect(mediaFilePath(store, `0a/1b/${uuid}-preview.webp`)).toBe(
      path.join(path.resolve(store.root), '0a', '1b', `${uuid}-preview.webp`),
    );
    const stored = await storeImage(store, await solid(10, 10).png().toBuffer(), 'avatar');
    expect(mediaFilePath(store, stored.path)?.startsWith(path.resolve(store.root) + path.sep)).toBe(true);
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    'ab/../../x',
    `0a/1b/../../../${uuid}.webp`,
    `/0a/1b/${uuid}.webp`,
    `0a\\1b\\${uuid}.webp`,
    `0a/1b/${uuid}.webp/..`,
    `ff/ff/${uuid}.webp`, // folders must match the UUID
    `0a/1b/${uuid}.png`,
    `0a/1b/${uuid.toUpperCase()}.webp`,
    `0a/1b/${uuid}.webp\0`,
    `./0a/1b/${uuid}.webp`,
    '',
    '.',
  ])('rejects %j', (attempt) => {
    expect(mediaFilePath(store, attempt)).toBeNull();
  });
});

describe('withStoredImages', () => {
  const files = async (root: string): Promise<string[]> =>
    (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));

  it('keeps the files when the write succeeds, and removes every stored one when the write or a later image fails', async () => {
    const own = localMediaStore(await mkdtemp(path.join(tmpdir(), 'comptoir-media-')));
    try {
      const good = new Uint8Array(await solid(60, 40).png().toBuffer());
      const paths = await withStoredImages(own, [good, good], 'attachment', {}, async (stored) =>
        stored.map((s) => s.path),
      );
      expect(paths).toHaveLength(2);
      expect(await files(own.root)).toHaveLength(4); // main and preview of each

      await expect(
        withStoredImages(own, [good], 'attachment', {}, async () =>
          Promise.reject(new AppError(409, 'already_reviewed', 'no')),
        ),
      ).rejects.toMatchObject({ code: 'already_reviewed' });
      await expect(
        withStoredImages(own, [good, new Uint8Array([1, 2, 3])], 'attachment', {}, async () => 'never'),
      ).rejects.toBeInstanceOf(AppError);
      expect(await files(own.root)).toHaveLength(4); // only the first call's files remain
    } finally {
      await rm(own.root, { recursive: true, force: true });
    }
  });
});
