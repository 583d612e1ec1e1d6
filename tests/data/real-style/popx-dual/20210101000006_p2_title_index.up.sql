CREATE UNIQUE INDEX p2_title ON p2 (title);
