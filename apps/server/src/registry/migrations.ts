/**
 * A migration that rebuilds a table must run with foreign keys off: dropping the old table would otherwise cascade
 * into every row that references it. The foreign keys are checked before it commits.
 */
export interface Migration {
  sql: string;
  foreignKeysOff: true;
}

export function migrationSql(m: string | Migration): string {
  return typeof m === 'string' ? m : m.sql;
}

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit a shipped entry:
 * append a new one.
 */
export const migrations: readonly (string | Migration)[] = [
  `
  CREATE TABLE runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL,
    name TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    dataset TEXT NOT NULL,
    model TEXT NOT NULL,
    seed INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    attempt INTEGER NOT NULL DEFAULT 0,
    resume INTEGER NOT NULL DEFAULT 0,
    progress TEXT,
    metrics TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    checkpoint TEXT,
    error_code TEXT,
    error_message TEXT
  );
  CREATE INDEX runs_status ON runs (status, seq);
  CREATE INDEX runs_dataset ON runs (dataset, seq);
  CREATE INDEX runs_model ON runs (model, seq);
  CREATE INDEX runs_key ON runs (key);

  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    time TEXT NOT NULL,
    type TEXT NOT NULL,
    kind TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX events_run ON events (run_id, seq);
  CREATE INDEX events_run_kind ON events (run_id, kind, seq);

  CREATE TABLE artifacts (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    PRIMARY KEY (run_id, path)
  );
  `,
  // 2: nested runs. An experiment is a parent run; each of its jobs is a child run (deleted with it).
  `
  ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'training' CHECK (kind IN ('training', 'experiment', 'job'));
  ALTER TABLE runs ADD COLUMN parent_id TEXT REFERENCES runs (id) ON DELETE CASCADE;
  ALTER TABLE runs ADD COLUMN experiment TEXT;
  ALTER TABLE runs ADD COLUMN options TEXT;
  ALTER TABLE runs ADD COLUMN job_key TEXT;
  ALTER TABLE runs ADD COLUMN planned INTEGER;
  ALTER TABLE runs ADD COLUMN tables TEXT;
  CREATE UNIQUE INDEX runs_parent_job ON runs (parent_id, job_key) WHERE parent_id IS NOT NULL;
  CREATE INDEX runs_top_level ON runs (parent_id, seq);
  `,
  // 3: queue mode. The worker holding a run, and the lease that its progress and results must carry.
  `
  ALTER TABLE runs ADD COLUMN worker TEXT;
  ALTER TABLE runs ADD COLUMN lease TEXT;
  `,
  // 4: queue mode, exactly once. The last progress batch applied under the current lease: a worker that resends a
  // batch (the server died before answering) is answered without applying it twice.
  `
  ALTER TABLE runs ADD COLUMN report_seq INTEGER NOT NULL DEFAULT 0;
  `,
  // 5: sweeps. A sweep is a parent run of kind 'sweep'; its children are training runs. SQLite cannot change a
  // CHECK constraint in place, so the table is rebuilt (the documented 12-step way) with the same columns.
  {
    foreignKeysOff: true,
    sql: `
  CREATE TABLE runs_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL,
    name TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    dataset TEXT NOT NULL,
    model TEXT NOT NULL,
    seed INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    attempt INTEGER NOT NULL DEFAULT 0,
    resume INTEGER NOT NULL DEFAULT 0,
    progress TEXT,
    metrics TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    checkpoint TEXT,
    error_code TEXT,
    error_message TEXT,
    kind TEXT NOT NULL DEFAULT 'training' CHECK (kind IN ('training', 'experiment', 'job', 'sweep')),
    parent_id TEXT REFERENCES runs (id) ON DELETE CASCADE,
    experiment TEXT,
    options TEXT,
    job_key TEXT,
    planned INTEGER,
    tables TEXT,
    worker TEXT,
    lease TEXT,
    report_seq INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO runs_new (seq, id, key, name, status, dataset, model, seed, config, created_at, started_at, finished_at, attempt, resume,
    progress, metrics, result, checkpoint, error_code, error_message, kind, parent_id, experiment, options, job_key, planned, tables, worker, lease, report_seq)
  SELECT seq, id, key, name, status, dataset, model, seed, config, created_at, started_at, finished_at, attempt, resume,
    progress, metrics, result, checkpoint, error_code, error_message, kind, parent_id, experiment, options, job_key, planned, tables, worker, lease, report_seq
  FROM runs;
  DROP TABLE runs;
  ALTER TABLE runs_new RENAME TO runs;
  CREATE INDEX runs_status ON runs (status, seq);
  CREATE INDEX runs_dataset ON runs (dataset, seq);
  CREATE INDEX runs_model ON runs (model, seq);
  CREATE INDEX runs_key ON runs (key);
  CREATE UNIQUE INDEX runs_parent_job ON runs (parent_id, job_key) WHERE parent_id IS NOT NULL;
  CREATE INDEX runs_top_level ON runs (parent_id, seq);
  `,
  },
];
