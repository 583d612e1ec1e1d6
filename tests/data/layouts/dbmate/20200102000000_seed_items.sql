-- migrate:up
INSERT INTO items VALUES (1, 'first');
