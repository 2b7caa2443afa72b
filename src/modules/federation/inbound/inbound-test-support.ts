/**
 * Test helpers: activities shaped like Mastodon 4.3's (fixtures/mastodon-4.3.json) fed through
 * the inbound handlers, with remote documents served from the fixtures instead of the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Activity, type DocumentLoader, lookupObject, type Recipient } from '@fedify/vocab';
import type { TestApp } from '../../../../test/support/app';
import { federationContext } from '../federation';
import type { Inbound } from './context';
import { routeActivity } from './route';

const raw = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'mastodon-4.3.json'), 'utf8');

/** The fixtures with our server's names filled in. */
export function fixtures(vars: Record<string, string>): Record<string, Record<string, unknown>> {
  const text = raw.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => vars[name] ?? `missing-${name}`);
  return JSON.parse(text);
}

export type Sent = { username: string; to: Recipient; activity: Activity };

/** An Inbound whose remote documents are the given ones (by id), recording what it sends. */
export function fixtureInbound(t: TestApp, documents: Record<string, unknown>[]) {
  const byId = new Map(documents.map((d) => [String(d.id), d]));
  const fed = federationContext(t.ctx);
  const documentLoader: DocumentLoader = async (url) => {
    const document = byId.get(url);
    if (!document) throw new Error(`not found: ${url}`);
    return { contextUrl: null, document, documentUrl: url };
  };
  const sent: Sent[] = [];
  const inb: Inbound = {
    app: t.ctx,
    fed,
    documentLoader,
    contextLoader: fed.contextLoader,
    lookup: (url) => lookupObject(url, { documentLoader, contextLoader: fed.contextLoader }).catch(() => null),
    async send(username, to, activity) {
      sent.push({ username, to, activity });
    },
  };
  const deliver = async (json: Record<string, unknown>) => {
    const activity = await Activity.fromJsonLd(json, { documentLoader, contextLoader: fed.contextLoader });
    return routeActivity(inb, activity);
  };
  return { inb, sent, deliver, byId };
}
