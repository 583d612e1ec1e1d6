DROP INDEX reactions_post_id_idx;
DROP TABLE reactions;
DROP TYPE reaction_kind;
