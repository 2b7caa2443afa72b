-- The home timeline reads each followed account's newest posts through this index alone
-- (an index-only scan once the table is vacuumed): the filters it applies are included.
CREATE INDEX IF NOT EXISTS statuses_account_id_idx ON statuses (account_id, id) INCLUDE (visibility, in_reply_to_account_id, reblog_of_id);
