CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES "groups" (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
-- The primary key serves lookups by group; this one serves "groups of user X".
CREATE INDEX group_members_user_id_idx ON group_members (user_id);
