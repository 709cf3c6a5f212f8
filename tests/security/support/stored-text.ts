// What the fuzzing suites require of everything the application stores: every text value in
// every table is valid UTF-8 and free of characters that are never part of a person's words
// (docs/reliability.md, "Bad input and attacks"):
//   - C0 control characters other than TAB, LF and CR, and DEL;
//   - C1 control characters (U+0080 to U+009F);
//   - unpaired surrogates (SQLite would store them as invalid UTF-8; PostgreSQL's driver
//     would silently turn them into U+FFFD);
//   - the noncharacters U+FFFE and U+FFFF.
// NUL is the one that matters most: PostgreSQL refuses it in text outright (SQLSTATE 22021),
// so a NUL that SQLite keeps is a 500 on PostgreSQL. Text that holds JSON is read as JSON and
// its strings are held to the same rule, so an escaped "\u0000" does not slip through.
// Bidirectional controls (U+202A-U+202E, U+2066-U+2069) are allowed: right-to-left names need
// them, and the pages escape and isolate them.
import Database from 'better-sqlite3';
import { join } from 'node:path';

// eslint-disable-next-line no-control-regex -- these are exactly what the rule is about
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff\ud800-\udfff]/u;

/** The first forbidden character of `text`, described, or null. */
export function forbiddenCharacter(text: string): string | null {
	// With the `u` flag a surrogate pair is one code point, so only unpaired halves match.
	const match = forbidden.exec(text);
	if (!match) return null;
	const code = match[0].codePointAt(0) ?? 0;
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${match.index}`;
}

function* stringsIn(value: unknown): Generator<string> {
	if (typeof value === 'string') yield value;
	else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
	else if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			yield key;
			yield* stringsIn(item);
		}
	}
}

export interface StoredTextProblem {
	table: string;
	column: string;
	rowid: number;
	problem: string;
	sample: string;
}

export interface StoredTextReport {
	tables: number;
	values: number;
	problems: StoredTextProblem[];
	rowCounts: Record<string, number>;
}

/** Reads every text value of the SQLite database in `dataDir` (read-only) and checks it. */
export function scanStoredText(dataDir: string): StoredTextReport {
	const db = new Database(join(dataDir, 'clinic.sqlite'), { readonly: true, fileMustExist: true });
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const problems: StoredTextProblem[] = [];
	const rowCounts: Record<string, number> = {};
	let values = 0;
	try {
		const tables = db
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
			.pluck()
			.all() as string[];
		for (const table of tables) {
			rowCounts[table] = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
			const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[];
			for (const { name: column } of columns) {
				const rows = db
					.prepare(
						`SELECT rowid AS rowid, CAST("${column}" AS BLOB) AS bytes FROM "${table}" WHERE typeof("${column}") = 'text'`
					)
					.all() as { rowid: number; bytes: Buffer }[];
				for (const { rowid, bytes } of rows) {
					values++;
					let text: string;
					try {
						text = decoder.decode(bytes);
					} catch {
						problems.push({
							table,
							column,
							rowid,
							problem: 'not valid UTF-8',
							sample: bytes.toString('hex').slice(0, 80)
						});
						continue;
					}
					const direct = forbiddenCharacter(text);
					if (direct) {
						problems.push({
							table,
							column,
							rowid,
							problem: direct,
							sample: JSON.stringify(text.slice(0, 80))
						});
						continue;
					}
					const trimmed = text.trimStart();
					if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
						let parsed: unknown;
						try {
							parsed = JSON.parse(text);
						} catch {
							continue;
						}
						for (const inner of stringsIn(parsed)) {
							const nested = forbiddenCharacter(inner);
							if (nested) {
								problems.push({
									table,
									column,
									rowid,
									problem: `${nested} inside JSON`,
									sample: JSON.stringify(inner.slice(0, 80))
								});
								break;
							}
						}
					}
				}
			}
		}
		return { tables: tables.length, values, problems, rowCounts };
	} finally {
		db.close();
	}
}

/** Row counts that changed between two scans, as `table: before -> after`. */
export function changedCounts(
	before: Record<string, number>,
	after: Record<string, number>
): string[] {
	return Object.keys({ ...before, ...after })
		.sort()
		.filter((table) => (before[table] ?? 0) !== (after[table] ?? 0))
		.map((table) => `${table}: ${before[table] ?? 0} -> ${after[table] ?? 0}`);
}

/** Problems as readable lines for an assertion message. */
export function describeProblems(problems: StoredTextProblem[], limit = 30): string {
	return problems
		.slice(0, limit)
		.map((p) => `${p.table}.${p.column} row ${p.rowid}: ${p.problem}: ${p.sample}`)
		.join('\n');
}
