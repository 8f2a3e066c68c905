-- The concept lexicon (问题概念词表) that judges rebounds by meaning is kept in editions like the
-- 问题库: an office imports its own phrasings as a whole file, earlier editions stay. Both kinds
-- share the table; an edition counts its entries (typical problems or concepts).
ALTER TABLE library_edition RENAME COLUMN problem_count TO entry_count;
ALTER TABLE library_edition ADD COLUMN kind TEXT NOT NULL DEFAULT 'typical';
DROP INDEX library_edition_number;
CREATE UNIQUE INDEX library_edition_number ON library_edition(COALESCE(committee_id, 0), kind, number);
