/**
 * The module boundaries of docs/architecture.md ("Modules and their doors"), checked on the
 * source: every import of src/ is read and resolved, no database, no app.
 *
 * Each rule has an allow-list of today's offenders, in files other parts of the work still
 * change. A list may only shrink: a new offender fails, and so does a listed one that is fixed
 * (remove it from the list).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const MAX_LINES = 400;

/** Importer -> imported file (both relative to src/) that bypass the imported module's index.ts. */
const BYPASS_ALLOWED: string[] = [];

/** Module index files that still re-export with `export * from`. */
const EXPORT_STAR_ALLOWED: string[] = [];

/** Service files (not routes) of src/modules that still import src/http/. */
const HTTP_IN_SERVICES_ALLOWED = [
  // Routes by another name: the pages' and Mastodon's live streams, and the product form's field errors.
  'modules/commerce/catalog/product-form.ts',
  'modules/social/live.ts',
  'modules/social/streaming-ws.ts',
  'modules/social/streaming.ts',
];

/** Source files over 400 lines (message dictionaries aside). */
const LONG_FILES_ALLOWED: string[] = [];

type Source = { file: string; text: string };

function sources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        out.push({ file: path.relative(SRC, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(SRC);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The src/-relative file a relative import of `file` names, if it exists. */
function resolveImport(file: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find(
    (candidate) => fs.existsSync(path.join(SRC, candidate)) && fs.statSync(path.join(SRC, candidate)).isFile(),
  );
}

/** The src/-relative files a source imports (relative imports only: packages are not modules). */
function importsOf(source: Source): string[] {
  const out: string[] = [];
  for (const match of source.text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) continue;
    const found = resolveImport(source.file, spec);
    if (found) out.push(found);
  }
  return out;
}

/** The module a file belongs to (`modules/<name>/...`), or null outside src/modules. */
const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);
/** Table definitions: a module's schema.ts, and media's columns.ts (columns shared by tables). */
const isSchemaFile = (file: string) => baseName(file) === 'schema.ts' || file === 'modules/media/columns.ts';
/** Files only tests import (helpers that build test worlds). */
const isTestSupport = (file: string) => /(^|[-/])testing\.ts$|test-support\.ts$/.test(file);
/** Route files: the Mastodon API and our JSON routes (api*.ts), pages (web*.ts[x], *-web.tsx), routes.ts. */
const isRouteFile = (file: string) =>
  /^(api|web|pages?|forms|openapi)[^/]*\.tsx?$|-(web|pages?|openapi)\.tsx?$|^routes\.ts$/.test(baseName(file));

/** Whether `importer` may import `target` although target is not its module's index.ts. */
function allowedDoor(importer: string, target: string): boolean {
  const name = baseName(target);
  // The HTTP assembly mounts each module's routes.
  if (importer === 'http/routes.ts' && /^modules\/[^/]+\/routes\.ts$/.test(target)) return true;
  // The catalog of all tables, and tables referring to other modules' tables (foreign keys).
  if ((importer === 'db/schema.ts' || isSchemaFile(importer)) && isSchemaFile(target)) return true;
  // The message dictionaries gather each module's strings (its i18n.ts, or its i18n/ folder's index).
  if (/^web\/i18n\//.test(importer) && (/^i18n\.ts$/.test(name) || /\/i18n\/index\.ts$/.test(target))) return true;
  return false;
}

function bypassingImports(all: Source[]): string[] {
  const out: string[] = [];
  for (const source of all) {
    if (isTestSupport(source.file)) continue;
    for (const target of importsOf(source)) {
      const targetModule = moduleOf(target);
      if (!targetModule || targetModule === moduleOf(source.file)) continue;
      if (target === `modules/${targetModule}/index.ts` || target === `modules/${targetModule}/index.tsx`) continue;
      if (allowedDoor(source.file, target)) continue;
      out.push(`${source.file} -> ${target}`);
    }
  }
  return [...new Set(out)].sort();
}

const isModuleIndex = (file: string) => /^modules\/[^/]+\/index\.tsx?$/.test(file);
const exportStars = (all: Source[]) =>
  all.filter((s) => isModuleIndex(s.file) && /^\s*export\s+\*\s+from\s/m.test(s.text)).map((s) => s.file);

const httpInServices = (all: Source[]) =>
  all
    .filter((s) => s.file.startsWith('modules/') && !isRouteFile(s.file) && !isTestSupport(s.file))
    .filter((s) => importsOf(s).some((target) => target.startsWith('http/')))
    .map((s) => s.file);

const isDictionary = (file: string) => /^web\/i18n\//.test(file) || /^i18n[^/]*\.ts$/.test(baseName(file));
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const longFiles = (all: Source[]) =>
  all.filter((s) => !isDictionary(s.file) && lineCount(s.text) > MAX_LINES).map((s) => s.file);

/** Offenders must all be listed, and every listed one must still offend. */
function expectOnlyListed(found: string[], allowed: string[]) {
  const fresh = found.filter((f) => !allowed.includes(f));
  const offenders = { new: fresh, fixed: allowed.filter((a) => !found.includes(a)) };
  expect(offenders).toEqual({ new: [], fixed: [] });
}

describe('module boundaries', () => {
  const all = sources();

  it('another module is imported only through its index.ts (tables through src/db/schema.ts)', () => {
    expectOnlyListed(bypassingImports(all), BYPASS_ALLOWED);
  });

  it("a module's index.ts names what it exports (no export *)", () => {
    expectOnlyListed(exportStars(all), EXPORT_STAR_ALLOWED);
  });

  it('services (non-route files of src/modules) never import src/http/', () => {
    expectOnlyListed(httpInServices(all), HTTP_IN_SERVICES_ALLOWED);
  });

  it(`no source file is over ${MAX_LINES} lines, message dictionaries aside`, () => {
    expectOnlyListed(longFiles(all), LONG_FILES_ALLOWED);
  });
});

/**
 * Libraries a node loads at their first use, not at start (docs/architecture.md, "Memory and
 * start"): federation's, the embedded database's on a PostgreSQL node, image processing, e-mail.
 */
const LOADED_ON_FIRST_USE = ['@fedify/', '@js-temporal/', 'sharp', 'nodemailer', '@electric-sql/pglite'];
const TYPE_ONLY =
  /^\s*(?:import|export)\s+type\s|^\s*import\s*\{(?:\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?)+\s*\}\s*from/;
const STATIC_IMPORT = /(?:^|\n)(\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"])/g;

/**
 * What the server loads before its first request: main.ts's imports (its import() too, but for the
 * demo world's builder, run only on an empty database), then their static imports.
 */
function loadedAtStart(all: Source[]): { file: string; spec: string }[] {
  const byFile = new Map(all.map((s) => [s.file, s]));
  const seen = new Set<string>();
  const packages: { file: string; spec: string }[] = [];
  const visit = (file: string, dynamicToo: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = byFile.get(file)!;
    const staticSpecs = [...source.text.matchAll(STATIC_IMPORT)].filter((m) => !TYPE_ONLY.test(m[1]!));
    const specs = staticSpecs.map((m) => m[2]!);
    const dynamic = dynamicToo ? [...source.text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)] : [];
    specs.push(...dynamic.map((m) => m[1]!).filter((spec) => !spec.startsWith('./cli/demo-world')));
    for (const spec of specs) {
      if (!spec.startsWith('.')) packages.push({ file, spec });
      else {
        const target = resolveImport(file, spec);
        if (target) visit(target, false);
      }
    }
  };
  visit('main.ts', true);
  return packages;
}

describe('start footprint', () => {
  it('federation, PGlite, sharp and nodemailer are not loaded at start, only where they are used', () => {
    const early = loadedAtStart(sources()).filter(({ spec }) => LOADED_ON_FIRST_USE.some((p) => spec.startsWith(p)));
    expect(early.map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
  });
});
