/**
 * The S3-compatible media store (AWS S3, MinIO, Garage, Scaleway, R2…): one object per key under
 * an optional prefix. The SDK is loaded on first use, so a server on the local folder never pays
 * for it at start.
 */
import path from 'node:path';
import type { Config, MediaS3Settings } from '../../config';
import { checkMediaKey, isMediaKey, localMediaStore, type MediaStore } from './store';

type S3Module = typeof import('@aws-sdk/client-s3');

export function s3MediaStore(settings: MediaS3Settings): MediaStore {
  let client: Promise<{ sdk: S3Module; s3: import('@aws-sdk/client-s3').S3Client }> | undefined;
  const connect = () => {
    client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: settings.region,
        endpoint: settings.endpoint,
        forcePathStyle: settings.forcePathStyle,
        credentials:
          settings.accessKeyId && settings.secretAccessKey
            ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
            : undefined,
      }),
    }));
    return client;
  };
  const prefix = settings.prefix.replace(/^\/+|\/+$/g, '');
  const objectKey = (key: string) => (prefix ? `${prefix}/${key}` : key);
  const publicBase = settings.publicUrl?.replace(/\/+$/, '');
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      checkMediaKey(key);
      const { sdk, s3 } = await connect();
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket: settings.bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentType: contentType,
          // Every key is a fresh random name, never rewritten: caches may keep it for good.
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },
    async get(key) {
      if (!isMediaKey(key)) return null;
      const { sdk, s3 } = await connect();
      try {
        const answer = await s3.send(new sdk.GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
        if (!answer.Body) return null;
        const bytes = (await answer.Body.transformToByteArray()) as Uint8Array<ArrayBuffer>;
        return { bytes, contentType: answer.ContentType || 'application/octet-stream' };
      } catch (error) {
        const name = (error as { name?: string }).name;
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return null;
        throw error;
      }
    },
    async delete(key) {
      checkMediaKey(key);
      const { sdk, s3 } = await connect();
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
    },
    publicUrl: publicBase ? (key) => `${publicBase}/${key}` : undefined,
  };
}

/** The store the settings name: the bucket when one is set, else `<dataDir>/media` as always. */
export function mediaStoreFor(config: Pick<Config, 'dataDir' | 'mediaS3'>): MediaStore {
  return config.mediaS3 ? s3MediaStore(config.mediaS3) : localMediaStore(path.join(config.dataDir, 'media'));
}
