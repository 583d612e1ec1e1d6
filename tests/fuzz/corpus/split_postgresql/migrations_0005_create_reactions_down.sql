DROP INDEX reactions_post_id_idx;
DROP TABLE reactions;
