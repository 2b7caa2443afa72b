/**
 * After a run of `npm test` (test/run.ts): the logs the test apps and app processes wrote
 * (COMPTOIR_TEST_LOGS, see test/support/logs.ts) must hold none of the tests' secrets: the
 * passwords the tests use (read from their sources), test card numbers, and anything shaped like
 * a bearer token, an OAuth token or a session cookie. Each finding names its file and line.
 *
 *   tsx test/log-secrets.ts <folder>      the same check on its own
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type Finding = { file: string; line: number; what: string };

/** The demo world's password (src/cli/demo-world-logins.ts) and the usual test cards beside what the tests name. */
const ALWAYS = { passwords: ['comptoir-demo'], cards: ['4242424242424242', '4000000000000002', '4111111111111111'] };

/** Token shapes: our tokens are 32 random bytes in base64url (lib/crypto.ts newToken), 43 characters. */
const TOKEN_SHAPES: [string, RegExp][] = [
  ['a bearer token', /\bbearer\s+[A-Za-z0-9._~+/-]{16,}/i],
  ['an OAuth token', /\b(?:access_token|refresh_token|client_secret)\W{1,4}[A-Za-z0-9_-]{16,}/],
  ['a session cookie', /\bcomptoir_session=[A-Za-z0-9_-]{16,}/],
  ['a token', /"(?:token|accessToken|refreshToken|clientSecret)"\s*:\s*"[A-Za-z0-9_-]{32,}"/],
];

/** Every test source: test/, and the tests and test helpers beside the code. */
function testSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (/\.tsx?$/.test(entry.name) && (full.includes(`${path.sep}test${path.sep}`) || isTestFile(entry.name)))
        files.push(full);
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'test'));
  return files;
}
const isTestFile = (name: string) => /\.test\.tsx?$|test-support|-testing\.ts$|testkit/.test(name);

/** The passwords and card numbers the tests use, read from their sources. */
export function testSecrets(sources = testSources()): { passwords: string[]; cards: string[] } {
  const passwords = new Set(ALWAYS.passwords);
  const cards = new Set(ALWAYS.cards);
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    // `password: 'correct horse battery'`, `new_password: '…'`, `const PASSWORD = '…'`.
    for (const m of text.matchAll(/\w*password\w*['"]?\s*[:=]\s*(['"`])([^'"`\n]{8,})\1/gi)) keepPassword(m[2]);
    // A password typed into a form field in a browser test: `.fill('…')` on a line about passwords.
    for (const line of text.split('\n'))
      if (/password|mot de passe/i.test(line))
        for (const m of line.matchAll(/\.fill\('([^'\n]{8,})'\)/g)) keepPassword(m[1]);
    for (const m of text.matchAll(/['"](\d[\d -]{11,22}\d)['"]/g)) {
      const digits = m[1].replace(/[ -]/g, '');
      if (/^[2-6]\d{12,18}$/.test(digits) && luhn(digits)) cards.add(digits);
    }
  }
  return { passwords: [...passwords], cards: [...cards] };

  function keepPassword(value: string) {
    // Field names and grant types (`'current_password'`, `'password'`), templates and masks are no passwords.
    if (/^[a-z_]+$/.test(value) || value.includes('${') || value === '***' || value === '[redacted]') return;
    passwords.add(value);
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Searches every file of `folder` line by line; a line is reported once, with the first secret it holds. */
export function findSecrets(folder: string, secrets = testSecrets()): Finding[] {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const checks: [string, RegExp][] = [
    ...secrets.passwords.map((p): [string, RegExp] => [`the test password "${p}"`, new RegExp(literal(p))]),
    // A card number with or without spaces or dashes between its digits.
    ...secrets.cards.map((c): [string, RegExp] => [`the test card ${c}`, new RegExp(c.split('').join('[ -]?'))]),
    ...TOKEN_SHAPES,
  ];
  const findings: Finding[] = [];
  if (!fs.existsSync(folder)) return findings;
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (!fs.statSync(file).isFile()) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      const hit = checks.find(([, pattern]) => pattern.test(text));
      if (hit) findings.push({ file, line: i + 1, what: hit[0] });
    });
  }
  return findings;
}

/** Prints the findings; true when there are none. */
export function reportSecrets(folder: string): boolean {
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).length : 0;
  const findings = findSecrets(folder);
  if (findings.length === 0) {
    console.log(
      `Logs of the run (${files} files in ${path.relative(root, folder)}): no password, card or token found.`,
    );
    return true;
  }
  console.error(`Secrets found in the logs of the run (${findings.length} lines):`);
  for (const f of findings.slice(0, 50)) console.error(`  ${path.relative(root, f.file)}:${f.line}: ${f.what}`);
  return false;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(reportSecrets(path.resolve(process.argv[2] ?? path.join(root, 'test-results', 'logs'))) ? 0 : 1);
}
