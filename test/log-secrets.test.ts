import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets, testSecrets } from './log-secrets';

describe('the search of a test run’s logs for secrets', () => {
  it('knows the tests’ passwords and cards, and finds them and token shapes in log lines', () => {
    const secrets = testSecrets();
    expect(secrets.passwords).toEqual(expect.arrayContaining(['correct horse battery', 'comptoir-demo']));
    // Field names and grant types are not passwords: they may appear in any log.
    expect(secrets.passwords).not.toContain('password');
    expect(secrets.passwords).not.toContain('current_password');
    expect(secrets.cards).toContain('4242424242424242');

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-logs-'));
    const lines = [
      '{"msg":"request","route":"/login","status":303}',
      '{"msg":"oops","body":"identifier=anne&password=correct horse battery"}',
      '{"headers":{"authorization":"Bearer 6Jq0vT3mXb9kR2sL8wY1zA4cE7gH0iK3nP5rU8xZ2b4"}}',
      '{"cookie":"comptoir_session=6Jq0vT3mXb9kR2sL8wY1zA4cE7gH0iK3nP5rU8xZ2b4"}',
      '{"token":"4242 4242 4242 4242"}',
      '{"access_token":"[redacted]","password":"[redacted]"}',
    ];
    fs.writeFileSync(path.join(folder, 'worker-1.log'), lines.join('\n'));
    try {
      const found = findSecrets(folder, secrets);
      expect(found.map((f) => [f.line, f.what])).toEqual([
        [2, 'the test password "correct horse battery"'],
        [3, 'a bearer token'],
        [4, 'a session cookie'],
        [5, 'the test card 4242424242424242'],
      ]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
