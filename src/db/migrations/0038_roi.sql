-- Return on Involvement (analytics/roi/sentiment.ts): the sentiment collector finds the watch
-- matches recorded since its last run by their recording time.
CREATE INDEX IF NOT EXISTS "watch_matches_matched_idx" ON "watch_matches" USING btree ("matched_at");
