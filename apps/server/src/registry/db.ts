import Database from 'better-sqlite3';
import { ServerError } from '../errors.js';
import { migrations } from './migrations.js';

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
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
