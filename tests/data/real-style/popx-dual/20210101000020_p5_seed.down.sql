DELETE FROM p5 WHERE title = 'x;y';
