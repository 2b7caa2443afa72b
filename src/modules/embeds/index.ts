// The embeds module's public face: Comptoir on a brand's own website (widgets under /embed/, the
// resizing script, oEmbed) and the brand's setting of which websites may frame them.
export { isEmbedPath, isFramablePath } from './paths';
export { frameAncestors, readEmbedOrigins, type EmbedOrigins } from './settings';
