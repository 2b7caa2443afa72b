// The media module's public face: checked, re-encoded images in the instance's media store.
// Tables' image columns (columns.ts) are for schema files and are imported from there directly.
export {
  DEFAULT_MAX_BYTES,
  MAX_INPUT_PIXELS,
  discardImages,
  isImagePath,
  mediaFilePath,
  storeImage,
  withStoredImages,
  type ImageKind,
  type StoredImage,
} from './images';
export {
  isMediaKey,
  localMediaStore,
  type LocalMediaStore,
  type MediaObject,
  type MediaStore,
} from './store';
export { mediaStoreFor, s3MediaStore } from './s3';
