-- The county committee whose office plans a round: a county's office lists and plans its own
-- rounds only. Existing rounds take the committee their inspections lie in when they all lie in
-- one; a round without inspections, or spanning counties, keeps none (seen by accounts under no
-- committee only).
ALTER TABLE round ADD COLUMN committee_id BIGINT REFERENCES organisation(id);
UPDATE round SET committee_id = (
    SELECT MIN(i.committee_id) FROM inspection i WHERE i.round_id = round.id
)
WHERE (SELECT COUNT(DISTINCT i.committee_id) FROM inspection i WHERE i.round_id = round.id) = 1
  AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.round_id = round.id AND i.committee_id IS NULL);
CREATE INDEX round_committee ON round(committee_id);
