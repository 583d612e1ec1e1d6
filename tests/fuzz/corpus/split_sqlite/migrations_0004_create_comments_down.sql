DROP INDEX comments_post_id_idx;
DROP INDEX comments_user_id_idx;
DROP TABLE comments;
