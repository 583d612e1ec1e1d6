INSERT INTO t07 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
