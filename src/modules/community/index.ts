// The community module's public face: a brand's discussion spaces (spaces/) and public product
// questions and answers (qa/). Named exports only; tables are reached through src/db/schema.ts.
// Spaces (spaces/): a brand's discussion spaces, topics and replies, their moderation subjects.
export { spaceSubjects } from './spaces/moderation';
export { createSpace, inviteMember, listBrandSpaces } from './spaces/spaces';
export { createReply, createTopic } from './spaces/posting';
export { acceptReply, setTopicFlags } from './spaces/topics';
export { searchTopics, type TopicHit } from './spaces/search';
export { routes as spaceRoutes } from './spaces/routes';
export { spacesProfileSection } from './spaces/profile-section';
