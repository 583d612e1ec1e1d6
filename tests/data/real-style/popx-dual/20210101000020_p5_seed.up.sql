-- ; and 'quotes' in a comment
INSERT INTO p5 (title, body) VALUES ('x;y', 'it''s');
