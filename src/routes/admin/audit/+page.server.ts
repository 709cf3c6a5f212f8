import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadAuditLog } from '$lib/server/services/audit-log';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const query = url.searchParams;
	const log = await loadAuditLog(
		db(),
		{
			person: query.get('person'),
			patient: query.get('patient'),
			from: query.get('from'),
			to: query.get('to')
		},
		locals.staff,
		{
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		}
	);
	if (log.kind === 'forbidden') error(403, 'Only the owner can read the audit log');
	return log;
};
