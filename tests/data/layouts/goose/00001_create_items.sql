-- +goose Up
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);

-- +goose Down
DROP TABLE items;
