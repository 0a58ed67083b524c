-- After an evaluation the tender's agency and the supervisor rate each expert who sat
-- (punctuality, diligence, fairness, 1–5, and a note): kept for the centre's admins and
-- the expert, once per rater, expert and draw.
CREATE TABLE expert_ratings (
    id TEXT PRIMARY KEY,
    draw_id TEXT NOT NULL,
    expert TEXT NOT NULL,
    rater TEXT NOT NULL,
    rater_role TEXT NOT NULL,
    punctuality INTEGER NOT NULL,
    diligence INTEGER NOT NULL,
    fairness INTEGER NOT NULL,
    note TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE UNIQUE INDEX expert_ratings_once ON expert_ratings (draw_id, expert, rater);
CREATE INDEX expert_ratings_expert ON expert_ratings (expert, at);
