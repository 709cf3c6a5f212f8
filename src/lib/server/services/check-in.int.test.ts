import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testOrigin,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { conditionSetIds } from '$lib/domain/intake/red-flag-sets';
import { askedQuestionIds } from '$lib/domain/intake/red-flags';
import {
	cancelAppointment,
	findAppointment,
	setAppointmentStatus
} from '../db/repositories/appointment-repository';
import { insertIntake, markIntakeSubmitted } from '../db/repositories/intake-repository';
import { insertOutcomeResponses } from '../db/repositories/outcome-repository';
import type { StaffActor } from './audit';
import { checkInVisitForm, loadCheckIn, submitCheckIn, type CheckInAccess } from './check-in';
import { startKiosk } from './kiosk-mode';
import { loadPatientProgress, loadPatientTrends, loadStaffOutcomeTrends } from './outcome-trend';

const dialects = await testDialects();

/** "No" to every set's check-in questions: without a health form every set is asked (H6a). */
const allNo = Object.fromEntries(
	askedQuestionIds(conditionSetIds, 'since_last_visit').map((id) => [id, 'no'])
);
/** A complete check-in: NPRS and the three PEG items, every red-flag question "no". */
const answers = (
	nprs: number,
	peg: [number, number, number],
	extra: Record<string, string> = {}
) => ({
	nprs: String(nprs),
	'peg-pain': String(peg[0]),
	'peg-enjoyment': String(peg[1]),
	'peg-activity': String(peg[2]),
	...allNo,
	...extra
});
const frontDesk: StaffActor = { userId: 'desk-1', name: 'Frankie Desk', role: 'front_desk' };
const activities = [
	{ id: 'activity-1', name: 'Walking the dog', score: 3 },
	{ id: 'activity-2', name: 'Gardening', score: 2 },
	{ id: 'activity-3', name: 'Sleeping through the night', score: 4 }
];

describe.each(dialects)('visit check-ins on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = clinic.db;

	/** Books Mei's `index`th open follow-up on `date` for `patient`; returns it with its link. */
	async function bookVisit(
		date: string,
		patient: string,
		index = 0,
		source: 'online' | 'staff' = 'online'
	) {
		const slots = await openSlots(db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate(date),
			to: localDate(date)
		});
		const slot = slots[index];
		if (!slot) throw new Error(`no open slot on ${date}`);
		const booked = await bookOrFail(
			db(),
			inputFor(slot, clinic.ids.service.followUp, patient, { newPatient: false }),
			{ source }
		);
		const appointment = await findAppointment(db(), booked.body.id);
		if (!appointment) throw new Error('the booking was not stored');
		return { appointment, link: { via: 'link', token: tokenOf(booked.body.manageUrl) } as const };
	}
	const hourBefore = (start: Temporal.Instant) => start.subtract({ hours: 1 });
	const context = (now: Temporal.Instant) => ({ now, origin: testOrigin });
	const responses = (appointmentId: number) =>
		db()
			.selectFrom('outcome_response')
			.select(['scale', 'score_tenths', 'source', 'patient_id', 'items_json'])
			.where('appointment_id', '=', appointmentId)
			.orderBy('id')
			.execute();
	const visitScreenings = (appointmentId: number) =>
		db()
			.selectFrom('red_flag_screening')
			.select(['id', 'outcome', 'source'])
			.where('appointment_id', '=', appointmentId)
			.orderBy('id')
			.execute();
	const submit = (access: CheckInAccess, values: Record<string, string>, now: Temporal.Instant) =>
		submitCheckIn(db(), access, values, context(now));

	it('tells the manage page when the check-in opens, that it is open, and when it is done', async () => {
		const { appointment, link } = await bookVisit('2027-03-10', 'ci-status');
		const listed = {
			...appointment,
			start: appointment.start.toString(),
			location: { timeZone: 'America/Chicago' }
		};
		const early = await checkInVisitForm(db(), listed, appointment.start.subtract({ hours: 72 }));
		expect(early?.status).toMatch(/Opens Monday, March 8, 2027, 9:00 am\.$/);
		expect((await checkInVisitForm(db(), listed, hourBefore(appointment.start)))?.status).toMatch(
			/Open now\.$/
		);
		await submit(link, answers(4, [4, 4, 4]), hourBefore(appointment.start));
		expect(await checkInVisitForm(db(), listed, hourBefore(appointment.start))).toMatchObject({
			status: 'Done, thank you.',
			done: true
		});
	});

	it('stores NPRS and PEG in tenths with the patient and the appointment, and a visit screening', async () => {
		const { appointment, link } = await bookVisit('2027-03-03', 'ci-tenths');
		const now = hourBefore(appointment.start);
		const state = await loadCheckIn(db(), link, now);
		expect(state).toMatchObject({ kind: 'open', visitNumber: 1, psfs: null });
		const result = await submit(link, answers(6, [6, 7, 6]), now);
		expect(result).toEqual({ kind: 'saved', outcome: 'none' });
		expect(await responses(appointment.id)).toEqual([
			expect.objectContaining({
				scale: 'nprs',
				score_tenths: 60,
				source: 'link',
				patient_id: appointment.patientId
			}),
			expect.objectContaining({
				scale: 'peg',
				score_tenths: 63,
				source: 'link',
				patient_id: appointment.patientId
			})
		]);
		expect(await visitScreenings(appointment.id)).toEqual([
			expect.objectContaining({ outcome: 'none', source: 'visit' })
		]);
		const after = await findAppointment(db(), appointment.id);
		expect(after?.needsReview).toBe(false);
	});

	it('refuses a second check-in for the same appointment without storing anything twice', async () => {
		const { appointment, link } = await bookVisit('2027-03-03', 'ci-twice', 1);
		const now = hourBefore(appointment.start);
		expect((await submit(link, answers(5, [5, 5, 5]), now)).kind).toBe('saved');
		expect(await submit(link, answers(2, [2, 2, 2]), now.add({ minutes: 5 }))).toEqual({
			kind: 'answered'
		});
		expect(await loadCheckIn(db(), link, now)).toEqual({ kind: 'answered' });
		expect(await responses(appointment.id)).toHaveLength(2);
		expect(await visitScreenings(appointment.id)).toHaveLength(1);
		// The database holds the line too, should two submits race past the service's check.
		await expect(
			insertOutcomeResponses(db(), {
				patientId: appointment.patientId,
				appointmentId: appointment.id,
				source: 'kiosk',
				at: now,
				responses: [{ scale: 'nprs', score: 1, items: { nprs: 1 } }]
			})
		).rejects.toThrow();
		// Nor can the front desk open it on the tablet again.
		expect(await startKiosk(db(), appointment.id, frontDesk, context(now))).toEqual({
			kind: 'answered'
		});
	});

	it('is refused before 48 hours ahead and after the visit day, and for a cancelled visit', async () => {
		const { appointment, link } = await bookVisit('2027-03-10', 'ci-window');
		const early = appointment.start.subtract({ hours: 48, seconds: 1 });
		expect(await loadCheckIn(db(), link, early)).toMatchObject({ kind: 'not_yet' });
		expect((await submit(link, answers(5, [5, 5, 5]), early)).kind).toBe('not_yet');
		const nextDay = Temporal.Instant.from('2027-03-11T06:00:00Z'); // midnight in Milwaukee (CST)
		expect((await submit(link, answers(5, [5, 5, 5]), nextDay)).kind).toBe('closed');
		expect((await startKiosk(db(), appointment.id, frontDesk, context(early))).kind).toBe(
			'unavailable'
		);
		expect(await responses(appointment.id)).toEqual([]);
		expect(await visitScreenings(appointment.id)).toEqual([]);
		// The window's edges are open: 48 hours before, and the last second of the visit day.
		expect((await loadCheckIn(db(), link, early.add({ seconds: 1 }))).kind).toBe('open');
		expect((await loadCheckIn(db(), link, nextDay.subtract({ seconds: 1 }))).kind).toBe('open');
		// A cancelled visit has no check-in, whatever the time.
		await cancelAppointment(db(), appointment.id, { reason: 'test', now: early });
		expect((await loadCheckIn(db(), link, appointment.start)).kind).toBe('closed');
	});

	it('flags the appointment for review when a red-flag answer is yes', async () => {
		const { appointment, link } = await bookVisit('2027-03-03', 'ci-flag', 2);
		const now = hourBefore(appointment.start);
		const result = await submit(link, answers(4, [4, 4, 4], { fever: 'yes' }), now);
		expect(result).toEqual({ kind: 'saved', outcome: 'same_day' });
		const [screening] = await visitScreenings(appointment.id);
		expect(screening).toMatchObject({ outcome: 'same_day', source: 'visit' });
		const flagged = await db()
			.selectFrom('appointment')
			.select(['needs_review', 'screening_id'])
			.where('id', '=', appointment.id)
			.executeTakeFirstOrThrow();
		expect(flagged).toEqual({ needs_review: 1, screening_id: screening?.id });
		const alerts = await db()
			.selectFrom('outbox_message')
			.select('kind')
			.where('appointment_id', '=', appointment.id)
			.where('kind', '=', 'clinician_review')
			.execute();
		expect(alerts).toHaveLength(1);
	});

	it('acts on an emergency at once, even before the scores are complete', async () => {
		const { appointment, link } = await bookVisit('2027-03-06', 'ci-emergency');
		const now = hourBefore(appointment.start);
		const result = await submit(link, { ...allNo, incontinence: 'yes' }, now);
		expect(result).toMatchObject({ kind: 'invalid', emergency: true });
		expect(await visitScreenings(appointment.id)).toEqual([
			expect.objectContaining({ outcome: 'emergency' })
		]);
		expect((await findAppointment(db(), appointment.id))?.needsReview).toBe(true);
		expect(await responses(appointment.id)).toEqual([]);
		// Nothing is screened when the red-flag answers are incomplete too.
		const other = await bookVisit('2027-03-06', 'ci-incomplete', 1);
		const refused = await submit(other.link, { nprs: '4' }, hourBefore(other.appointment.start));
		expect(refused).toMatchObject({ kind: 'invalid', emergency: false });
		expect(await visitScreenings(other.appointment.id)).toEqual([]);
	});

	// Issue 12 changed this test: a course of visits is one record when the front desk books
	// the calls (an online booking makes a record of its own), and a manage link shows nothing
	// answered outside its appointment, so the activities named earlier are re-rated on the
	// kiosk, handed over by staff, while the fourth visit's link asks no PSFS.
	it('asks PSFS at the fourth visit only, re-rating the activities the patient named', async () => {
		const dates = ['2027-03-06', '2027-03-08', '2027-03-09', '2027-03-10'];
		const visits = [];
		for (const date of dates) visits.push(await bookVisit(date, 'ci-course', 2, 'staff'));
		const patientId = visits[0]!.appointment.patientId;
		expect(visits.every((visit) => visit.appointment.patientId === patientId)).toBe(true);
		// The intake's baseline, as the intake stores it: PSFS with the named activities.
		await insertOutcomeResponses(db(), {
			patientId,
			appointmentId: null,
			source: 'intake',
			at: Temporal.Instant.from('2027-03-02T15:00:00Z'),
			responses: [
				{ scale: 'nprs', score: 7, items: { nprs: 7 } },
				{ scale: 'peg', score: 7, items: {} },
				{ scale: 'psfs', score: 3, items: { activities } }
			]
		});
		const scores: [number, [number, number, number]][] = [
			[7, [7, 7, 7]],
			[6, [7, 6, 7]],
			[5, [6, 7, 6]],
			[4, [6, 6, 7]]
		];
		for (const [index, visit] of visits.slice(0, 3).entries()) {
			const now = hourBefore(visit.appointment.start);
			const state = await loadCheckIn(db(), visit.link, now);
			expect(state).toMatchObject({ kind: 'open', visitNumber: index + 1, psfs: null });
			const [nprs, peg] = scores[index]!;
			expect((await submit(visit.link, answers(nprs, peg), now)).kind).toBe('saved');
			await setAppointmentStatus(db(), visit.appointment.id, {
				status: 'completed',
				now: visit.appointment.end
			});
		}
		const fourth = visits[3]!;
		const now = hourBefore(fourth.appointment.start);
		// The link: PSFS is due, but no activity was named through this appointment.
		expect(await loadCheckIn(db(), fourth.link, now)).toMatchObject({
			kind: 'open',
			visitNumber: 4,
			psfs: null
		});
		const started = await startKiosk(db(), fourth.appointment.id, frontDesk, context(now));
		if (started.kind !== 'started') throw new Error(`expected started, got ${started.kind}`);
		const kiosk = { via: 'kiosk', token: started.token } as const;
		expect(await loadCheckIn(db(), kiosk, now)).toMatchObject({
			kind: 'open',
			visitNumber: 4,
			psfs: activities.map(({ id, name }) => ({ id, name }))
		});
		const missing = await submit(kiosk, answers(4, [6, 6, 7]), now);
		expect(missing.kind).toBe('invalid');
		if (missing.kind === 'invalid') {
			expect(Object.keys(missing.errors)).toEqual(['psfs-score-1', 'psfs-score-2', 'psfs-score-3']);
		}
		const psfs = { 'psfs-score-1': '6', 'psfs-score-2': '5', 'psfs-score-3': '7' };
		expect((await submit(kiosk, answers(4, [6, 6, 7], psfs), now)).kind).toBe('saved');
		const stored = await responses(fourth.appointment.id);
		expect(stored.map((row) => [row.scale, row.score_tenths])).toEqual([
			['nprs', 40],
			['peg', 63],
			['psfs', 60]
		]);
		expect(JSON.parse(stored[2]!.items_json)).toEqual({
			activities: [
				{ id: 'activity-1', name: 'Walking the dog', score: 6 },
				{ id: 'activity-2', name: 'Gardening', score: 5 },
				{ id: 'activity-3', name: 'Sleeping through the night', score: 7 }
			]
		});

		// The trend: pain fell from 7 to 4 (3 points: meaningful), PEG from 7 to 6.3 (less than
		// the 1 point that counts), activities rose from 3 to 6 (3 points: meaningful).
		const trends = await loadPatientTrends(db(), patientId);
		expect(trends.map((trend) => [trend.scale, trend.scores, trend.chart?.verdict])).toEqual([
			['nprs', 5, 'improved'],
			['peg', 5, 'no_meaningful_change'],
			['psfs', 2, 'improved']
		]);
		const nprs = trends[0]!.chart!;
		expect(nprs.table.rows.map((row) => [row.date, row.scoreText])).toEqual([
			['2027-03-02', '7'],
			['2027-03-06', '7'],
			['2027-03-08', '6'],
			['2027-03-09', '5'],
			['2027-03-10', '4']
		]);
		expect((await loadPatientProgress(db(), patientId)).map((chart) => chart.scale)).toEqual([
			'nprs',
			'peg',
			'psfs'
		]);
		// Outcomes are for clinicians: the front desk gets nothing.
		expect(await loadStaffOutcomeTrends(db(), patientId, frontDesk)).toBeNull();
		const practitioner: StaffActor = { userId: 'p-1', name: 'Mei', role: 'practitioner' };
		expect(await loadStaffOutcomeTrends(db(), patientId, practitioner)).toHaveLength(3);
	});

	it('shows a patient no progress before they have two scores', async () => {
		const { appointment } = await bookVisit('2027-03-13', 'ci-new');
		expect(await loadPatientProgress(db(), appointment.patientId)).toEqual([]);
	});

	// Hazard H6a: without a health form for the visit, the check-in once asked the back set,
	// so a headache patient answered questions about their back.
	it('asks the sets of the reason the health form gave, or every set when no form gives one', async () => {
		const first = await bookVisit('2027-03-09', 'ci-reason', 0, 'staff');
		const second = await bookVisit('2027-03-10', 'ci-reason', 0, 'staff');
		const patientId = first.appointment.patientId;
		expect(second.appointment.patientId).toBe(patientId);
		const formAt = hourBefore(first.appointment.start).subtract({ hours: 24 });
		const pain = {
			reasons: ['headache' as const],
			regions: ['head'],
			onset: '2027-01-04',
			duration: 'chronic' as const,
			weeks: 9
		};
		const intakeId = await insertIntake(db(), {
			patientId,
			appointmentId: first.appointment.id,
			steps: { pain },
			now: formAt
		});
		await markIntakeSubmitted(db(), intakeId, formAt);

		// The visit with the health form: its reason, headache, through the link.
		const own = await loadCheckIn(db(), first.link, hourBefore(first.appointment.start));
		expect(own).toMatchObject({ kind: 'open', redFlagSets: ['headache'], reasonKnown: true });

		// The next visit has no form of its own. The link reaches only its appointment (ADR
		// 0029), so it asks every set, never the back set alone.
		const now = hourBefore(second.appointment.start);
		const linked = await loadCheckIn(db(), second.link, now);
		expect(linked).toMatchObject({
			kind: 'open',
			redFlagSets: [...conditionSetIds],
			reasonKnown: false
		});
		const backOnly = Object.fromEntries(
			askedQuestionIds(['back'], 'since_last_visit').map((id) => [id, 'no'])
		);
		const refused = await submit(
			second.link,
			{ nprs: '4', 'peg-pain': '4', 'peg-enjoyment': '4', 'peg-activity': '4', ...backOnly },
			now
		);
		expect(refused.kind).toBe('invalid');
		if (refused.kind === 'invalid') {
			expect(Object.keys(refused.errors)).toContain('headache-sudden-worst');
		}
		// The kiosk, handed over by staff, reads the patient's latest form: the headache set.
		const started = await startKiosk(db(), second.appointment.id, frontDesk, context(now));
		if (started.kind !== 'started') throw new Error(`expected started, got ${started.kind}`);
		const kiosk = { via: 'kiosk', token: started.token } as const;
		const atDesk = await loadCheckIn(db(), kiosk, now);
		expect(atDesk).toMatchObject({ kind: 'open', redFlagSets: ['headache'], reasonKnown: true });
		if (atDesk.kind === 'open') {
			expect(atDesk.redFlagSections.every((section) => section.set === 'headache')).toBe(true);
		}
	});

	it('lets a kiosk token open and answer one check-in once, and records who started it', async () => {
		const { appointment } = await bookVisit('2027-03-13', 'ci-kiosk', 1);
		const now = hourBefore(appointment.start);
		const started = await startKiosk(db(), appointment.id, frontDesk, context(now));
		if (started.kind !== 'started') throw new Error(`expected started, got ${started.kind}`);
		const kiosk = { via: 'kiosk', token: started.token } as const;
		expect(await loadCheckIn(db(), kiosk, now.add({ minutes: 1 }))).toMatchObject({
			kind: 'open'
		});
		const stored = await db()
			.selectFrom('kiosk_token')
			.select(['token_hash', 'created_by_name'])
			.where('appointment_id', '=', appointment.id)
			.execute();
		expect(stored).toEqual([{ token_hash: expect.any(String), created_by_name: 'Frankie Desk' }]);
		expect(stored[0]?.token_hash).not.toBe(started.token);
		const audit = await db()
			.selectFrom('audit_event')
			.select(['actor_label', 'patient_id'])
			.where('action', '=', 'outcomes.kiosk_started')
			.where('subject_id', '=', String(appointment.id))
			.execute();
		expect(audit).toEqual([{ actor_label: 'Frankie Desk', patient_id: appointment.patientId }]);

		const saved = await submit(kiosk, answers(3, [3, 3, 3]), now.add({ minutes: 2 }));
		expect(saved).toEqual({ kind: 'saved', outcome: 'none' });
		expect((await responses(appointment.id)).map((row) => row.source)).toEqual(['kiosk', 'kiosk']);
		// Used up: the page and a second submit are refused, and nothing more is stored.
		expect(await loadCheckIn(db(), kiosk, now.add({ minutes: 3 }))).toEqual({
			kind: 'kiosk_ended'
		});
		expect(await submit(kiosk, answers(9, [9, 9, 9]), now.add({ minutes: 3 }))).toEqual({
			kind: 'kiosk_ended'
		});
		expect(await responses(appointment.id)).toHaveLength(2);
	});

	it('lets a kiosk token expire after 20 minutes, unused', async () => {
		const { appointment } = await bookVisit('2027-03-13', 'ci-expire', 2);
		const now = hourBefore(appointment.start);
		const started = await startKiosk(db(), appointment.id, frontDesk, context(now));
		if (started.kind !== 'started') throw new Error(`expected started, got ${started.kind}`);
		const kiosk = { via: 'kiosk', token: started.token } as const;
		const late = now.add({ minutes: 20 });
		expect(await loadCheckIn(db(), kiosk, late)).toEqual({ kind: 'kiosk_ended' });
		expect(await submit(kiosk, answers(3, [3, 3, 3]), late)).toEqual({ kind: 'kiosk_ended' });
		expect(await responses(appointment.id)).toEqual([]);
		// A made-up token finds nothing.
		const guess = { via: 'kiosk', token: 'x'.repeat(43) } as const;
		expect(await loadCheckIn(db(), guess, now)).toEqual({ kind: 'not_found' });
	});
});
