CREATE UNIQUE INDEX p1_title ON p1 (title);
