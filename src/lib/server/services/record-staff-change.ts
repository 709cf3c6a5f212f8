import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { appendAuditEvent, type AuditEventInput } from '../db/repositories/audit-repository';
import type { Database } from '../db/schema';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

/** The clock and the request a staff member's change is recorded with. */
export interface StaffChangeContext {
	now: Temporal.Instant;
	request?: RequestMeta;
}

/**
 * Records a change a signed-in staff member made (a setting, an article, hours), with the
 * staff member as the actor and the request it came with, in the caller's transaction so the
 * event exists exactly when the change does.
 */
export async function recordStaffChange(
	trx: Kysely<Database>,
	staff: StaffActor,
	context: StaffChangeContext,
	change: Pick<AuditEventInput, 'action' | 'subject' | 'before' | 'after'>
): Promise<void> {
	await appendAuditEvent(trx, {
		at: context.now,
		actor: staffAuditActor(staff),
		...change,
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
}
