/**
 * Test helpers: a remote account and its posts written straight into the tables, as the inbound
 * side would leave them (an `accounts` row with a `domain` and the whole handle as username, a
 * public post with its AP id), without going through Fedify.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';

export async function insertRemoteAccount(
  db: Db,
  name: string,
  domain: string,
  displayName = name,
): Promise<{ id: string; username: string }> {
  const id = uuidv7();
  const username = `${name}@${domain}`;
  await queryRows(
    db,
    sql`insert into accounts (id, kind, username, display_name, domain)
        values (${id}, 'person', ${username}, ${displayName}, ${domain})`,
  );
  return { id, username };
}

export async function insertRemotePost(
  db: Db,
  accountId: string,
  text: string,
  options: { tags?: string[]; visibility?: string; language?: string } = {},
): Promise<string> {
  const id = uuidv7();
  await queryRows(
    db,
    sql`insert into statuses (id, account_id, text, content_html, visibility, language, uri, url)
        values (${id}, ${accountId}, ${text}, ${`<p>${text}</p>`}, ${options.visibility ?? 'public'},
                ${options.language ?? 'fr'},
                ${`https://remote.invalid/notes/${id}`}, ${`https://remote.invalid/@x/${id}`})`,
  );
  for (const tag of options.tags ?? [])
    await queryRows(db, sql`insert into status_tags (status_id, tag) values (${id}, ${tag})`);
  return id;
}

/** A local account following another (or the reverse), with the counters left alone. */
export async function insertFollow(db: Db, followerId: string, followeeId: string): Promise<void> {
  await queryRows(db, sql`insert into follows (follower_id, followee_id) values (${followerId}, ${followeeId})`);
}
