DROP INDEX followers_followed_id_idx;
DROP TABLE followers;
