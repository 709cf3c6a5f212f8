import type { Kysely, Transaction } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	planAppointmentImport,
	type AppointmentImportPlan
} from '$lib/domain/import/appointment-rows';
import { guessMapping, importKinds, type ImportKind } from '$lib/domain/import/columns';
import { parseCsv, type Delimiter } from '$lib/domain/import/csv';
import {
	decodeCsvBytes,
	encodingChoices,
	type EncodingChoice,
	type FileEncoding
} from '$lib/domain/import/decode';
import { planPatientImport, type PatientImportPlan } from '$lib/domain/import/patient-rows';
import {
	mappingFingerprint,
	readPostedMapping,
	reviewImport,
	type ImportReview
} from '$lib/domain/import/review';
import { importTable, type ImportTable, type RowError } from '$lib/domain/import/table';
import { can } from '$lib/domain/staff/roles';
import { cleanText } from '$lib/domain/text/clean-text';
import {
	AppointmentOverlap,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { appendAuditEvent, appendAuditEvents } from '../db/repositories/audit-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import {
	deleteImportDraft,
	findImportDraft,
	insertImportDraft,
	insertImportedAppointments,
	insertImportedPatients,
	listBookedVisitsFrom,
	listKnownPatients,
	purgeExpiredImportDrafts
} from '../db/repositories/import-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listRooms } from '../db/repositories/room-repository';
import { lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { queueAppointmentEmail } from './appointment-emails';
import { appointmentSnapshot, staffAuditActor, type StaffActor } from './audit';
import { openDraft, readDraftToken, sealDraft } from './import-draft-seal';
import type { StaffChangeContext } from './record-staff-change';
import { newSecretToken } from './tokens';

/*
 * Moving in from another system (ADR 0035): the owner uploads a CSV file of patients or of
 * future appointments, maps its columns, reviews an error per row and the duplicates found,
 * and confirms. The import is one transaction that re-checks everything against the latest
 * data: it writes every row or none.
 */

/** The largest file accepted: below the server's request limit, so the page can say so. */
export const maxImportBytes = 400 * 1024;

/** How long an uploaded file is kept for its review and confirmation. */
export const importDraftMinutes = 60;

/** What the sealed draft holds: the parsed file, never the raw bytes. */
interface DraftContent {
	fileName: string;
	encoding: FileEncoding;
	delimiter: Delimiter;
	hadBom: boolean;
	headers: string[];
	rows: [number, string[]][];
	readErrors: RowError[];
}

/** A review shown on the page, with what the forms need to go on. */
export interface ImportStep {
	draft: string;
	fileName: string;
	encoding: FileEncoding;
	delimiter: Delimiter;
	hadBom: boolean;
	review: ImportReview;
	/** The count the owner confirms, carried by the confirm form. */
	expected: number;
	/** Set when a confirmation found the data changed since the review. */
	notice?: string;
}

export type ImportStepResult =
	| { kind: 'forbidden' }
	| { kind: 'invalid'; errors: Record<string, string> }
	| { kind: 'expired' }
	| { kind: 'review'; step: ImportStep };

export type ImportConfirmResult =
	| ImportStepResult
	| {
			kind: 'imported';
			importKind: ImportKind;
			created: number;
			skipped: number;
			emails: boolean;
	  };

export interface UploadedFile {
	name: string;
	size: number;
	bytes: Uint8Array;
}

/** What the import page shows before an upload: nothing of patients, only the clinic's setup. */
export async function loadImportPage(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	await purgeExpiredImportDrafts(db, now);
	const [locations, practitioners, services] = await Promise.all([
		listLocations(db),
		listPractitioners(db),
		listServices(db)
	]);
	return {
		kind: 'ok' as const,
		maxBytes: maxImportBytes,
		setup: {
			locations: locations.map(({ name, slug, timeZone }) => ({ name, slug, timeZone })),
			practitioners: practitioners.map(({ name, slug }) => ({ name, slug })),
			services: services.map(({ name, slug, durationMinutes }) => ({ name, slug, durationMinutes }))
		}
	};
}

/**
 * Reads an uploaded file, keeps it sealed for an hour, and reviews it with the guessed mapping.
 * Nothing of the clinic's data changes.
 */
export async function uploadImport(
	db: Kysely<Database>,
	input: { file: UploadedFile | null; kind: string; encoding: string },
	staff: StaffActor,
	context: StaffChangeContext
): Promise<ImportStepResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const errors: Record<string, string> = {};
	const kind = importKinds.find((entry) => entry === input.kind);
	if (!kind) errors.kind = 'Choose what the file holds: patients or appointments.';
	const encoding = encodingChoices.find((entry) => entry === input.encoding) ?? 'auto';
	const file = input.file;
	if (!file || file.size === 0) errors.file = 'Choose a CSV file to upload.';
	else if (file.size > maxImportBytes) {
		errors.file = `The file is ${kilobytes(file.size)}; the limit is ${kilobytes(maxImportBytes)} (about 4,000 patients). Split it and import the parts one after the other.`;
	}
	if (!kind || !file || errors.file) return { kind: 'invalid', errors };

	const decoded = decodeCsvBytes(file.bytes, encoding as EncodingChoice);
	// Controls no keyboard types (a NUL would be refused by PostgreSQL) are dropped, as from forms.
	const parsed = parseCsv(cleanText(decoded.text));
	const { table, errors: readErrors } = importTable(parsed);
	if (table.headers.length === 0 || table.rows.length === 0) {
		return { kind: 'invalid', errors: { file: 'The file has no rows below its header.' } };
	}
	const content: DraftContent = {
		fileName: file.name.slice(0, 120),
		encoding: decoded.encoding,
		delimiter: parsed.delimiter,
		hadBom: decoded.hadBom,
		headers: table.headers,
		rows: table.rows.map(({ row, cells }) => [row, cells]),
		readErrors
	};
	const sealed = sealDraft(content);
	await purgeExpiredImportDrafts(db, context.now);
	await insertImportDraft(
		db,
		{
			id: sealed.id,
			staffUserId: staff.userId,
			kind,
			rowCount: table.rows.length,
			sealed: sealed.sealed,
			expiresAt: context.now.add({ minutes: importDraftMinutes })
		},
		context.now
	);
	const mapping = guessMapping(table.headers, kind);
	return {
		kind: 'review',
		step: await reviewStep(db, sealed.token, kind, content, mapping, context.now)
	};
}

/** Reviews the kept file again with the mapping the owner chose. */
export async function reviewImportAgain(
	db: Kysely<Database>,
	form: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<ImportStepResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const draft = await openStaffDraft(db, form.draft ?? '', staff, context.now);
	if (!draft) return { kind: 'expired' };
	const mapping = readPostedMapping(form, draft.content.headers.length, draft.kind);
	return {
		kind: 'review',
		step: await reviewStep(db, form.draft ?? '', draft.kind, draft.content, mapping, context.now)
	};
}

/** Leaves an upload: its draft is deleted at once. */
export async function discardImport(
	db: Kysely<Database>,
	form: Record<string, string>,
	staff: StaffActor
): Promise<{ kind: 'forbidden' } | { kind: 'discarded' }> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const token = readDraftToken(form.draft ?? '');
	if (token) {
		await db
			.deleteFrom('import_draft')
			.where('id', '=', token.id)
			.where('staff_user_id', '=', staff.userId)
			.execute();
	}
	return { kind: 'discarded' };
}

/** The plan's outcome inside the transaction when it may not be written: rolls it back. */
class ImportRefused extends Error {
	constructor(
		readonly review: ImportReview,
		readonly notice: string
	) {
		super('import refused');
	}
}

/**
 * Imports the reviewed file in one transaction, re-checked against the data as it is now. If
 * anything differs from the review (an error, another count, another mapping), nothing is
 * written and the review is shown again. Appointments send no email unless asked.
 */
export async function confirmImport(
	db: Kysely<Database>,
	form: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext & { origin: URL }
): Promise<ImportConfirmResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const token = form.draft ?? '';
	const draft = await openStaffDraft(db, token, staff, context.now);
	if (!draft) return { kind: 'expired' };
	const { content, kind, id } = draft;
	const mapping = readPostedMapping(form, content.headers.length, kind);
	const sendEmails = kind === 'appointments' && form.sendConfirmations === 'yes';
	const expected = Number(form.expected);
	const table = tableOf(content);
	const again = async (
		notice: string,
		change: (review: ImportReview) => ImportReview = (review) => review
	): Promise<ImportStepResult> => {
		const step = await reviewStep(db, token, kind, content, mapping, context.now);
		return { kind: 'review', step: { ...step, review: change(step.review), notice } };
	};
	if (mappingFingerprint(mapping) !== form.checked) {
		return again('The columns changed since the check: review the result below, then confirm.');
	}
	try {
		const outcome = await db.transaction().execute(async (trx) => {
			const locations = await listLocations(trx);
			// Bookings wait for the import, location by location in one order, so no check is stale.
			for (const location of [...locations].sort((a, b) => a.id - b.id)) {
				await lockLocationSchedule(trx, location.id);
			}
			const plan = await planFor(trx, kind, table, mapping, context.now);
			const review = reviewImport({
				kind,
				table,
				mapping,
				locations: locations.length,
				readErrors: content.readErrors,
				plan
			});
			if (!review.ready) {
				throw new ImportRefused(review, 'Nothing was imported: the file needs the changes below.');
			}
			if (review.counts.create !== expected) {
				throw new ImportRefused(
					review,
					'The clinic’s data changed since the check: nothing was imported. Review the new result below, then confirm.'
				);
			}
			const audit = { importId: id, file: content.fileName };
			const created =
				kind === 'patients'
					? await writePatients(trx, (plan as PatientImportPlan).create, staff, context, audit)
					: await writeAppointments(
							trx,
							(plan as AppointmentImportPlan).create,
							staff,
							{ ...context, sendEmails },
							audit
						);
			await appendAuditEvent(trx, {
				at: context.now,
				actor: staffAuditActor(staff),
				action: `import.${kind}`,
				subject: { type: 'import', id },
				after: {
					file: content.fileName,
					encoding: content.encoding,
					rows: review.counts.rows,
					created,
					skipped: review.counts.skip,
					possibleDuplicates: review.counts.warn,
					...(kind === 'appointments' ? { confirmationsSent: sendEmails } : {})
				},
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			await deleteImportDraft(trx, id);
			return { created, skipped: review.counts.skip };
		});
		return { kind: 'imported', importKind: kind, ...outcome, emails: sendEmails };
	} catch (error) {
		if (error instanceof ImportRefused) return again(error.notice, () => error.review);
		if (error instanceof RowClash) {
			const clash = { row: 1, column: null, message: error.message };
			return again('Nothing was imported: the calendar changed while importing.', (review) => ({
				...review,
				ready: false,
				errors: [clash, ...review.errors]
			}));
		}
		if (isUniqueViolation(error)) {
			return again(
				'Nothing was imported: a patient in the file was added meanwhile (by a booking). Review the new result below, then confirm.'
			);
		}
		throw error;
	}
}

/**
 * The database refused a visit as overlapping: the checks under the schedule locks should make
 * this impossible, so it is the last line of defence, reported against the file as a whole.
 */
class RowClash extends Error {}

async function writePatients(
	trx: Transaction<Database>,
	patients: PatientImportPlan['create'],
	staff: StaffActor,
	context: StaffChangeContext,
	audit: { importId: string; file: string }
): Promise<number> {
	const actor = staffAuditActor(staff);
	const ids = await insertImportedPatients(trx, patients, context.now);
	await appendAuditEvents(
		trx,
		patients.map((patient, index) => ({
			at: context.now,
			actor,
			action: 'patient.import',
			patientId: ids[index],
			subject: { type: 'patient', id: ids[index] as number },
			after: { ...audit, row: patient.row },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		}))
	);
	return patients.length;
}

async function writeAppointments(
	trx: Transaction<Database>,
	appointments: AppointmentImportPlan['create'],
	staff: StaffActor,
	context: StaffChangeContext & { origin: URL; sendEmails: boolean },
	audit: { importId: string; file: string }
): Promise<number> {
	const actor = staffAuditActor(staff);
	const tokens = appointments.map(() => newSecretToken());
	const inserted = await insertImportedAppointments(
		trx,
		appointments.map((appointment, index) => ({
			...appointment,
			manageTokenHash: (tokens[index] as { hash: string }).hash
		})),
		context.now
	).catch((error: unknown) => {
		if (error instanceof AppointmentOverlap) {
			throw new RowClash(
				'The database refused one of the visits as overlapping another booking: check the file again.'
			);
		}
		throw error;
	});
	const records: AppointmentRecord[] = appointments.map((planned, index) => ({
		...(inserted[index] as { id: number; sequence: number }),
		locationId: planned.locationId,
		practitionerId: planned.practitionerId,
		roomId: planned.roomId,
		serviceId: planned.serviceId,
		patientId: planned.patientId,
		start: planned.start,
		end: planned.end,
		status: 'booked',
		isNewPatient: planned.isNewPatient,
		note: planned.note,
		source: 'staff',
		needsReview: false,
		createdAt: context.now,
		cancelledAt: null
	}));
	await appendAuditEvents(
		trx,
		records.map((record, index) => ({
			at: context.now,
			actor,
			action: 'appointment.import',
			patientId: record.patientId,
			subject: { type: 'appointment', id: record.id },
			after: { ...appointmentSnapshot(record), ...audit, row: appointments[index]?.row },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		}))
	);
	if (context.sendEmails) {
		const patients = new Map((await listKnownPatients(trx)).map((entry) => [entry.id, entry]));
		for (const [index, record] of records.entries()) {
			const patient = patients.get(record.patientId);
			if (!patient) continue;
			await queueAppointmentEmail(trx, 'confirmation', record, patient, {
				now: context.now,
				origin: context.origin,
				manageUrl: new URL(`/manage/${tokens[index]?.token}`, context.origin).href
			});
		}
	}
	return appointments.length;
}

/** Plans the rows against the clinic's data as `db` sees it. */
async function planFor(
	db: Kysely<Database>,
	kind: ImportKind,
	table: ImportTable,
	mapping: string[],
	now: Temporal.Instant
): Promise<PatientImportPlan | AppointmentImportPlan> {
	const patients = await listKnownPatients(db);
	if (kind === 'patients') return planPatientImport(table, mapping, patients);
	const [practitioners, services, locations, rooms, booked] = await Promise.all([
		listPractitioners(db),
		listServices(db),
		listLocations(db),
		listRooms(db),
		listBookedVisitsFrom(db, now)
	]);
	return planAppointmentImport(table, mapping, {
		now,
		practitioners,
		services,
		locations,
		rooms,
		patients,
		booked
	});
}

async function reviewStep(
	db: Kysely<Database>,
	token: string,
	kind: ImportKind,
	content: DraftContent,
	mapping: string[],
	now: Temporal.Instant
): Promise<ImportStep> {
	const table = tableOf(content);
	const locations = await listLocations(db);
	const plan = await planFor(db, kind, table, mapping, now);
	const review = reviewImport({
		kind,
		table,
		mapping,
		locations: locations.length,
		readErrors: content.readErrors,
		plan
	});
	return {
		draft: token,
		fileName: content.fileName,
		encoding: content.encoding,
		delimiter: content.delimiter,
		hadBom: content.hadBom,
		review,
		expected: review.counts.create
	};
}

async function openStaffDraft(
	db: Kysely<Database>,
	token: string,
	staff: StaffActor,
	now: Temporal.Instant
): Promise<{ id: string; kind: ImportKind; content: DraftContent } | null> {
	const parts = readDraftToken(token);
	if (!parts) return null;
	const record = await findImportDraft(db, parts.id, staff.userId, now);
	if (!record) return null;
	const content = openDraft(record.sealed, record.id, parts.key) as DraftContent | null;
	if (!content) return null;
	return { id: record.id, kind: record.kind, content };
}

function tableOf(content: DraftContent): ImportTable {
	return { headers: content.headers, rows: content.rows.map(([row, cells]) => ({ row, cells })) };
}

function kilobytes(bytes: number): string {
	return `${Math.ceil(bytes / 1024)} KB`;
}
