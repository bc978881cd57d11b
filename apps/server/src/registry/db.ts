import Database from 'better-sqlite3';
import { ServerError } from '../errors.js';
import { migrationSql, migrations } from './migrations.js';

export type Db = Database.Database;

/** Opens (creating if needed) the registry database and brings its schema up to date. */
export function openDatabase(file: string): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new ServerError('STATE_DIR', `cannot open the run registry ${file}: ${(err as Error).message}`, { cause: err });
  }
  // WAL keeps readers (list/get) off the writer's back; NORMAL sync is durable across process crashes,
  // which is the failure this registry must survive (power loss may drop the last transactions).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new ServerError(
      'STATE_DIR',
      `the run registry has schema version ${current}, newer than this server knows (${migrations.length}); upgrade aelab`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v]!;
    const sql = migrationSql(m);
    const keysOff = typeof m !== 'string' && m.foreignKeysOff;
    // The pragma is a no-op inside a transaction, so it is switched around it.
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (keysOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new ServerError('STATE_DIR', `migration ${v + 1} of the run registry left ${broken.length} broken references`);
        }
        db.pragma(`user_version = ${v + 1}`);
      })();
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
  }
}
