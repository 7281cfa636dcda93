-- A user's display name is what they chose, or nothing: it no longer starts as their
-- phone number, which every stranger sharing a room with them would see. Names that are
-- still the number were never chosen.
ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;
UPDATE users SET display_name = NULL WHERE display_name = phone;
