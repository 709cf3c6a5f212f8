import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toDbInstant } from '../instant';
import { normalizeEmail, normalizeName } from '../repositories/patient-repository';
import type { Database } from '../schema';
import { demoOutcomePatients } from './demo-outcomes';

/**
 * Inserts the demo clinic's past back-pain patients (./demo-outcomes.ts) in the seed's
 * transaction: four bulk inserts, plus two reads to learn the new ids. Their appointments
 * have manage-token hashes that no token produces, so no link reaches them.
 */
export async function insertDemoOutcomeHistory(
	trx: Kysely<Database>,
	ids: {
		locationId: number;
		timeZone: string;
		practitioners: Map<string, number>;
		services: Map<string, number>;
	}
): Promise<void> {
	const patients = demoOutcomePatients(ids.timeZone);
	const idOf = (map: Map<string, number>, slug: string) => {
		const id = map.get(slug);
		if (id === undefined) throw new Error(`demo outcome history names an unknown "${slug}"`);
		return id;
	};
	const rooms = await trx
		.selectFrom('room')
		.select('id')
		.where('location_id', '=', ids.locationId)
		.orderBy('id')
		.execute();

	await trx
		.insertInto('patient')
		.values(
			patients.map((patient) => ({
				name: patient.name,
				email: patient.email,
				email_normalized: normalizeEmail(patient.email),
				name_normalized: normalizeName(patient.name),
				phone: patient.phone,
				created_at: toDbInstant(patient.createdAt)
			}))
		)
		.execute();
	const patientRows = await trx
		.selectFrom('patient')
		.select(['id', 'email_normalized'])
		.where(
			'email_normalized',
			'in',
			patients.map((patient) => normalizeEmail(patient.email))
		)
		.execute();
	const patientIds = new Map(patientRows.map((row) => [row.email_normalized, row.id]));
	const patientId = (email: string) => idOf(patientIds, normalizeEmail(email));

	const tokenHash = (key: string) => createHash('sha256').update(key).digest('hex');
	await trx
		.insertInto('appointment')
		.values(
			patients.flatMap((patient) =>
				patient.appointments.map((appointment) => ({
					location_id: ids.locationId,
					practitioner_id: idOf(ids.practitioners, appointment.practitioner),
					room_id: rooms[appointment.room]?.id ?? null,
					service_id: idOf(ids.services, appointment.service),
					patient_id: patientId(patient.email),
					starts_at: toDbInstant(appointment.start),
					ends_at: toDbInstant(appointment.end),
					blocked_from: toDbInstant(appointment.start),
					blocked_until: toDbInstant(appointment.blockedUntil),
					status: appointment.status,
					is_new_patient: appointment.isNewPatient ? 1 : 0,
					note: null,
					source: 'staff',
					manage_token_hash: tokenHash(appointment.key),
					created_at: toDbInstant(patient.createdAt),
					updated_at: toDbInstant(appointment.cancelledAt ?? appointment.end),
					cancelled_at: appointment.cancelledAt ? toDbInstant(appointment.cancelledAt) : null,
					cancel_reason: appointment.cancelledAt ? 'Patient called to cancel' : null
				}))
			)
		)
		.execute();
	const appointmentRows = await trx
		.selectFrom('appointment')
		.select(['id', 'manage_token_hash'])
		.where(
			'manage_token_hash',
			'in',
			patients.flatMap((patient) => patient.appointments.map((entry) => tokenHash(entry.key)))
		)
		.execute();
	const appointmentIds = new Map(appointmentRows.map((row) => [row.manage_token_hash, row.id]));
	const appointmentId = (key: string) => idOf(appointmentIds, tokenHash(key));

	await trx
		.insertInto('intake_form')
		.values(
			patients.map((patient) => ({
				patient_id: patientId(patient.email),
				appointment_id: appointmentId(patient.intake.appointmentKey),
				steps_json: JSON.stringify(patient.intake.steps),
				started_at: toDbInstant(patient.intake.startedAt),
				updated_at: toDbInstant(patient.intake.submittedAt),
				submitted_at: toDbInstant(patient.intake.submittedAt)
			}))
		)
		.execute();
	await trx
		.insertInto('outcome_response')
		.values(
			patients.flatMap((patient) =>
				patient.answers.map((answer) => ({
					patient_id: patientId(patient.email),
					appointment_id: appointmentId(answer.appointmentKey),
					scale: answer.scale,
					score_tenths: answer.scoreTenths,
					items_json: JSON.stringify(answer.items),
					source: answer.source,
					answered_at: toDbInstant(answer.answeredAt)
				}))
			)
		)
		.execute();
}
