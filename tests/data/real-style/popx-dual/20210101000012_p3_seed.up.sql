-- ; and 'quotes' in a comment
INSERT INTO p3 (title, body) VALUES ('x;y', 'it''s');
