-- A platform chat's latest event ({id,type,integrationId,respondTo,replyToken}): what an answer an
-- agent sends into that conversation over the hub replies to. Null for hub conversations.
ALTER TABLE conversations ADD COLUMN reply_target TEXT;
