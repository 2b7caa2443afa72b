/**
 * The few lines of tar (POSIX ustar, gzipped) backups need: regular files written one after the
 * other, read back in order. Our own archives only, so no links, no long-name extensions; a name
 * that climbs out (`..`, absolute) is refused on reading, whoever made the archive.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;

export type TarWriter = {
  file(name: string, bytes: Uint8Array, mtime?: Date): Promise<void>;
  /** Finishes the archive; it appears under its name only then (written aside until complete). */
  close(): Promise<void>;
  /** Gives up: the partial file goes. */
  abort(): Promise<void>;
};

export function createTarWriter(target: string): TarWriter {
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (chunk: Uint8Array) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  return {
    async file(name, bytes, mtime = new Date()) {
      await write(header(name, bytes.byteLength, mtime));
      await write(bytes);
      const pad = (BLOCK - (bytes.byteLength % BLOCK)) % BLOCK;
      if (pad) await write(Buffer.alloc(pad));
    },
    async close() {
      gzip.end(Buffer.alloc(BLOCK * 2));
      await finished(out);
      fs.renameSync(partial, target);
    },
    async abort() {
      gzip.destroy();
      out.destroy();
      fs.rmSync(partial, { force: true });
    },
  };
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits a long name at a slash: up to 155 bytes of folders, then up to 100 of name.
    const cut = name.lastIndexOf('/', 155);
    if (cut < 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`Name too long for tar: ${name}`);
    prefix = name.slice(0, cut);
    short = name.slice(cut + 1);
  }
  h.write(short, 0, 100, 'utf8');
  h.write('0000600\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(
    `${Math.floor(mtime.getTime() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export type TarEntry = { name: string; bytes: Buffer };

/** The regular files of a gzipped tar, in order; folders and other entry types are skipped. */
export async function* readTar(file: string): AsyncGenerator<TarEntry> {
  const source = fs.createReadStream(file).pipe(createGunzip());
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer[] = [];
  let length = 0;
  const take = async (n: number): Promise<Buffer | null> => {
    while (length < n) {
      const next = await chunks.next();
      if (next.done) return null;
      pending.push(next.value);
      length += next.value.length;
    }
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [all.subarray(n)];
    length = all.length - n;
    return all.subarray(0, n);
  };
  try {
    for (;;) {
      const h = await take(BLOCK);
      if (!h) throw new Error('The archive is truncated');
      if (h.every((b) => b === 0)) return;
      const text = (start: number, size: number) => h.toString('utf8', start, start + size).replace(/\0.*$/s, '');
      const size = Number.parseInt(text(124, 12).trim() || '0', 8);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error('The archive has a bad entry size');
      const prefix = text(345, 155);
      const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
      const type = text(156, 1) || '0';
      const data = await take(size + ((BLOCK - (size % BLOCK)) % BLOCK));
      if (!data) throw new Error('The archive is truncated');
      if (type !== '0') continue;
      if (name.startsWith('/') || name.split('/').some((part) => part === '..')) {
        throw new Error(`The archive holds a path outside its folder: ${name}`);
      }
      yield { name, bytes: Buffer.from(data.subarray(0, size)) };
    }
  } finally {
    source.destroy();
  }
}
