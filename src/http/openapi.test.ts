import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import type { OpenApiDocument } from './openapi';
import { allRoutes, apiRoutes, operationsOf } from './openapi.testkit';

/**
 * API routes not described in the document yet. This list only shrinks: a route missing from the
 * document fails the test unless it is here, and a route listed here that the document describes
 * fails it too (take it off the list). Describe a route with a contract (src/http/contract.ts).
 */
const NOT_DESCRIBED_YET = new Set<string>([]);

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await (await t.call('GET', '/api/openapi.json')).json()) as OpenApiDocument;
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('passes a strict OpenAPI validator, with no warning', async () => {
    const result = await validate(structuredClone(doc) as never);
    const errors = result.valid ? [] : result.errors.map((e) => e.message);
    expect(errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('describes every API route the app serves (but those not described yet, a list that only shrinks)', () => {
    const described = new Set(operationsOf(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`));
    const routes = apiRoutes(t.app);
    const missing = routes.filter((r) => !described.has(r) && !NOT_DESCRIBED_YET.has(r));
    const nowDescribed = [...NOT_DESCRIBED_YET].filter((r) => described.has(r) || !routes.includes(r));
    if (missing.length) console.log(`Routes missing from the document:\n${missing.join('\n')}`);
    if (nowDescribed.length)
      console.log(`Take these off NOT_DESCRIBED_YET (described now, or gone):\n${nowDescribed.join('\n')}`);
    expect(missing).toEqual([]);
    expect(nowDescribed).toEqual([]);
    // And the document describes no route the app does not serve.
    const served = new Set(allRoutes(t.app));
    expect([...described].filter((r) => !served.has(r))).toEqual([]);
  });
});
