-- ; and 'quotes' in a comment
INSERT INTO p4 (title, body) VALUES ('x;y', 'it''s');
