import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { describeContactPreferences } from '$lib/domain/patients/patient-record';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { fromDbInstant } from '../db/instant';
import { findPatientRecord } from '../db/repositories/patient-record-repository';
import { listPatientAppointments, searchPatients } from '../db/repositories/patient-repository';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';
import { loadConsentStatus } from './consent';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadPatientHistory } from './patient-records';
import { loadStaffOutcomeTrends } from './outcome-trend';
import { loadPatientScreenings } from './clinician-review';
import { loadPatientHealthForm } from './intake-staff';
import { staffForRecord } from './clinical-scope';
import { patientRecordIds } from '../db/repositories/patient-identity-repository';
import { loadIdentityNotice, loadWaitingMatches } from './patient-identity';

/** Finds patients by name, email or phone; the search itself is recorded (it lists people). */
export async function findPatients(
	db: Kysely<Database>,
	text: string,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff, 'patients.contact')) return { kind: 'forbidden' as const };
	const query = text.trim().slice(0, 100);
	const patients = query ? await searchPatients(db, query) : [];
	if (query) {
		await appendAuditEvent(db, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'patient.search',
			after: { query, results: patients.length },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
	}
	return { kind: 'ok' as const, query, patients };
}

/**
 * A patient's page: contact details and preferences with the version an edit must name, the
 * record's history, and appointments past and future; viewing is recorded.
 */
export async function loadPatientPage(
	db: Kysely<Database>,
	id: number,
	anyPatient: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(anyPatient, 'patients.contact')) return { kind: 'forbidden' as const };
	const record = await findPatientRecord(db, id);
	if (!record) return { kind: 'not_found' as const };
	// The record and every record merged into it (ADR 0029).
	const ids = await patientRecordIds(db, id);
	// Under "own patients only", no clinical section for another practitioner's patient.
	const staff = await staffForRecord(db, anyPatient, ids);
	const [appointments, zone, screenings, identity, waiting] = await Promise.all([
		listPatientAppointments(db, ids),
		loadClinicZone(db),
		// Clinical roles only (null for the front desk, who see nothing of it): ADR 0019.
		loadPatientScreenings(db, ids, staff),
		loadIdentityNotice(db, id, staff),
		loadWaitingMatches(db, id, staff)
	]);
	const history = await loadPatientHistory(db, record, zone);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'patient.view',
		patientId: id,
		subject: { type: 'patient', id },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	const now = context.now.epochMilliseconds;
	const rows = appointments.map((row) => {
		const start = fromDbInstant(row.starts_at);
		return {
			id: row.id,
			when: formatAppointmentTime(start, fromDbInstant(row.ends_at), zone.timeZone, zone.city).full,
			service: row.service_name,
			practitioner: row.practitioner_name,
			status: row.status,
			upcoming: start.epochMilliseconds >= now
		};
	});
	return {
		kind: 'ok' as const,
		patient: { id, version: record.version, ...record.fields },
		preferences: describeContactPreferences(record.fields),
		// True when the owner's "own patients only" setting withholds the clinical sections.
		clinicalWithheld: Boolean(staff.clinicalWithheld),
		history,
		consent: await loadConsentStatus(db, id, staff),
		screenings,
		// The health form: status for 'forms.status', a summary and flags for 'forms.clinical'.
		healthForm: await loadPatientHealthForm(db, ids, staff),
		// Outcome charts for 'outcomes.view' (practitioners, owner); null for the front desk.
		outcomes: await loadStaffOutcomeTrends(db, ids, staff),
		// "Possible match" with its decision, or the record this one was merged into.
		identity,
		// Online bookings waiting with this patient as their possible match.
		waiting,
		mergedRecords: ids.length - 1,
		upcoming: rows.filter((row) => row.upcoming).reverse(),
		past: rows.filter((row) => !row.upcoming)
	};
}
