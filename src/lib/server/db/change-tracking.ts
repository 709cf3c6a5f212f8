/*
 * Which requests changed something a visitor can see. The response cache in front of the
 * application (ADR 0026) used to forget everything after any form post, even a refused one,
 * so a handful of invalid posts a second emptied it for everyone. Now a request is watched
 * while it runs: a statement that writes to a table a shared page may read marks it, and only
 * a marked request empties the cache (ADR 0039).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AliasNode, TableNode } from 'kysely';
import type {
	KyselyPlugin,
	OperationNode,
	PluginTransformQueryArgs,
	PluginTransformResultArgs,
	QueryResult,
	RootOperationNode,
	UnknownRow
} from 'kysely';

/**
 * Tables that no shared page reads: what a refused or rate-limited post, a sign-in or a sent
 * email writes. A write anywhere else (including a table added later) counts as a change.
 */
const unseenTables: ReadonlySet<string> = new Set([
	'rate_limit_event',
	'audit_event',
	'outbox_message',
	'idempotency_key',
	'staff_session',
	'staff_verification',
	'staff_totp_step',
	'patient_sign_in_link',
	'patient_session',
	'emailed_link',
	'anonymous_screening',
	'import_draft',
	'backup_run',
	'kiosk_token'
]);

interface Watch {
	changed: boolean;
}

const watches = new AsyncLocalStorage<Watch>();

/**
 * Runs `work` (one request) and reports whether it wrote to a table a shared page may read.
 * Writes made outside any watched request are not reported (nothing asks for them).
 */
export async function watchChanges<T>(
	work: () => Promise<T>
): Promise<{ result: T; changed: boolean }> {
	const watch: Watch = { changed: false };
	const result = await watches.run(watch, work);
	return { result, changed: watch.changed };
}

/** The table names a write statement targets; null when it is not a write we can read. */
export function writtenTables(node: RootOperationNode): string[] | null {
	switch (node.kind) {
		case 'InsertQueryNode':
			return node.into ? [tableName(node.into)] : null;
		case 'UpdateQueryNode':
		case 'DeleteQueryNode': {
			const from =
				node.kind === 'UpdateQueryNode'
					? node.table
						? [node.table]
						: []
					: (node.from?.froms ?? []);
			return from.map(tableName);
		}
		case 'RawNode': {
			// Raw statements name no table we can trust: a write among them counts as a change.
			const text = node.sqlFragments.join(' ');
			return /^\s*(insert|update|delete|with|merge|truncate)\b/i.test(text) ? ['(raw)'] : [];
		}
		default:
			return [];
	}
}

function tableName(node: OperationNode): string {
	if (TableNode.is(node)) return node.table.identifier.name;
	if (AliasNode.is(node)) return tableName(node.node);
	return '(unknown)';
}

/** The query-builder plugin that marks the watched request when a statement writes. */
export const changeTrackingPlugin: KyselyPlugin = {
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		const watch = watches.getStore();
		if (watch && !watch.changed) {
			const tables = writtenTables(args.node);
			if (tables === null || tables.some((table) => !unseenTables.has(table))) {
				watch.changed = true;
			}
		}
		return args.node;
	},
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
};
