-- +goose Up
CREATE TABLE tags (id INTEGER);
-- +goose Down
DROP TABLE tags;
