// The community module's public face: a brand's discussion spaces (spaces/) and public product
// questions and answers (qa/). Named exports only; tables are reached through src/db/schema.ts.
// Spaces (spaces/): a brand's discussion spaces, topics and replies, their moderation subjects.
export { spaceSubjects } from './spaces/moderation';
export { createSpace, inviteMember, listBrandSpaces } from './spaces/spaces';
export { createReply, createTopic } from './spaces/posting';
export { acceptReply, listTopics, setTopicFlags, type TopicRow } from './spaces/topics';
export type { SpaceRow } from './spaces/access';
export { searchTopics, type TopicHit } from './spaces/search';
export { spacesProfileSection } from './spaces/profile-section';
// Product Q&A (qa/): the product page's section and FAQ, the moderation subjects, and what the
// inbox's `question` channel needs (the hook a question announces itself through, and the
// delivery of the team's reply as the brand's official answer).
export { productQaSection } from './qa/section';
export { answerSubject, questionSubject } from './qa/moderation';
export { questionHooks, type AskedQuestion, type OfficialAnswer, type QuestionHooks } from './qa/hooks';
export { answerQuestion, askQuestion, deliverOfficialAnswer, type AnsweredResult, type AskedResult } from './qa/write';
export { voteHelpful, readQaSettings, updateQaSettings } from './qa/votes';
export { faqOf, listQuestions, type AnswerView, type FaqEntry, type QuestionView } from './qa/listing';
export { qaAnswerers, type QaAnswerers, type QaStatus } from './qa/schema';
