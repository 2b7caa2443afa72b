// Public face of search: the query language, matching (for watches), the search service.
export { parseQuery, MAX_QUERY_LENGTH, type ParsedQuery, type QNode, type RatingFilter } from './query';
export { statusesMatching, reviewsMatching } from './matching';
export { queryCondition, searchSections, type SearchSection, type SectionHit } from './sections';
