-- The county committee whose jurisdiction an inspection lies in: the nearest organisation of
-- kind county_committee at or above its target. An office, leader or supervisor working under a
-- committee sees only that committee's inspections (one database may serve many counties).
ALTER TABLE inspection ADD COLUMN committee_id BIGINT REFERENCES organisation(id);
WITH RECURSIVE up(inspection_id, org_id, kind, parent_id, depth) AS (
    SELECT i.id, o.id, o.kind, o.parent_id, 0
    FROM inspection i JOIN organisation o ON o.id = i.target_org_id
    UNION ALL
    SELECT up.inspection_id, o.id, o.kind, o.parent_id, up.depth + 1
    FROM up JOIN organisation o ON o.id = up.parent_id
    WHERE up.kind <> 'county_committee' AND up.depth < 64
)
UPDATE inspection SET committee_id = (
    SELECT up.org_id FROM up
    WHERE up.inspection_id = inspection.id AND up.kind = 'county_committee'
    ORDER BY up.depth LIMIT 1
);
CREATE INDEX inspection_committee ON inspection(committee_id);
