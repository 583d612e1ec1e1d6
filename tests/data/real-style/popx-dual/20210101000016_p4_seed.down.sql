DELETE FROM p4 WHERE title = 'x;y';
