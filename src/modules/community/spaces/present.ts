// The spaces API's JSON shapes (api-contracts.ts describes them).
import type { SpaceRow } from './access';
import type { Author, ReplyRow, TopicRow } from './topics';

type Urls = { publicUrl: string };

export const spacePath = (id: string) => `/spaces/${id}`;
export const topicPath = (id: string) => `/topics/${id}`;
export const spaceFeedPaths = (id: string) => ({ rss: `/spaces/${id}.rss`, atom: `/spaces/${id}.atom` });

const person = (a: Author) => ({ id: a.id, username: a.username, display_name: a.displayName });

export function presentSpace(config: Urls, s: SpaceRow) {
  return {
    id: s.id,
    url: `${config.publicUrl}${spacePath(s.id)}`,
    brand: { id: s.brandId, username: s.brandUsername, display_name: s.brandName },
    name: s.name,
    description: s.description,
    charter: s.charter,
    visibility: s.visibility,
    admit_followers: s.admitFollowers,
    admit_buyers: s.admitBuyers,
    archived: s.archivedAt !== null,
    rss_url: `${config.publicUrl}${spaceFeedPaths(s.id).rss}`,
    atom_url: `${config.publicUrl}${spaceFeedPaths(s.id).atom}`,
    created_at: s.createdAt.toISOString(),
  };
}

export function presentTopic(config: Urls, t: TopicRow) {
  return {
    id: t.id,
    space_id: t.spaceId,
    url: `${config.publicUrl}${topicPath(t.id)}`,
    title: t.title,
    text: t.text,
    status: t.status,
    pinned: t.pinned,
    locked: t.locked,
    accepted_reply_id: t.acceptedReplyId,
    replies_count: t.repliesCount,
    author: person(t.author),
    last_activity_at: t.lastActivityAt.toISOString(),
    created_at: t.createdAt.toISOString(),
  };
}

export function presentReply(r: ReplyRow) {
  return {
    id: r.id,
    text: r.text,
    status: r.status,
    accepted: r.accepted,
    team: r.team,
    author: person(r.author),
    created_at: r.createdAt.toISOString(),
  };
}
