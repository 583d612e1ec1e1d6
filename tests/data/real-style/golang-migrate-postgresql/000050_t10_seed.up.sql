INSERT INTO t10 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
