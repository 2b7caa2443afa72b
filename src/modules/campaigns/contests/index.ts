// Contests (campaigns): a brand's jeu-concours with a draw anyone can verify.
export { ALGORITHM, canonicalOrder, commitmentOf, drawWinners, entriesHashOf } from './algorithm';
export { contestResultExtension, performDraw, runContestDraw } from './draw';
export { createContest, enterContest, getContest, listContests, type ContestsContext } from './service';
export type { EntryKind, ExclusionReason } from './schema';
