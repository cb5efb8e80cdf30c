import type { Knex } from 'knex';
import type { Db } from './knex';

/**
 * The database side of a backup: every table as JSON lines, written and read by PostgreSQL
 * itself (row_to_json and json_populate_recordset), so dates, timestamps, exact numerics,
 * arrays and JSON columns come back exactly as they were, on both backends.
 */

/** Tables a backup leaves out: the migrator's own, and state that only matters while a process runs. */
// PDFs asked for in the background (pdf_renders) are kept a day and can be asked for again: not backed up.
const TRANSIENT_TABLES = new Set(['knex_migrations', 'knex_migrations_lock', 'sessions', 'rate_limits', 'pdf_renders']);

const ROWS_PER_FETCH = 1000;

export interface TableInfo {
  name: string;
  /** Primary key columns: rows are written in this order, so a backup of the same data is the same file. */
  orderBy: string[];
}

/** The tables to back up, parents before children (so a restore satisfies every foreign key as it goes). */
export async function backupTables(db: Db | Knex.Transaction): Promise<TableInfo[]> {
  const tables = (await db.raw<{ rows: { name: string }[] }>('select tablename as name from pg_tables where schemaname = current_schema() order by tablename')).rows
    .map((row) => row.name)
    .filter((name) => !TRANSIENT_TABLES.has(name));
  const references = (
    await db.raw<{ rows: { child: string; parent: string }[] }>(
      `select c.relname as child, p.relname as parent
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`,
    )
  ).rows;
  const keys = (
    await db.raw<{ rows: { name: string; column: string }[] }>(
      `select c.relname as name, a.attname as column
       from pg_index i join pg_class c on c.oid = i.indrelid
       join lateral unnest(i.indkey) with ordinality as key(attnum, position) on true
       join pg_attribute a on a.attrelid = c.oid and a.attnum = key.attnum
      where i.indisprimary and c.relnamespace = current_schema()::regnamespace
      order by c.relname, key.position`,
    )
  ).rows;
  return parentsFirst(tables, references).map((name) => ({ name, orderBy: keys.filter((key) => key.name === name).map((key) => key.column) }));
}

/** Orders tables so that each comes after the tables its foreign keys point to (a self-reference is left to row order). */
function parentsFirst(tables: string[], references: { child: string; parent: string }[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const place = (table: string, path: string[]) => {
    if (placed.has(table)) return;
    if (path.includes(table)) throw new Error(`Tables refer to each other in a cycle: ${[...path, table].join(' → ')}`);
    for (const { parent } of references.filter((reference) => reference.child === table && reference.parent !== table)) place(parent, [...path, table]);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) place(table, []);
  return ordered.filter((table) => tables.includes(table));
}

/** Reads one table as JSON text, one row at a time in primary-key order, through a cursor (never the whole table in memory). */
export async function dumpTable(trx: Knex.Transaction, table: TableInfo, onRows: (lines: string[]) => Promise<void>): Promise<void> {
  const order = table.orderBy.length ? ` order by ${table.orderBy.map(() => '??').join(', ')}` : '';
  await trx.raw(`declare backup_rows no scroll cursor for select row_to_json(t)::text as line from ?? as t${order}`, [table.name, ...table.orderBy]);
  try {
    for (;;) {
      const { rows } = await trx.raw<{ rows: { line: string }[] }>(`fetch ${ROWS_PER_FETCH} from backup_rows`);
      if (!rows.length) break;
      await onRows(rows.map((row) => row.line));
    }
  } finally {
    await trx.raw('close backup_rows');
  }
}

/** Inserts rows written by dumpTable (a batch of JSON texts) into a table of the same shape. */
export async function loadRows(trx: Knex.Transaction, table: string, lines: string[]): Promise<void> {
  if (!lines.length) return;
  await trx.raw('insert into ?? select * from json_populate_recordset(null::??, ?::json)', [table, table, `[${lines.join(',')}]`]);
}

/** Empties the given tables (a new instance's own bookkeeping rows) before a restore fills them. */
export async function emptyTables(trx: Knex.Transaction, tables: string[]): Promise<void> {
  if (tables.length) await trx.raw(`truncate ${tables.map(() => '??').join(', ')} cascade`, tables);
}

/**
 * Turns the app's own triggers (such as the portfolio revision counters) off or on for a
 * restore, so rows come back as they were and are not counted as new changes. Foreign keys
 * stay checked: they are system triggers, untouched by this. Needs only table ownership.
 */
export async function setUserTriggers(trx: Knex.Transaction, tables: string[], enabled: boolean): Promise<void> {
  for (const table of tables) await trx.raw(`alter table ?? ${enabled ? 'enable' : 'disable'} trigger user`, [table]);
}

/** Sets every id sequence past the largest id restored, so the next row gets a new id. */
export async function resetSequences(trx: Knex.Transaction, tables: string[]): Promise<void> {
  const serials = (
    await trx.raw<{ rows: { table: string; column: string; sequence: string }[] }>(
      `select table_name as table, column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
       from information_schema.columns
      where table_schema = current_schema() and column_default like 'nextval(%'`,
    )
  ).rows.filter((serial) => serial.sequence && tables.includes(serial.table));
  for (const serial of serials) {
    await trx.raw('select setval(?::regclass, coalesce((select max(??) from ??), 0) + 1, false)', [serial.sequence, serial.column, serial.table]);
  }
}

/** How many rows a table holds. */
export async function countRows(db: Db | Knex.Transaction, table: string): Promise<number> {
  const row = (await db(table).count<{ count: number }[]>({ count: '*' }))[0];
  return Number(row?.count ?? 0);
}

/** Every stored file a row refers to: uploaded evidence, and what submissions keep (their evidence and PDF). */
export async function referencedEvidence(db: Db | Knex.Transaction): Promise<string[]> {
  const rows = await db.raw<{ rows: { sha256: string }[] }>('select sha256 from evidence_files union select sha256 from submission_files order by sha256');
  return rows.rows.map((row) => row.sha256);
}

/** Migration names the database has run, oldest first, without their file extension (.ts from source, .js once built). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const [completed] = (await db.migrate.list()) as [({ name: string } | string)[], unknown[]];
  return completed.map((entry) => withoutExtension(typeof entry === 'string' ? entry : entry.name));
}

/** Every migration this version of the app knows, oldest first, without extension. */
export async function knownMigrations(db: Db): Promise<string[]> {
  const [completed, pending] = (await db.migrate.list()) as [({ name: string } | string)[], ({ file: string } | string)[]];
  const names = [...completed.map((entry) => (typeof entry === 'string' ? entry : entry.name)), ...pending.map((entry) => (typeof entry === 'string' ? entry : entry.file))];
  return names.map(withoutExtension).sort();
}

/** Undoes the newest migration (on an empty database, to match an older backup's schema). */
export async function undoLastMigration(db: Db): Promise<void> {
  await db.migrate.down();
}

const withoutExtension = (name: string) => name.replace(/\.(ts|js)$/, '');
