/**
 * Image processing for uploaded media, free of HTTP and database concerns.
 *
 * Every upload is sniffed by its magic bytes (JPEG, PNG, WebP, GIF, AVIF only; SVG and anything
 * else is refused before sharp parses it), decoded by sharp with a pixel limit, oriented from its
 * EXIF tag, stripped of all metadata (EXIF incl. GPS, XMP, IPTC) and re-encoded as WebP, in a main
 * size and a preview size that depend on the kind. Files get random UUID names under two levels of
 * folders taken from the UUID's first four hex digits: `ab/cd/abcd…-….webp`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { OutputInfo } from 'sharp';
import { badRequest, DomainError, tooLarge, unprocessable } from '../../lib/errors';
import type { MediaStore } from './store';

export type ImageKind = 'attachment' | 'avatar' | 'header';
export type StoredImage = { path: string; previewPath: string; width: number; height: number };

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Largest decoded image accepted (width × height); guards against decompression bombs. */
export const MAX_INPUT_PIXELS = 50_000_000;

// sharp brings libvips (19 MB resident, loaded alone): loaded at the first upload, not by every node at start.
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

type Box = { width: number; height: number; fit: 'inside' | 'cover' };
const SIZES: Record<ImageKind, { main: Box; preview: Box }> = {
  attachment: {
    main: { width: 1600, height: 1600, fit: 'inside' },
    preview: { width: 400, height: 400, fit: 'inside' },
  },
  avatar: { main: { width: 400, height: 400, fit: 'cover' }, preview: { width: 96, height: 96, fit: 'cover' } },
  header: { main: { width: 1500, height: 500, fit: 'cover' }, preview: { width: 600, height: 200, fit: 'cover' } },
};

const WEBP_QUALITY = 82;
const UNSUPPORTED_MESSAGE = 'The file is not a supported image (JPEG, PNG, WebP, GIF)';
const unsupported = () => unprocessable('media_unprocessable', UNSUPPORTED_MESSAGE);

type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : `${n} bytes`);

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** Recognises the accepted formats by their signature; anything else (SVG, TIFF, text…) is null. */
function sniffFormat(b: Uint8Array): SniffedFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    ascii(b, 1, 4) === 'PNG' &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'png';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 16 && ascii(b, 4, 8) === 'ftyp') {
    // ISO-BMFF: the box size covers the major brand, minor version and compatible brands.
    const boxSize = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    const end = Math.min(boxSize, b.length, 256);
    const brands = [ascii(b, 8, 12)];
    for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, i + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  }
  return null;
}

/** Two-level folder from the UUID's first four hex digits, e.g. `ab/cd/abcd1234-….webp`. */
const FILE_PATTERN =
  /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(-preview)?\.webp$/;

/** Whether `relativePath` is exactly a path this module generates: the only keys `/media/` serves. */
export function isImagePath(relativePath: string): boolean {
  if (typeof relativePath !== 'string') return false;
  const match = FILE_PATTERN.exec(relativePath);
  if (!match) return false;
  const [, first, second, uuid] = match;
  return uuid.slice(0, 2) === first && uuid.slice(2, 4) === second;
}

/**
 * Absolute path of a media file in a local folder store, or null when `relativePath` is not
 * exactly a path this module generates (so no `..`, absolute paths, backslashes or other files).
 */
export function mediaFilePath(store: { root: string }, relativePath: string): string | null {
  if (!isImagePath(relativePath)) return null;
  const root = path.resolve(store.root);
  const resolved = path.resolve(root, relativePath);
  if (!resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

/**
 * Validates, normalises and stores an uploaded image, returning the paths (relative to the
 * store root) of the main file and its preview, and the main file's dimensions.
 */
export async function storeImage(
  store: MediaStore,
  input: Uint8Array,
  kind: ImageKind,
  options: { maxBytes?: number } = {},
): Promise<StoredImage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const sizes = SIZES[kind];
  if (!sizes) throw badRequest('media_kind_invalid', `Unknown media kind: ${String(kind)}`);
  if (!input || input.byteLength === 0) throw badRequest('media_empty', 'The file is empty');
  if (input.byteLength > maxBytes) {
    throw tooLarge('media_too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}`, {
      max_bytes: maxBytes,
    });
  }
  const sniffed = sniffFormat(input);
  if (!sniffed) throw unsupported();

  const sharp = await loadSharp();
  let main: { data: Buffer; info: OutputInfo };
  let preview: Buffer;
  try {
    const source = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const meta = await source.metadata();
    const decodedFormat = meta.format as string | undefined;
    const formatOk =
      decodedFormat === sniffed || (sniffed === 'avif' && decodedFormat === 'heif' && meta.compression === 'av1');
    if (!formatOk) throw unsupported();
    if (!meta.width || !meta.height || meta.width * meta.height > MAX_INPUT_PIXELS) throw unsupported();

    // rotate() without arguments applies the EXIF orientation; no withMetadata/keep* call, so
    // sharp writes no EXIF, XMP or IPTC into the output.
    const oriented = source.rotate();
    const render = (box: Box) =>
      oriented
        .clone()
        .resize({ width: box.width, height: box.height, fit: box.fit, withoutEnlargement: box.fit === 'inside' })
        .webp({ quality: WEBP_QUALITY });
    [main, preview] = await Promise.all([
      render(sizes.main).toBuffer({ resolveWithObject: true }),
      render(sizes.preview).toBuffer(),
    ]);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unsupported();
  }

  const uuid = randomUUID();
  const folder = `${uuid.slice(0, 2)}/${uuid.slice(2, 4)}`;
  const mainPath = `${folder}/${uuid}.webp`;
  const previewPath = `${folder}/${uuid}-preview.webp`;
  try {
    await store.put(mainPath, main.data, 'image/webp');
    await store.put(previewPath, preview, 'image/webp');
  } catch (error) {
    await Promise.all([store.delete(mainPath).catch(() => {}), store.delete(previewPath).catch(() => {})]);
    throw error;
  }
  return { path: mainPath, previewPath, width: main.info.width, height: main.info.height };
}

/** Deletes stored images (main file and preview); paths this module did not make are left alone. */
export async function discardImages(
  store: MediaStore,
  images: Pick<StoredImage, 'path' | 'previewPath'>[],
): Promise<void> {
  await Promise.all(
    images
      .flatMap((image) => [image.path, image.previewPath])
      .filter(isImagePath)
      .map((file) => store.delete(file)),
  );
}

/**
 * Stores uploaded images, then runs `write` with them (the rows that refer to them). When storing
 * one of them or the write fails, the files already stored go again: a refused request (a
 * duplicate, a bad photo among good ones) leaves no orphan files behind.
 */
export async function withStoredImages<T>(
  store: MediaStore,
  inputs: Uint8Array[],
  kind: ImageKind,
  options: { maxBytes?: number },
  write: (stored: StoredImage[]) => Promise<T>,
): Promise<T> {
  const stored: StoredImage[] = [];
  try {
    for (const input of inputs) stored.push(await storeImage(store, input, kind, options));
    return await write(stored);
  } catch (error) {
    await discardImages(store, stored).catch(() => {});
    throw error;
  }
}
