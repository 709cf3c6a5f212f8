import { Temporal } from 'temporal-polyfill';
import { contraindicationItemsForStep } from '$lib/domain/intake/contraindications';
import type { IntakeStepData } from '$lib/domain/intake/intake-steps';
import { classifyPainDuration, daysSinceOnset } from '$lib/domain/intake/pain-duration';
import { screenRedFlags, redFlagQuestions } from '$lib/domain/intake/red-flags';
import { scorePeg, scorePsfs, type PegItemId } from '$lib/domain/outcomes/scales';

/*
 * The demo clinic's past patients with back pain, so that the owner's outcome report has
 * something honest to show: 30 clearly fictional patients ("Demo Patient 01", emails at
 * example.com, phone numbers in the 555-01xx range kept for fiction), each with a submitted
 * intake, a course of weekly visits in the first half of 2026 and NPRS and PEG answers.
 *
 * Nothing here is random: every figure comes from the table below, so the report on the demo
 * data is the same on every run. The table mixes patients who got better, who did not change
 * and who got worse; a few started with little pain (3 or less), reported apart (ADR 0041);
 * some did not answer often enough (missing data); and six are not in the
 * report (too few visits, pain not yet chronic, or pain that is not in the lower back).
 * Every patient comes at one fixed weekly time with one practitioner, and patients sharing a
 * time come in different waves (February to April, June to August), so no two appointments of
 * one practitioner or room overlap.
 */

type Missing = 'no-check-ins' | 'no-peg-check-ins' | 'no-nprs-check-ins' | 'some-skipped';

interface DemoOutcomeProfile {
	regions: string[];
	/** Weeks between the pain starting and the intake. */
	onsetWeeks: number;
	/** Visits the patient came to. */
	attended: number;
	/** NPRS at intake and at the last visit. */
	nprs: [number, number];
	/** PEG (the average of its three items) at intake and at the last visit, roughly. */
	peg: [number, number];
	missing?: Missing;
	/** One appointment that was not a visit, in the week after the second visit. */
	extra?: 'no_show' | 'cancelled';
	/** The last visit was left marked arrived, never completed. */
	lastArrived?: boolean;
}

const both = ['left-lower-back', 'right-lower-back'];

/** The 30 demo patients, in order; comments say where each lands in the report. */
const profiles: DemoOutcomeProfile[] = [
	{ regions: both, onsetWeeks: 40, attended: 6, nprs: [7, 3], peg: [7, 4] },
	{
		regions: ['right-lower-back'],
		onsetWeeks: 26,
		attended: 8,
		nprs: [8, 4],
		peg: [8, 5],
		extra: 'no_show'
	},
	{
		regions: ['left-lower-back', 'left-buttock'],
		onsetWeeks: 104,
		attended: 5,
		nprs: [6, 5],
		peg: [6, 5.5]
	},
	// Worse on both scales.
	{ regions: both, onsetWeeks: 52, attended: 6, nprs: [5, 7], peg: [5, 6.5] },
	{
		regions: ['right-lower-back', 'right-thigh-back'],
		onsetWeeks: 20,
		attended: 7,
		nprs: [7, 4],
		peg: [6, 4]
	},
	{ regions: both, onsetWeeks: 60, attended: 4, nprs: [6, 4], peg: [6, 5] },
	// PEG missing: answered NPRS at visits but never PEG after the intake.
	{
		regions: ['left-lower-back'],
		onsetWeeks: 16,
		attended: 6,
		nprs: [8, 6],
		peg: [7, 6.5],
		missing: 'no-peg-check-ins'
	},
	{ regions: [...both, 'middle-back'], onsetWeeks: 200, attended: 8, nprs: [5, 4], peg: [5, 4.5] },
	{
		regions: ['right-lower-back'],
		onsetWeeks: 30,
		attended: 5,
		nprs: [9, 5],
		peg: [8, 5],
		extra: 'no_show'
	},
	{ regions: both, onsetWeeks: 14, attended: 6, nprs: [4, 3], peg: [4, 3] },
	// Missing on both scales: answered the intake, never a check-in.
	{
		regions: both,
		onsetWeeks: 78,
		attended: 6,
		nprs: [6, 6],
		peg: [6, 6],
		missing: 'no-check-ins'
	},
	{
		regions: ['left-lower-back'],
		onsetWeeks: 45,
		attended: 7,
		nprs: [7, 2],
		peg: [7, 3],
		extra: 'cancelled'
	},
	{ regions: both, onsetWeeks: 90, attended: 5, nprs: [3, 2], peg: [3, 2] },
	// Worse on both scales.
	{ regions: [...both, 'right-buttock'], onsetWeeks: 35, attended: 6, nprs: [6, 8], peg: [5, 6] },
	{
		regions: ['right-lower-back'],
		onsetWeeks: 24,
		attended: 4,
		nprs: [8, 5],
		peg: [8, 6],
		lastArrived: true
	},
	{
		regions: both,
		onsetWeeks: 18,
		attended: 8,
		nprs: [7, 4],
		peg: [6, 3],
		missing: 'some-skipped',
		extra: 'no_show'
	},
	{ regions: ['left-lower-back'], onsetWeeks: 150, attended: 6, nprs: [6, 5], peg: [6, 6] },
	{ regions: both, onsetWeeks: 22, attended: 5, nprs: [5, 3], peg: [5, 4] },
	{ regions: ['right-lower-back'], onsetWeeks: 65, attended: 6, nprs: [7, 6], peg: [7, 6] },
	// NPRS missing: answered PEG at visits but never NPRS after the intake.
	{
		regions: both,
		onsetWeeks: 28,
		attended: 7,
		nprs: [8, 4],
		peg: [7, 4],
		missing: 'no-nprs-check-ins'
	},
	{ regions: both, onsetWeeks: 32, attended: 6, nprs: [6, 3], peg: [6, 3.5], extra: 'cancelled' },
	{ regions: ['left-lower-back'], onsetWeeks: 55, attended: 5, nprs: [7, 7], peg: [6, 6] },
	{ regions: both, onsetWeeks: 19, attended: 8, nprs: [6, 2], peg: [6, 2], lastArrived: true },
	{
		regions: both,
		onsetWeeks: 40,
		attended: 4,
		nprs: [5, 4],
		peg: [5, 4],
		missing: 'some-skipped'
	},
	// Not in the report: fewer than four visits.
	{ regions: both, onsetWeeks: 30, attended: 3, nprs: [7, 6], peg: [6, 6], extra: 'no_show' },
	{
		regions: ['right-lower-back'],
		onsetWeeks: 50,
		attended: 2,
		nprs: [8, 8],
		peg: [7, 7],
		extra: 'cancelled'
	},
	// Not in the report: acute (3 weeks) and subacute (9 weeks) pain.
	{ regions: both, onsetWeeks: 3, attended: 5, nprs: [7, 2], peg: [6, 2] },
	{ regions: ['left-lower-back'], onsetWeeks: 9, attended: 6, nprs: [6, 3], peg: [6, 3] },
	// Not in the report: chronic pain, but not in the lower back.
	{ regions: ['neck'], onsetWeeks: 80, attended: 6, nprs: [6, 4], peg: [5, 4] },
	{ regions: ['right-knee'], onsetWeeks: 40, attended: 5, nprs: [5, 3], peg: [5, 3] }
];

/** Patients in the demo outcome report: the first 24 of the table. */
export const demoOutcomeIncluded = 24;

/** A weekly time: which practitioner (by slug), on which weekday, at what time, in which room. */
interface WeeklySlot {
	practitioner: string;
	/** 0 or 1: the demo's two treatment rooms, in the order they were created. */
	room: number;
	weekday: number;
	time: string;
}

const mei = (weekday: number, time: string): WeeklySlot => ({
	practitioner: 'mei-lin-okafor',
	room: 0,
	weekday,
	time
});
const daniel = (weekday: number, time: string): WeeklySlot => ({
	practitioner: 'daniel-brandt',
	room: 1,
	weekday,
	time
});

/** Fifteen weekly times inside the practitioners' hours; a first visit (90 + 15 min) fits each. */
const slots: WeeklySlot[] = [
	mei(1, '09:00'),
	mei(1, '11:00'),
	mei(1, '13:00'),
	mei(1, '15:00'),
	mei(3, '09:00'),
	mei(3, '11:00'),
	mei(3, '13:00'),
	mei(3, '15:00'),
	daniel(2, '10:00'),
	daniel(2, '12:00'),
	daniel(2, '14:00'),
	daniel(5, '10:00'),
	daniel(5, '12:00'),
	daniel(5, '14:00'),
	daniel(4, '16:00')
];

/** The Monday each wave of patients starts from. */
const waveMondays = [Temporal.PlainDate.from('2026-02-02'), Temporal.PlainDate.from('2026-06-01')];

export interface DemoAppointment {
	/** Unique per appointment: the seed turns it into the manage token's hash. */
	key: string;
	practitioner: string;
	room: number;
	service: 'initial-acupuncture' | 'follow-up-acupuncture';
	start: Temporal.Instant;
	end: Temporal.Instant;
	blockedUntil: Temporal.Instant;
	status: 'completed' | 'arrived' | 'no_show' | 'cancelled';
	isNewPatient: boolean;
	cancelledAt: Temporal.Instant | null;
}

export interface DemoAnswer {
	/** The appointment's key; every demo answer belongs to one. */
	appointmentKey: string;
	scale: 'nprs' | 'peg' | 'psfs';
	scoreTenths: number;
	items: unknown;
	source: 'intake' | 'link' | 'kiosk';
	answeredAt: Temporal.Instant;
}

export interface DemoOutcomePatient {
	name: string;
	email: string;
	phone: string;
	createdAt: Temporal.Instant;
	intake: {
		appointmentKey: string;
		startedAt: Temporal.Instant;
		submittedAt: Temporal.Instant;
		steps: IntakeStepData;
	};
	appointments: DemoAppointment[];
	answers: DemoAnswer[];
}

const activities = [
	['Walking the dog', 'Gardening', 'Sleeping through the night'],
	['Lifting my grandchild', 'Driving to work', 'Playing golf'],
	['Sitting at my desk all day', 'Vacuuming', 'Going for a run']
];

const clamp = (score: number) => Math.min(10, Math.max(0, score));

/** PEG items whose average is close to `mean`: the sum is rounded, pain carries the remainder. */
function pegItemsFor(mean: number): Record<PegItemId, number> {
	const sum = Math.round(clamp(mean) * 3);
	const base = Math.floor(sum / 3);
	const remainder = sum - base * 3;
	return {
		'peg-pain': clamp(base + (remainder >= 1 ? 1 : 0)),
		'peg-enjoyment': base,
		'peg-activity': clamp(base + (remainder >= 2 ? 1 : 0))
	};
}

/** One answer to keep: the score in tenths, as the outcome tables store it. */
function demoAnswer(
	appointmentKey: string,
	scale: DemoAnswer['scale'],
	score: number,
	items: unknown,
	source: DemoAnswer['source'],
	answeredAt: Temporal.Instant
): DemoAnswer {
	return { appointmentKey, scale, scoreTenths: Math.round(score * 10), items, source, answeredAt };
}

function allNo(step: 'medications' | 'health') {
	return Object.fromEntries(
		contraindicationItemsForStep(step).map((item) => [item.id, { answer: 'no' as const }])
	);
}

/** The demo patients, their intakes, appointments and answers, for a clinic in `timeZone`. */
export function demoOutcomePatients(timeZone: string): DemoOutcomePatient[] {
	return profiles.map((profile, index) => {
		const number = String(index + 1).padStart(2, '0');
		const slot = slots[index % slots.length] as WeeklySlot;
		const wave = waveMondays[index < slots.length ? 0 : 1] as Temporal.PlainDate;
		const courseMonday = wave.add({ weeks: index % 3 });
		const at = (week: number, time: string) =>
			courseMonday
				.add({ weeks: week, days: slot.weekday - 1 })
				.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) })
				.toInstant();

		// Weeks of appointments: one a week; the extra one (not a visit) after the second visit.
		const kinds: ('visit' | 'extra')[] = Array.from({ length: profile.attended }, () => 'visit');
		if (profile.extra) kinds.splice(Math.min(2, kinds.length), 0, 'extra');
		const appointments: DemoAppointment[] = [];
		let visitIndex = 0;
		const visitKeys: string[] = [];
		kinds.forEach((kind, week) => {
			const start = at(week, slot.time);
			const first = week === 0;
			const minutes = first ? 90 : 60;
			const end = start.add({ minutes });
			const key = `demo-outcome-${number}-${week + 1}`;
			let status: DemoAppointment['status'] = 'completed';
			if (kind === 'extra') status = profile.extra ?? 'no_show';
			else if (profile.lastArrived && visitIndex === profile.attended - 1) status = 'arrived';
			appointments.push({
				key,
				practitioner: slot.practitioner,
				room: slot.room,
				service: first ? 'initial-acupuncture' : 'follow-up-acupuncture',
				start,
				end,
				blockedUntil: end.add({ minutes: 15 }),
				status,
				isNewPatient: first,
				cancelledAt: status === 'cancelled' ? start.subtract({ hours: 30 }) : null
			});
			if (kind === 'visit') {
				visitKeys.push(key);
				visitIndex++;
			}
		});

		const firstVisit = appointments[0] as DemoAppointment;
		const firstDay = firstVisit.start.toZonedDateTimeISO(timeZone).toPlainDate();
		const intakeDay = firstDay.subtract({ days: 3 });
		const startedAt = intakeDay
			.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from('19:00') })
			.toInstant();
		const submittedAt = startedAt.add({ minutes: 25 });
		const onset = intakeDay.subtract({ days: profile.onsetWeeks * 7 });

		const [nprsFirst, nprsLast] = profile.nprs;
		const [pegFirst, pegLast] = profile.peg;
		const span = Math.max(1, profile.attended - 1);
		const nprsAt = (visit: number) => {
			if (visit === 0) return nprsFirst;
			if (visit === profile.attended - 1) return nprsLast;
			const wobble = (index + visit) % 4 === 0 ? 1 : 0;
			return clamp(Math.round(nprsFirst + ((nprsLast - nprsFirst) * visit) / span) + wobble);
		};
		const pegAt = (visit: number) =>
			scorePeg(pegItemsFor(pegFirst + ((pegLast - pegFirst) * visit) / span));

		const baselineNprs = { scale: 'nprs' as const, score: nprsAt(0) };
		const baselinePeg = pegAt(0);
		const psfs = scorePsfs(
			(activities[index % activities.length] as string[]).map((name, row) => ({
				id: `activity-${row + 1}`,
				name,
				score: clamp(3 + ((index + row) % 4))
			}))
		);
		const answeredAtIntake = submittedAt.subtract({ minutes: 3 });
		const answers: DemoAnswer[] = [
			demoAnswer(
				firstVisit.key,
				'nprs',
				baselineNprs.score,
				{ nprs: baselineNprs.score },
				'intake',
				answeredAtIntake
			),
			demoAnswer(
				firstVisit.key,
				'peg',
				baselinePeg.score,
				baselinePeg.items,
				'intake',
				answeredAtIntake
			),
			demoAnswer(
				firstVisit.key,
				'psfs',
				psfs.score,
				{ activities: psfs.activities },
				'intake',
				answeredAtIntake
			)
		];
		visitKeys.forEach((key, visit) => {
			if (visit === 0 || profile.missing === 'no-check-ins') return;
			if (profile.missing === 'some-skipped' && (visit === 1 || visit === 2)) return;
			const appointment = appointments.find((entry) => entry.key === key) as DemoAppointment;
			// Even visits answered from the emailed link the evening before, odd ones at the kiosk.
			const byLink = visit % 2 === 0;
			const answeredAt = byLink
				? appointment.start.subtract({ hours: 15 })
				: appointment.start.subtract({ minutes: 8 });
			const source = byLink ? ('link' as const) : ('kiosk' as const);
			if (profile.missing !== 'no-nprs-check-ins') {
				const score = nprsAt(visit);
				answers.push(demoAnswer(key, 'nprs', score, { nprs: score }, source, answeredAt));
			}
			if (profile.missing !== 'no-peg-check-ins') {
				const peg = pegAt(visit);
				answers.push(demoAnswer(key, 'peg', peg.score, peg.items, source, answeredAt));
			}
		});

		const name = `Demo Patient ${number}`;
		const email = `demo.patient.${number}@example.com`;
		// 555-0180 to 555-0189, a block of the fictional range that tests do not use.
		const phone = `(${['414', '262', '608'][Math.floor(index / 10)]}) 555-018${index % 10}`;
		const dateOfBirth = Temporal.PlainDate.from({
			year: 1948 + ((index * 7) % 45),
			month: 1 + (index % 12),
			day: 10
		});
		const steps: IntakeStepData = {
			'about-you': {
				fullName: name,
				preferredName: null,
				dateOfBirth: dateOfBirth.toString(),
				age: dateOfBirth.until(intakeDay, { largestUnit: 'years' }).years,
				phone,
				email,
				emergencyContact: null
			},
			pain: {
				reasons: ['back'],
				regions: profile.regions,
				onset: onset.toString(),
				duration: classifyPainDuration(onset, intakeDay),
				weeks: Math.floor(daysSinceOnset(onset, intakeDay) / 7)
			},
			'red-flags': {
				answers: Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no'])),
				screening: screenRedFlags([])
			},
			history: {
				better: index % 2 === 0 ? 'Walking and a warm shower' : 'Lying down with my knees bent',
				worse: index % 2 === 0 ? 'Sitting for a long time' : 'Bending and lifting',
				previousTreatments: index % 3 === 0 ? ['physical-therapy', 'medication'] : ['massage'],
				previousTreatmentNotes: null
			},
			// The first demo patient names a medicine, so that the tests of who may read a record
			// (issue 12) have one to look for.
			medications: {
				answers: allNo('medications'),
				otherMedications: index === 0 ? 'Ibuprofen 200 mg when needed' : null
			},
			health: { answers: allNo('health') },
			pregnancy: { pregnancy: 'not-applicable', weeks: null },
			goals: { psfs },
			baseline: { nprs: baselineNprs, peg: baselinePeg }
		};

		return {
			name,
			email,
			phone,
			createdAt: startedAt.subtract({ hours: 4 * 24 }),
			intake: { appointmentKey: firstVisit.key, startedAt, submittedAt, steps },
			appointments,
			answers
		};
	});
}
