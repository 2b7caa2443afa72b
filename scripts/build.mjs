// Builds the server once into dist/ (`npm start` runs it before starting): one JavaScript file
// that Node runs directly, instead of transforming every TypeScript file at each start (slower,
// and the transformer's thread and caches stayed in memory for the server's whole life).
// Dependencies stay in node_modules. Files found next to the sources (static files, migrations)
// are still read from src/: each module's import.meta.url is its source file's address.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs/promises';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
      const text = await fs.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** Newest modification time among the sources and the files that shape the build. */
async function newestSource() {
  let newest = 0;
  const files = await fs.readdir(path.join(root, 'src'), { recursive: true });
  for (const file of [...files.map((f) => path.join('src', f)), 'package.json', 'tsconfig.json', 'scripts/build.mjs']) {
    newest = Math.max(newest, (await fs.stat(path.join(root, file))).mtimeMs);
  }
  return newest;
}

// Up to date (a later start of unchanged sources): start at once.
const built = await fs.stat(path.join(root, 'dist', 'main.js')).catch(() => null);
if (built && process.argv[2] !== '--force' && built.mtimeMs > (await newestSource())) process.exit(0);

const started = Date.now();
const { build } = await import('esbuild');
await fs.rm(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  // Real dynamic imports: the server listens before loading most of itself (src/main.ts).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  // Whitespace, comments and syntax minified, names kept (stack traces stay readable): Node keeps
  // each module's source text in memory for its whole life.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [sourceUrls],
});
// esbuild escapes other characters beyond ASCII, but not in regular expressions nor tagged
// templates; one such character makes Node keep the whole file's text at two bytes a character.
for (const file of await fs.readdir(path.join(root, 'dist'), { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const text = await fs.readFile(path.join(root, 'dist', file), 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) console.warn(`dist/${file} is not ASCII (…${text.slice(Math.max(0, at - 40), at + 10)}…): write that pattern as a string`);
}
console.log(`Built dist/main.js in ${Date.now() - started} ms`);
