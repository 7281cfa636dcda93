-- Rate limits have windows of different lengths (an hour for activation codes, a day for
-- phone-number lookups and new conversations): each bucket keeps when its window ends,
-- and is dropped after that. Every bucket so far had the one-hour window.
ALTER TABLE rate_limits ADD COLUMN window_end TIMESTAMP WITH TIME ZONE;
UPDATE rate_limits SET window_end = window_start + INTERVAL '1' HOUR;
ALTER TABLE rate_limits ALTER COLUMN window_end SET NOT NULL;
