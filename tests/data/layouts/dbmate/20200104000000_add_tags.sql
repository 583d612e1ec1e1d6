-- migrate:up
CREATE TABLE tags (id INTEGER);

-- migrate:down
DROP TABLE tags;
