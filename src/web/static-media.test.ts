import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import type { AppEnv } from '../http/types';
import type { MediaObject, MediaStore } from '../modules/media';
import { staticRoutes } from './static';

/** A store in memory: the `/media/` route reads through the interface, whichever store is behind it. */
function memoryStore(publicUrl?: string): MediaStore & { objects: Map<string, MediaObject> } {
  const objects = new Map<string, MediaObject>();
  return {
    kind: 's3',
    objects,
    put: async (key, bytes, contentType) => void objects.set(key, { bytes: new Uint8Array(bytes), contentType }),
    get: async (key) => objects.get(key) ?? null,
    delete: async (key) => void objects.delete(key),
    publicUrl: publicUrl ? (key) => `${publicUrl}/${key}` : undefined,
  };
}

function appWith(media: MediaStore) {
  const app = new Hono<AppEnv>();
  staticRoutes(app, { media } as AppContext);
  return app;
}

const key = '0a/1b/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.webp';

describe('/media/ served from the media store', () => {
  it('serves an object of the store as immutable WebP, and 404 for a missing one or a key we never make', async () => {
    const store = memoryStore();
    await store.put(key, new Uint8Array([82, 73, 70, 70]), 'image/webp');
    const app = appWith(store);
    const res = await app.request(`/media/${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(Array.from(new Uint8Array(await res.arrayBuffer()))).toEqual([82, 73, 70, 70]);
    expect((await app.request(`/media/${key.replace('0a1b2c3d', '0a1b2c3e')}`)).status).toBe(404);
    store.objects.set('notes/secret.txt', { bytes: new Uint8Array([1]), contentType: 'text/plain' });
    expect((await app.request('/media/notes/secret.txt')).status).toBe(404);
  });

  it('redirects to the public address when the store has one', async () => {
    const app = appWith(memoryStore('https://cdn.example/media'));
    const res = await app.request(`/media/${key}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`https://cdn.example/media/${key}`);
    expect((await app.request('/media/../../etc/passwd')).status).toBe(404);
  });
});
