CREATE UNIQUE INDEX p3_title ON p3 (title);
