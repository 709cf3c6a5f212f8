import { describe, expect, it } from 'vitest';
import { redFlagQuestions, screeningMessages } from '$lib/domain/intake/red-flags';
import {
	firstOpenSlot,
	localDate,
	testNow,
	testOrigin,
	testPatient,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import type { StaffActor } from './audit';
import {
	loadAppointmentReview,
	loadPatientScreenings,
	reviewAppointment
} from './clinician-review';
import { confirmBooking } from './online-booking';
import { completeBackPainCheck, findBookingGate } from './screening-before-booking';
import { loadStaffAppointment } from './staff-calendar';
import { hashToken } from './tokens';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const practitioner: StaffActor = { userId: 'prac-1', name: 'Mei Lin', role: 'practitioner' };
const later = testNow.add({ minutes: 5 });

/** A completed check: "yes" to the given question ids, "no" to every other. */
function answersWithYes(...yes: string[]): Record<string, string> {
	return Object.fromEntries(
		redFlagQuestions.map((question) => [question.id, yes.includes(question.id) ? 'yes' : 'no'])
	);
}

describe.each(dialects)('the back pain check before booking on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	/** Answers the check and returns the token the browser would keep. */
	async function check(...yes: string[]) {
		const result = await completeBackPainCheck(clinic.db(), answersWithYes(...yes), {
			now: testNow
		});
		if (!result.ok || !result.cookie) throw new Error('expected a stored check with a cookie');
		return { result, token: result.cookie.token };
	}

	/** Books online as the form's last step does, with this browser's check. */
	async function bookOnline(token: string | null, patient: string) {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const person = testPatient(patient);
		return confirmBooking(
			clinic.db(),
			{
				service: 'follow-up-acupuncture',
				practitioner: 'mei-lin-okafor',
				start: slot.start.toString(),
				name: person.name,
				email: person.email,
				phone: person.phone,
				newPatient: 'no',
				note: ''
			},
			{
				now: later,
				origin: testOrigin,
				clientAddress: '192.0.2.30',
				rateLimit: { limit: 1000, windowSeconds: 600 },
				gate: await findBookingGate(clinic.db(), token, later)
			}
		);
	}

	async function appointmentRow(id: number) {
		return clinic
			.db()
			.selectFrom('appointment')
			.select(['needs_review', 'screening_id', 'reviewed_by_name', 'review_note'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
	}

	async function outboxFor(appointmentId: number) {
		return clinic
			.db()
			.selectFrom('outbox_message')
			.select(['kind', 'recipient', 'payload_json'])
			.where('appointment_id', '=', appointmentId)
			.execute();
	}

	it('stores every answer, the outcome, exactly what was shown and the time, under a token hash', async () => {
		const { result, token } = await check('weight-loss');
		expect(result.screening.outcome).toBe('within_days');
		expect(result.cookie?.maxAgeSeconds).toBe(24 * 3600);
		// Before any booking, as an anonymous check (ADR 0033), not yet in the append-only table.
		const row = await clinic
			.db()
			.selectFrom('anonymous_screening')
			.selectAll()
			.where('token_hash', '=', hashToken(token))
			.executeTakeFirstOrThrow();
		expect(row.outcome).toBe('within_days');
		expect(JSON.parse(row.answers_json)).toEqual(answersWithYes('weight-loss'));
		expect(JSON.parse(row.shown_json)).toEqual(screeningMessages.within_days);
		expect(new Date(row.screened_at).toISOString()).toBe('2027-03-01T15:00:00.000Z');
		// Only the hash is stored, never the token the browser holds.
		const raw = await clinic
			.db()
			.selectFrom('anonymous_screening')
			.select('id')
			.where('token_hash', '=', token)
			.execute();
		expect(raw).toEqual([]);
		const kept = await clinic
			.db()
			.selectFrom('red_flag_screening')
			.select('id')
			.where('token_hash', 'in', [token, hashToken(token)])
			.execute();
		expect(kept).toEqual([]);
	});

	it('an unanswered question stores nothing and sets no cookie', async () => {
		const answers = answersWithYes();
		delete answers.fever;
		const result = await completeBackPainCheck(clinic.db(), answers, { now: testNow });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors.fever).toBeDefined();
	});

	it('a booking after a within-days check is flagged, linked, audited and the clinic alerted without symptoms', async () => {
		const { token } = await check('weight-loss', 'cancer-history');
		const booked = await bookOnline(token, 'within-days');
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		const id = booked.body.id;
		const gate = await findBookingGate(clinic.db(), token, later);
		expect(gate.kind).toBe('link');
		const row = await appointmentRow(id);
		expect(row.needs_review).toBe(1);
		expect(row.screening_id).toBe(gate.kind === 'link' ? gate.screeningId : -1);

		const events = await listAuditEvents(clinic.db());
		const flagged = events.filter(
			(event) =>
				event.action === 'appointment.flagged_for_review' &&
				String(event.subject?.id) === String(id)
		);
		expect(flagged).toHaveLength(1);
		expect(flagged[0]?.after).toEqual({ screeningId: row.screening_id });

		const messages = await outboxFor(id);
		const alert = messages.find((message) => message.kind === 'clinician_review');
		expect(alert?.recipient).toBe('hello@harborlantern.example');
		const alertText = alert?.payload_json ?? '';
		expect(alertText).toContain(`/admin/appointments/${id}`);
		for (const question of redFlagQuestions) expect(alertText).not.toContain(question.text);
		expect(alertText).not.toMatch(/cancer|weight|Test Patient/i);

		// The patient's confirmation says kindly that a clinician will look, naming no answer.
		const confirmation = messages.find((message) => message.kind === 'confirmation');
		const text = (JSON.parse(confirmation?.payload_json ?? '{}') as { text?: string }).text ?? '';
		expect(text).toMatch(/clinicians\s+will look over your answers and may call you/);
		expect(text).not.toMatch(/cancer|weight/i);
	});

	it('a booking after a check with no warning sign is linked but not flagged', async () => {
		const { token } = await check();
		const booked = await bookOnline(token, 'no-signs');
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		const row = await appointmentRow(booked.body.id);
		expect(row.needs_review).toBe(0);
		expect(row.screening_id).not.toBeNull();
		const kinds = (await outboxFor(booked.body.id)).map((message) => message.kind);
		expect(kinds).not.toContain('clinician_review');
		const events = await listAuditEvents(clinic.db());
		expect(
			events.some(
				(event) =>
					event.action === 'appointment.flagged_for_review' &&
					String(event.subject?.id) === String(booked.body.id)
			)
		).toBe(false);
	});

	it('a booking without any check is neither linked nor flagged', async () => {
		const booked = await bookOnline(null, 'no-check');
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		expect(await appointmentRow(booked.body.id)).toMatchObject({
			needs_review: 0,
			screening_id: null
		});
	});

	it('an emergency check refuses online booking, and answering again does not reopen it', async () => {
		const { result, token } = await check('saddle-numbness');
		expect(result.bookingClosed).toBe(true);
		const before = await clinic
			.db()
			.selectFrom('appointment')
			.select((eb) => eb.fn.countAll<number | string>().as('count'))
			.executeTakeFirstOrThrow();
		expect(await bookOnline(token, 'emergency')).toEqual({ kind: 'emergency' });

		const again = await completeBackPainCheck(clinic.db(), answersWithYes(), {
			now: later,
			previousToken: token
		});
		expect(again.ok && again.cookie).toBe(null);
		expect(again.ok && again.bookingClosed).toBe(true);
		expect(await bookOnline(token, 'emergency-again')).toEqual({ kind: 'emergency' });
		const after = await clinic
			.db()
			.selectFrom('appointment')
			.select((eb) => eb.fn.countAll<number | string>().as('count'))
			.executeTakeFirstOrThrow();
		expect(Number(after.count)).toBe(Number(before.count));
		// The second set of answers is stored all the same.
		const newest = await clinic
			.db()
			.selectFrom('anonymous_screening')
			.select(['outcome', 'token_hash'])
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(newest.outcome).toBe('none');
		expect(newest.token_hash).not.toBe(hashToken(token));
	});

	it('a clinician reviews a flagged booking once, with a note, audited; the front desk may not', async () => {
		const { token } = await check('fever');
		const booked = await bookOnline(token, 'review');
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		const id = booked.body.id;
		const context = { now: later, request: { ip: '192.0.2.9', requestId: 'r-review' } };

		// The front desk sees that a review is pending, and nothing of the answers.
		const deskView = await loadStaffAppointment(clinic.db(), id, desk, context);
		if (deskView.kind !== 'ok') throw new Error('expected the appointment');
		expect(deskView.review).toMatchObject({ pending: true, screening: null, canReview: false });
		expect(JSON.stringify(deskView)).not.toMatch(/fever/i);
		expect(await reviewAppointment(clinic.db(), id, 'Looks fine', desk, context)).toEqual({
			kind: 'forbidden'
		});

		// The practitioner sees the outcome, the yes answers in words and what was shown.
		const view = await loadAppointmentReview(clinic.db(), id, practitioner);
		expect(view?.screening).toMatchObject({
			outcome: 'same_day',
			answeredYes: [redFlagQuestions.find((question) => question.id === 'fever')?.text],
			shown: screeningMessages.same_day
		});
		expect(view?.canReview).toBe(true);

		expect(await reviewAppointment(clinic.db(), id, '  ', practitioner, context)).toMatchObject({
			kind: 'invalid'
		});
		const note = 'Called the patient; GP saw them yesterday, fine to treat';
		expect(await reviewAppointment(clinic.db(), id, note, practitioner, context)).toEqual({
			kind: 'reviewed'
		});
		expect(await reviewAppointment(clinic.db(), id, 'Again', practitioner, context)).toEqual({
			kind: 'already_reviewed'
		});
		expect(await appointmentRow(id)).toMatchObject({
			needs_review: 0,
			reviewed_by_name: 'Mei Lin',
			review_note: note
		});
		const reviews = (await listAuditEvents(clinic.db())).filter(
			(event) => event.action === 'appointment.reviewed' && String(event.subject?.id) === String(id)
		);
		expect(reviews).toHaveLength(1);
		expect(reviews[0]?.actor).toEqual({ type: 'staff', id: 'prac-1', label: 'Mei Lin' });

		// Afterwards: who and when for everyone, the note for clinical roles only.
		const deskAfter = await loadAppointmentReview(clinic.db(), id, desk);
		expect(deskAfter?.pending).toBe(false);
		expect(deskAfter?.reviewed).toMatchObject({ by: 'Mei Lin', note: null });
		const practitionerAfter = await loadAppointmentReview(clinic.db(), id, practitioner);
		expect(practitionerAfter?.reviewed?.note).toBe(note);
		expect(practitionerAfter?.canReview).toBe(false);

		// The patient's page lists the screening for clinical roles only.
		const patientId = (
			await clinic
				.db()
				.selectFrom('appointment')
				.select('patient_id')
				.where('id', '=', id)
				.executeTakeFirstOrThrow()
		).patient_id;
		expect(await loadPatientScreenings(clinic.db(), patientId, desk)).toBeNull();
		const screenings = await loadPatientScreenings(clinic.db(), patientId, practitioner);
		expect(screenings?.map((screening) => screening.outcome)).toEqual(['same_day']);
		expect(screenings?.[0]?.source).toBe('Back pain check on the website');
	});
});
