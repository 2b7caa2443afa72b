/**
 * The verification script shown on every drawn contest's page: a few lines of Node.js using only
 * SHA-256 and HMAC-SHA256, run on the published JSON (GET /api/v1/contests/:id/draw). The tests
 * run this exact text, so the page never shows a script that does not work.
 */
export const VERIFY_SCRIPT = `// Save the draw's JSON as draw.json, then: node verify-draw.cjs draw.json
const { createHash, createHmac } = require('node:crypto');
const d = JSON.parse(require('node:fs').readFileSync(process.argv[2] || 0, 'utf8'));
const sha256 = (x) => createHash('sha256').update(x).digest('hex');
const seed = Buffer.from(d.seed, 'hex');
const entries = [...d.entries].sort();
const hash = sha256(entries.join('\\n'));
let counter = 0;
const uniform = (m) => {
  for (;;) {
    const x = createHmac('sha256', seed).update(hash + ':' + counter++).digest().readUInt32BE(0);
    if (x < Math.floor(2 ** 32 / m) * m) return x % m;
  }
};
const a = [...entries];
const take = Math.min(d.winners_count, a.length);
for (let i = 0; i < take; i++) {
  const j = i + uniform(a.length - i);
  [a[i], a[j]] = [a[j], a[i]];
}
const winners = a.slice(0, take);
console.log('commitment', sha256(seed) === d.commitment ? 'OK' : 'WRONG');
console.log('entries_hash', hash === d.entries_hash ? 'OK' : 'WRONG');
console.log('winners', JSON.stringify(winners) === JSON.stringify(d.winners) ? 'OK' : 'WRONG', winners.join(' '));
`;

/** The same checks of the commitment and the entries' hash with shell tools (xxd, jq, sha256sum). */
export const SHELL_CHECK = `printf %s "$SEED" | xxd -r -p | sha256sum   # = commitment
jq -j '.entries | join("\\n")' draw.json | sha256sum   # = entries_hash`;
