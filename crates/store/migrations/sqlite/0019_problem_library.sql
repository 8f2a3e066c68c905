-- 问题库: editions of the library of typical problems, per county committee (NULL: a database
-- without counties). An office imports a new edition as a whole file; earlier editions stay, so
-- what a problem was classified by can be read again. With no edition stored, the shipped first
-- edition is in force.
CREATE TABLE library_edition (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    committee_id  INTEGER REFERENCES organisation(id),
    number        INTEGER NOT NULL,
    note          TEXT NOT NULL,
    source        TEXT NOT NULL,
    problem_count INTEGER NOT NULL,
    imported_by   INTEGER REFERENCES app_user(id),
    imported_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX library_edition_number ON library_edition(COALESCE(committee_id, 0), number);

-- The typical problem a problem falls under, as a person chose it (the team when drafting, the
-- office when correcting); NULL: as the library in force classifies its text.
ALTER TABLE problem ADD COLUMN typical_code TEXT;
ALTER TABLE problem ADD COLUMN typical_by INTEGER REFERENCES app_user(id);
ALTER TABLE problem ADD COLUMN typical_at TEXT;
