DROP INDEX p3_title;
