DROP INDEX p4_title;
