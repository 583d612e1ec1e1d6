-- migrate:up
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);

-- migrate:down
DROP TABLE items;
