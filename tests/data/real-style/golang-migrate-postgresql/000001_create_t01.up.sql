-- t01: don't split here; it's only a comment with 'quotes' and "doubles"
CREATE TABLE t01 (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    note text DEFAULT 'it''s; fine' /* a ; inside a block comment 'x' */
);
