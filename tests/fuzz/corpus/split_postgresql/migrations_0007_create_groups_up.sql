-- "groups" is a keyword (window frames), so it is always quoted.
CREATE TABLE "groups" (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    description TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
