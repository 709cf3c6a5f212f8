import type { Kysely } from 'kysely';
import type { IdentityNotice } from '$lib/domain/patients/identity-notice';
import type { Temporal } from 'temporal-polyfill';
import { formatCalendarDate } from '$lib/domain/clinic/dates';
import {
	emailOwnershipDecisions,
	mergeRefusal,
	normalizeEmail
} from '$lib/domain/patients/identity-match';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent, type AuditEventInput } from '../db/repositories/audit-repository';
import {
	findIdentityDetails,
	findIdentityRecord,
	findRecordsOfEmail,
	listRecordsMatching,
	lockPatientIdentity,
	markConfirmed,
	markKeptApart,
	markMerged
} from '../db/repositories/patient-identity-repository';
import { findPatient } from '../db/repositories/patient-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';

/*
 * Which records are one person (issue 12, ADR 0029). An online booking whose name and email
 * are those of a patient makes an unconfirmed record pointing at that patient; it joins the
 * patient's record when its inbox is proven (`confirmEmailOwnership`) or when staff merge it,
 * and stays a record of its own when staff keep them apart. Nothing is rewritten: the
 * append-only tables keep their rows, and `patientRecordIds` makes the reads of a patient's
 * record include the records merged into it.
 */

/** Who decides, as the audit log and the record name them. */
export interface IdentityContext {
	now: Temporal.Instant;
	actor: AuditEventInput['actor'];
	request?: RequestMeta;
}

/** The actor of decisions made because someone followed a link sent to the email on record. */
export const emailLinkActor: AuditEventInput['actor'] = {
	type: 'patient',
	label: 'patient (by email link)'
};

export type MergeResult = { kind: 'merged' } | { kind: 'refused'; message: string };

/**
 * Joins the unconfirmed record `fromPatientId` into the confirmed record `intoPatientId`, in
 * the caller's transaction, audited with both records' identity before and after. Nothing
 * else changes: the merged record's appointments, forms, signatures and answers keep their
 * rows and are read as part of `intoPatientId` from now on (`patientRecordIds`).
 */
export async function mergePatientRecords(
	trx: Kysely<Database>,
	records: { fromPatientId: number; intoPatientId: number },
	context: IdentityContext
): Promise<MergeResult> {
	const from = await findIdentityRecord(trx, records.fromPatientId);
	if (from) await lockPatientIdentity(trx, from.emailNormalized);
	const [fromNow, into] = await Promise.all([
		findIdentityRecord(trx, records.fromPatientId),
		findIdentityRecord(trx, records.intoPatientId)
	]);
	const refusal = mergeRefusal(fromNow, into);
	if (refusal || !fromNow || !into) return { kind: 'refused', message: refusal ?? '' };
	const merged = await markMerged(trx, fromNow.id, into.id, {
		by: context.actor.label,
		at: context.now
	});
	if (!merged) return { kind: 'refused', message: 'This record has been decided already.' };
	const before = { status: fromNow.status, possibleMatchId: fromNow.possibleMatchId };
	const after = { status: fromNow.status, mergedIntoId: into.id };
	for (const patientId of [into.id, fromNow.id]) {
		await appendAuditEvent(trx, {
			at: context.now,
			actor: context.actor,
			action: 'patient.merge',
			patientId,
			subject: { type: 'patient', id: fromNow.id },
			before,
			after,
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
	}
	return { kind: 'merged' };
}

export type KeepApartResult = { kind: 'kept_apart' } | { kind: 'refused'; message: string };

/**
 * The staff decision that an unconfirmed record is not the person it matched: its possible
 * match is cleared (audited) and it stays a record of its own, unconfirmed until its inbox is
 * proven. A later proof of the inbox confirms it and never merges it (ADR 0029).
 */
export async function keepPatientRecordsApart(
	trx: Kysely<Database>,
	records: { patientId: number },
	context: IdentityContext
): Promise<KeepApartResult> {
	const record = await findIdentityRecord(trx, records.patientId);
	if (!record) return { kind: 'refused', message: 'This record no longer exists.' };
	await lockPatientIdentity(trx, record.emailNormalized);
	const kept = await markKeptApart(trx, record.id, { by: context.actor.label, at: context.now });
	if (!kept) return { kind: 'refused', message: 'This record has been decided already.' };
	await appendAuditEvent(trx, {
		at: context.now,
		actor: context.actor,
		action: 'patient.kept_apart',
		patientId: record.id,
		subject: { type: 'patient', id: record.id },
		before: { status: record.status, possibleMatchId: record.possibleMatchId },
		after: { status: record.status, possibleMatchId: null },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return { kind: 'kept_apart' };
}

/** What proving an inbox decided. */
export interface EmailOwnershipResult {
	/** Records joined to their possible match: [from, into]. */
	merged: [number, number][];
	/** Records without a match that are now confirmed. */
	confirmed: number[];
	/** Records whose possible match has another email now: staff decide. */
	leftForStaff: number[];
}

/**
 * Called when someone proves they control the inbox `emailNormalized` (they followed a link
 * sent to it: an emailed manage link, the patient sign-in). Every unconfirmed record with that
 * email whose possible match has the same email is merged into it; an unconfirmed record with
 * no match (kept apart by staff, or whose match is gone) becomes confirmed. Each decision is
 * audited with the actor "patient (by email link)". Runs in the caller's transaction; calling
 * it again decides nothing new (it is idempotent).
 *
 * @param trx a transaction (or the database, for a single call outside one)
 * @param inbox the email whose control was proven; normalized again here
 * @param context the time, and the request's address for the audit log
 */
export async function confirmEmailOwnership(
	trx: Kysely<Database>,
	inbox: { emailNormalized: string },
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<EmailOwnershipResult> {
	const email = normalizeEmail(inbox.emailNormalized);
	const result: EmailOwnershipResult = { merged: [], confirmed: [], leftForStaff: [] };
	if (!email) return result;
	await lockPatientIdentity(trx, email);
	const decisions = emailOwnershipDecisions(email, await findRecordsOfEmail(trx, email));
	const identity: IdentityContext = { ...context, actor: emailLinkActor };
	for (const decision of decisions) {
		if (decision.kind === 'merge') {
			const merged = await mergePatientRecords(
				trx,
				{ fromPatientId: decision.recordId, intoPatientId: decision.intoId },
				identity
			);
			if (merged.kind === 'merged') result.merged.push([decision.recordId, decision.intoId]);
		} else if (decision.kind === 'confirm') {
			if (
				await markConfirmed(trx, decision.recordId, { by: emailLinkActor.label, at: context.now })
			) {
				await appendAuditEvent(trx, {
					at: context.now,
					actor: emailLinkActor,
					action: 'patient.identity_confirmed',
					patientId: decision.recordId,
					subject: { type: 'patient', id: decision.recordId },
					before: { status: 'unconfirmed' },
					after: { status: 'confirmed' },
					ip: context.request?.ip,
					requestId: context.request?.requestId
				});
				result.confirmed.push(decision.recordId);
			}
		} else {
			result.leftForStaff.push(decision.recordId);
		}
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// Staff pages

/**
 * The identity notice for a record, for staff who see contact details: its possible match
 * (name, email, patient since), or the record it was merged into. Null otherwise.
 */
export async function loadIdentityNotice(
	db: Kysely<Database>,
	patientId: number,
	staff: StaffActor
): Promise<IdentityNotice> {
	if (!can(staff, 'patients.contact')) return null;
	const details = await findIdentityDetails(db, patientId);
	if (!details) return null;
	if (details.mergedInto) return { kind: 'merged', into: details.mergedInto };
	if (details.status !== 'unconfirmed' || !details.possibleMatch) return null;
	const { timeZone } = await loadClinicZone(db);
	return {
		kind: 'possible_match',
		patientId,
		match: {
			id: details.possibleMatch.id,
			name: details.possibleMatch.name,
			email: details.possibleMatch.email,
			since: formatCalendarDate(
				details.possibleMatch.since.toZonedDateTimeISO(timeZone).toPlainDate().toString()
			)
		},
		canDecide: can(staff, 'patients.clinical')
	};
}

/** Online bookings waiting with this patient as their possible match (the patient page). */
export async function loadWaitingMatches(
	db: Kysely<Database>,
	patientId: number,
	staff: StaffActor
) {
	if (!can(staff, 'patients.contact')) return [];
	const [records, { timeZone }] = await Promise.all([
		listRecordsMatching(db, patientId),
		loadClinicZone(db)
	]);
	return records.map((record) => ({
		id: record.id,
		name: record.name,
		email: record.email,
		since: formatCalendarDate(record.since.toZonedDateTimeISO(timeZone).toPlainDate().toString())
	}));
}

export type StaffIdentityResult =
	| { kind: 'merged'; intoPatientId: number }
	| { kind: 'kept_apart' }
	| { kind: 'forbidden' }
	| { kind: 'refused'; message: string };

/**
 * The staff's decision on an unconfirmed record from its notice: "merge" joins it to its
 * possible match, "apart" keeps them apart. Clinical roles only (it joins health records),
 * one transaction with the audit entries.
 */
export async function decidePatientIdentity(
	db: Kysely<Database>,
	decision: { patientId: number; decision: string; matchId: number | null },
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<StaffIdentityResult> {
	if (!can(staff, 'patients.clinical')) return { kind: 'forbidden' };
	const identity: IdentityContext = { ...context, actor: staffAuditActor(staff) };
	return transactionWithRetry(db, async (trx): Promise<StaffIdentityResult> => {
		const record = await findIdentityRecord(trx, decision.patientId);
		const patient = await findPatient(trx, decision.patientId);
		if (!record || !patient) return { kind: 'refused', message: 'This record no longer exists.' };
		// The form names the match it showed: a match that changed since is not decided blind.
		if (record.possibleMatchId === null || record.possibleMatchId !== decision.matchId) {
			return {
				kind: 'refused',
				message: 'This record has been decided already, or its possible match changed.'
			};
		}
		if (decision.decision === 'merge') {
			const intoPatientId = record.possibleMatchId;
			const merged = await mergePatientRecords(
				trx,
				{ fromPatientId: record.id, intoPatientId },
				identity
			);
			return merged.kind === 'merged' ? { kind: 'merged', intoPatientId } : merged;
		}
		if (decision.decision === 'apart') {
			return keepPatientRecordsApart(trx, { patientId: record.id }, identity);
		}
		return { kind: 'refused', message: 'Please choose merge or keep apart.' };
	});
}
