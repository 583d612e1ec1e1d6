DROP INDEX group_members_user_id_idx;
DROP TABLE group_members;
