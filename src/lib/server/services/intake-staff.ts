import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatLongDate } from '$lib/domain/booking/appointment-time';
import {
	calendarClinicalFlag,
	intakeFlags,
	intakeFormStatus
} from '$lib/domain/intake/forms-status';
import { summarizeIntake, type SummarySection } from '$lib/domain/intake/intake-answers';
import type { StaffFlag, StaffHealthForm } from '$lib/domain/intake/staff-health-form';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import {
	findIntake,
	listIntakesOfPatients,
	type IntakeRecord
} from '../db/repositories/intake-repository';
import { findPatientRecord } from '../db/repositories/patient-record-repository';
import { patientRecordIds } from '../db/repositories/patient-identity-repository';
import type { Database } from '../db/schema';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';
import { staffForPatients, staffForRecord } from './clinical-scope';

/*
 * The health form as staff meet it. Whether it is done is for everyone who runs the day
 * ('forms.status'); what it says, and the contraindications it raises, is for clinical roles
 * ('forms.clinical') only. Flags always come from the last submitted intake: a draft is not
 * yet what the patient told us.
 */

function staffFlags(intake: IntakeRecord | null): StaffFlag[] {
	if (!intake) return [];
	return intakeFlags(intake.steps).map((flag) => {
		const label =
			flag.certainty === 'unsure' ? `${flag.staffLabel} (patient not sure)` : flag.staffLabel;
		const details = flag.details.length > 0 ? `: ${flag.details.join(', ')}` : '';
		return {
			category: flag.category,
			certainty: flag.certainty,
			text: `${label}${details} — ${flag.treatment}`
		};
	});
}

const latestSubmitted = (intakes: readonly IntakeRecord[]) =>
	intakes.find((intake) => intake.submittedAt !== null) ?? null;

function healthFormOf(
	intakes: readonly IntakeRecord[],
	staff: StaffActor,
	zone: string
): StaffHealthForm | null {
	if (!can(staff, 'forms.status')) return null;
	const submitted = latestSubmitted(intakes);
	const clinical = can(staff, 'forms.clinical');
	return {
		status: intakeFormStatus(intakes),
		submittedOn: submitted?.submittedAt
			? formatLongDate(submitted.submittedAt.toZonedDateTimeISO(zone).toPlainDate())
			: null,
		flags: clinical ? staffFlags(submitted) : null,
		intakeId: clinical ? (submitted?.id ?? null) : null
	};
}

/**
 * A patient's health form for an appointment page: the status for anyone with
 * 'forms.status', the flags for clinical roles; null for a role that may see neither. Read as
 * part of a page view that is audited already.
 */
export async function loadStaffHealthForm(
	db: Kysely<Database>,
	patientIds: readonly number[],
	anyPatient: StaffActor
): Promise<StaffHealthForm | null> {
	if (!can(anyPatient, 'forms.status')) return null;
	const staff = await staffForRecord(db, anyPatient, patientIds);
	const [intakes, zone] = await Promise.all([
		listIntakesOfPatients(db, patientIds),
		loadClinicZone(db)
	]);
	return healthFormOf(intakes, staff, zone.timeZone);
}

/** The patient page's "Health form" section: the status, and for clinical roles a summary. */
export async function loadPatientHealthForm(
	db: Kysely<Database>,
	patientIds: readonly number[],
	anyPatient: StaffActor
): Promise<(StaffHealthForm & { summary: SummarySection[] | null }) | null> {
	if (!can(anyPatient, 'forms.status')) return null;
	const staff = await staffForRecord(db, anyPatient, patientIds);
	const [intakes, zone] = await Promise.all([
		listIntakesOfPatients(db, patientIds),
		loadClinicZone(db)
	]);
	const form = healthFormOf(intakes, staff, zone.timeZone);
	if (!form) return null;
	const submitted = latestSubmitted(intakes);
	const summary =
		can(staff, 'forms.clinical') && submitted
			? summarizeIntake(submitted.steps).filter((section) =>
					// The headline answers; the full view has the rest.
					['pain', 'red-flags', 'medications', 'pregnancy', 'goals', 'baseline'].includes(
						section.step
					)
				)
			: null;
	return { ...form, summary };
}

/** What a calendar block shows about forms: short words, never an answer. */
export interface CalendarFormFlags {
	/** No submitted health form yet (everyone with 'forms.status'). */
	formsMissing: boolean;
	/** Clinical roles only: "Contraindication" or "Precaution", else null. */
	clinical: 'Contraindication' | 'Precaution' | null;
}

/**
 * The calendar's form flags for a set of patients, with one query for all of them. A role
 * without 'forms.status' gets an empty map (nothing shown).
 */
export async function loadCalendarFormFlags(
	db: Kysely<Database>,
	patientIds: readonly number[],
	staff: StaffActor,
	/** Each patient's record ids (`patientRecordGroups`), so merged records count. */
	groups?: ReadonlyMap<number, readonly number[]>
): Promise<Map<number, CalendarFormFlags>> {
	const flags = new Map<number, CalendarFormFlags>();
	if (!can(staff, 'forms.status') || patientIds.length === 0) return flags;
	const membersOf = (id: number) => groups?.get(id) ?? [id];
	const forPatient = await staffForPatients(db, staff, patientIds.flatMap(membersOf));
	const intakes = await listIntakesOfPatients(db, patientIds.flatMap(membersOf));
	for (const patientId of new Set(patientIds)) {
		const members = membersOf(patientId);
		const clinical = members.some((member) => can(forPatient(member), 'forms.clinical'));
		const submitted = latestSubmitted(
			intakes.filter((intake) => members.includes(intake.patientId))
		);
		flags.set(patientId, {
			formsMissing: submitted === null,
			clinical: clinical && submitted ? calendarClinicalFlag(intakeFlags(submitted.steps)) : null
		});
	}
	return flags;
}

export type StaffIntakeView =
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| {
			kind: 'ok';
			patient: { id: number; name: string };
			intake: {
				id: number;
				startedOn: string;
				submittedOn: string | null;
				/** Whether it is the patient's last submitted form (or a draft, or an older one). */
				state: 'current' | 'draft' | 'earlier';
			};
			flags: StaffFlag[];
			summary: SummarySection[];
	  };

/**
 * One intake in full for clinical staff, read-only. Opening it is recorded in the audit log
 * ('intake.view'), like every view of health content.
 */
export async function loadStaffIntakeView(
	db: Kysely<Database>,
	patientId: number,
	intakeId: number,
	anyPatient: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<StaffIntakeView> {
	if (!can(anyPatient, 'forms.clinical')) return { kind: 'forbidden' };
	// An intake of a record merged into this one is part of it (ADR 0029).
	const ids = await patientRecordIds(db, patientId);
	// Under "own patients only", another practitioner's patient is refused (ADR 0032).
	const staff = await staffForRecord(db, anyPatient, ids);
	if (!can(staff, 'forms.clinical')) return { kind: 'forbidden' };
	const [intake, record] = await Promise.all([
		findIntake(db, intakeId),
		findPatientRecord(db, patientId)
	]);
	if (!intake || !record || !ids.includes(intake.patientId)) return { kind: 'not_found' };
	const [intakes, zone] = await Promise.all([listIntakesOfPatients(db, ids), loadClinicZone(db)]);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'intake.view',
		patientId,
		subject: { type: 'intake', id: intake.id },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	const day = (instant: Temporal.Instant) =>
		formatLongDate(instant.toZonedDateTimeISO(zone.timeZone).toPlainDate());
	return {
		kind: 'ok',
		patient: { id: patientId, name: record.fields.name },
		intake: {
			id: intake.id,
			startedOn: day(intake.startedAt),
			submittedOn: intake.submittedAt ? day(intake.submittedAt) : null,
			state: !intake.submittedAt
				? 'draft'
				: latestSubmitted(intakes)?.id === intake.id
					? 'current'
					: 'earlier'
		},
		flags: staffFlags(intake),
		summary: summarizeIntake(intake.steps)
	};
}
