DROP INDEX p1_title;
