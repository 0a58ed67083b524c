-- The expert draw (专家抽取): each request with the server's secret (kept until the
-- reveal) and its commitment, the supervisor's entropy, every round (the draw and each
-- supplementary draw 补抽) with its checkpoint, pools and result, and every seat with the
-- expert's answer. Nothing is deleted; a new round extends the history.
CREATE TABLE draws (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    centre TEXT NOT NULL,
    tenderer TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    request TEXT NOT NULL,
    secret TEXT NOT NULL,
    commitment TEXT NOT NULL,
    commit_index BIGINT NOT NULL,
    status TEXT NOT NULL,
    entropy TEXT,
    supervisor TEXT,
    entropy_index BIGINT,
    deadline_checked INTEGER NOT NULL,
    revealed_at BIGINT,
    reveal_index BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX draws_tender ON draws (tender_id);
CREATE TABLE draw_rounds (
    draw_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    reason TEXT NOT NULL,
    trigger_index BIGINT NOT NULL,
    checkpoint_size BIGINT NOT NULL,
    checkpoint_root TEXT NOT NULL,
    checkpoint_note TEXT NOT NULL,
    groups TEXT NOT NULL,
    pools TEXT NOT NULL,
    avoided TEXT NOT NULL,
    result_hash TEXT,
    shortfall TEXT NOT NULL,
    log_index BIGINT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (draw_id, round)
);
CREATE TABLE draw_seats (
    id TEXT PRIMARY KEY,
    draw_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    position INTEGER NOT NULL,
    grp TEXT NOT NULL,
    expert TEXT NOT NULL,
    state TEXT NOT NULL,
    answer_by BIGINT NOT NULL,
    answered_at BIGINT,
    reason TEXT,
    drawn_at BIGINT NOT NULL
);
CREATE INDEX draw_seats_draw ON draw_seats (draw_id, round, position);
CREATE INDEX draw_seats_expert ON draw_seats (expert, drawn_at);
CREATE TABLE draw_settings (
    centre TEXT PRIMARY KEY,
    max_draws INTEGER NOT NULL,
    window_days INTEGER NOT NULL,
    same_tenderer_days INTEGER NOT NULL,
    agency_may_request INTEGER NOT NULL
);
