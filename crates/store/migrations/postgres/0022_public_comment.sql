-- The public's verdict on a published disclosure (群众评价): a rating and/or a comment. Nothing
-- is shown until the office approves it. The receipt code is kept only as a hash (like a
-- tip's); a comment registered as a tip hands its hash to the tip, so the same code follows it.
CREATE TABLE public_comment (
    id            BIGSERIAL PRIMARY KEY,
    disclosure_id BIGINT NOT NULL REFERENCES disclosure(id),
    rating        TEXT,
    content       TEXT NOT NULL DEFAULT '',
    anonymous     BOOLEAN NOT NULL,
    receipt_hash  TEXT NOT NULL UNIQUE,
    -- A keyed digest of the sender's network address (with the audit key; '' without): the
    -- office sees repeats from one source, nobody can tell the address from it.
    source_tag    TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    received_on   DATE NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    decided_by    BIGINT REFERENCES app_user(id),
    decided_at    TIMESTAMPTZ,
    reject_reason TEXT NOT NULL DEFAULT '',
    answer        TEXT NOT NULL DEFAULT '',
    answered_by   BIGINT REFERENCES app_user(id),
    answered_at   TIMESTAMPTZ,
    tip_id        BIGINT REFERENCES tip(id),
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX public_comment_disclosure ON public_comment(disclosure_id, status);

-- The commenter's name and contact, apart from the comment (as a tipper's from the tip): no
-- query of comments can carry them by accident. Only a commenter who gave them has a row.
CREATE TABLE public_commenter (
    comment_id BIGINT PRIMARY KEY REFERENCES public_comment(id),
    name       TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT ''
);
