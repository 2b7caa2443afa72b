// The campaigns module's door: pop-ups, editions, price rules, pre-sales, contests (issue 13).
// Named exports from each sub-folder, one block per part.
export {
  ALGORITHM as CONTEST_ALGORITHM,
  createContest,
  enterContest,
  runContestDraw,
  type ContestsContext,
  type EntryKind as ContestEntryKind,
} from './contests';
