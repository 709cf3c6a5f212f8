import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { toDbInstant } from '../db/instant';
import { listAuditEvents } from '../db/repositories/audit-repository';
import type { Database } from '../db/schema';
import { seedDemoClinicIfEmpty } from '../db/seed/seed';
import type { StaffActor } from './audit';
import {
	loadOutcomeReport,
	loadPublishedOutcomeSummary,
	publishOutcomeSummary,
	publishedOutcomeSummaryDate,
	unpublishOutcomeSummary
} from './outcome-report';

/*
 * The clinic outcome report against real databases, on a clinic built by hand below. Every
 * expected figure is worked out by hand in the comments, patient by patient; none comes from
 * the code under test.
 */

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const now = Temporal.Instant.from('2027-06-01T15:00:00Z');
const context = { now, request: { ip: '192.0.2.9', requestId: 'outcomes' } };
const zone = 'America/Chicago';
/** Monday 4 January 2027, 07:00 in Chicago: the current courses start from here. */
const courseStart = Temporal.ZonedDateTime.from('2027-01-04T07:00[America/Chicago]');

type Status = 'completed' | 'arrived' | 'no_show' | 'cancelled' | 'booked';
type Scores = { nprs?: number; peg?: number };

/** Builds patients with intakes, appointments and answers directly in the tables. */
class ClinicBuilder {
	private appointments = 0;
	constructor(
		private db: Kysely<Database>,
		private ids: { location: number; practitioner: number; service: number }
	) {}

	/** Every patient, name and email, so the test can look for them in what is published. */
	readonly people: { name: string; email: string }[] = [];

	async patient(name: string): Promise<number> {
		const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
		this.people.push({ name, email });
		const row = await this.db
			.insertInto('patient')
			.values({
				name,
				email,
				email_normalized: email,
				name_normalized: name.toLowerCase(),
				phone: '(414) 555-0100',
				created_at: toDbInstant(courseStart.toInstant().subtract({ hours: 24 * 400 }))
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	/**
	 * An appointment in week `week` of the current course (negative weeks: an earlier course);
	 * each patient has their own hour, so no two appointments overlap.
	 */
	async appointment(patientId: number, week: number, status: Status): Promise<number> {
		this.appointments++;
		const start = courseStart.add({ weeks: week }).add({ hours: patientId }).toInstant();
		const end = start.add({ minutes: 45 });
		const row = await this.db
			.insertInto('appointment')
			.values({
				location_id: this.ids.location,
				practitioner_id: this.ids.practitioner,
				room_id: null,
				service_id: this.ids.service,
				patient_id: patientId,
				starts_at: toDbInstant(start),
				ends_at: toDbInstant(end),
				blocked_from: toDbInstant(start),
				blocked_until: toDbInstant(end),
				status,
				is_new_patient: 0,
				note: null,
				source: 'staff',
				manage_token_hash: `test-${patientId}-${week}-${this.appointments}`,
				created_at: toDbInstant(start.subtract({ hours: 24 * 30 })),
				updated_at: toDbInstant(start),
				cancelled_at: status === 'cancelled' ? toDbInstant(start) : null,
				cancel_reason: status === 'cancelled' ? 'Test' : null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	async intake(
		patientId: number,
		pain: { regions: string[]; duration: 'acute' | 'subacute' | 'chronic' },
		options: { submitted?: boolean; startedAt?: Temporal.Instant } = {}
	): Promise<Temporal.Instant> {
		// Two days before the first visit of the current course, unless told otherwise.
		const startedAt =
			options.startedAt ??
			courseStart.add({ hours: patientId }).toInstant().subtract({ hours: 48 });
		const submittedAt = startedAt.add({ minutes: 20 });
		await this.db
			.insertInto('intake_form')
			.values({
				patient_id: patientId,
				appointment_id: null,
				steps_json: JSON.stringify({
					pain: { ...pain, onset: '2026-01-01', weeks: 40 }
				}),
				started_at: toDbInstant(startedAt),
				updated_at: toDbInstant(submittedAt),
				submitted_at: options.submitted === false ? null : toDbInstant(submittedAt)
			})
			.execute();
		return startedAt;
	}

	async answers(
		patientId: number,
		appointmentId: number | null,
		scores: Scores,
		source: 'intake' | 'link' | 'kiosk',
		answeredAt: Temporal.Instant
	): Promise<void> {
		for (const scale of ['nprs', 'peg'] as const) {
			const score = scores[scale];
			if (score === undefined) continue;
			await this.db
				.insertInto('outcome_response')
				.values({
					patient_id: patientId,
					appointment_id: appointmentId,
					scale,
					score_tenths: Math.round(score * 10),
					items_json: '{}',
					source,
					answered_at: toDbInstant(answeredAt)
				})
				.execute();
		}
	}

	/**
	 * A patient with a submitted intake (baseline scores given at the intake), and one
	 * appointment a week with the given status and check-in scores.
	 */
	async course(
		name: string,
		pain: { regions: string[]; duration: 'acute' | 'subacute' | 'chronic' },
		baseline: Scores,
		weeks: { status: Status; checkIn?: Scores }[]
	): Promise<number> {
		const patientId = await this.patient(name);
		const startedAt = await this.intake(patientId, pain);
		const ids: number[] = [];
		for (const [week, visit] of weeks.entries()) {
			ids.push(await this.appointment(patientId, week, visit.status));
		}
		await this.answers(
			patientId,
			ids[0] ?? null,
			baseline,
			'intake',
			startedAt.add({ minutes: 10 })
		);
		for (const [week, visit] of weeks.entries()) {
			if (!visit.checkIn) continue;
			const answeredAt = courseStart.add({ weeks: week, hours: patientId }).toInstant();
			await this.answers(patientId, ids[week] ?? null, visit.checkIn, 'kiosk', answeredAt);
		}
		return patientId;
	}
}

const lowBack = { regions: ['left-lower-back', 'right-lower-back'], duration: 'chronic' as const };
const done = (checkIn?: Scores) => ({ status: 'completed' as const, checkIn });

/** The hand-made clinic: 8 patients included, 5 with an intake but left out, 1 draft only. */
async function buildHandMadeClinic(clinic: ClinicBuilder): Promise<void> {
	// P1, improves. NPRS 7 -> 4: -3, improved. PEG 6.0 -> 4.0: -2.0, improved.
	await clinic.course('Pat One', lowBack, { nprs: 7, peg: 6 }, [
		done(),
		done({ nprs: 6, peg: 5 }),
		done({ nprs: 5, peg: 4.7 }),
		done({ nprs: 4, peg: 4 })
	]);
	// P2, right side only. NPRS 6 -> 5: -1 (17%), no change. PEG 5.0 -> 4.3: -0.7, no change.
	await clinic.course(
		'Pat Two',
		{ regions: ['right-lower-back'], duration: 'chronic' },
		{ nprs: 6, peg: 5 },
		[
			done(),
			done({ nprs: 6, peg: 5 }),
			done({ nprs: 5, peg: 5 }),
			done({ nprs: 6, peg: 4.7 }),
			done({ nprs: 5, peg: 4.3 })
		]
	);
	// P3, lower back and neck. NPRS 4 -> 6: +2, worse. PEG 4.0 -> 5.0: +1.0, worse.
	await clinic.course(
		'Pat Three',
		{ regions: ['neck', 'left-lower-back'], duration: 'chronic' },
		{ nprs: 4, peg: 4 },
		[done(), done(), done(), done({ nprs: 6, peg: 5 })]
	);
	// P4, no PEG after the intake. NPRS 3 -> 2: -1 (33%), but a first score of 3 or less is
	// reported apart (ADR 0041). PEG: one score, missing.
	await clinic.course('Pat Four', lowBack, { nprs: 3, peg: 6 }, [
		done(),
		done({ nprs: 3 }),
		done({ nprs: 2 }),
		done({ nprs: 2 })
	]);
	// P5, six visits, never answered after the intake: missing on both.
	await clinic.course('Pat Five', lowBack, { nprs: 8, peg: 7 }, [
		done(),
		done(),
		done(),
		done(),
		done(),
		done()
	]);
	// P6, no intake baseline; first visit's check-in is the first score.
	// NPRS 9 -> 7: -2, improved. PEG 8.0 -> 7.7: -0.3, no change.
	await clinic.course('Pat Six', lowBack, {}, [
		done({ nprs: 9, peg: 8 }),
		done(),
		done(),
		done({ nprs: 7, peg: 7.7 })
	]);
	// P7, a corrected baseline (5, then 8: the later counts), a first-visit check-in of 2 that
	// the baseline overrides, and a no-show and a cancellation with answers that do not count.
	// NPRS 8 -> 6: -2, improved. PEG 6.0 -> 6.0: 0, no change.
	const p7 = await clinic.course('Pat Seven', lowBack, { nprs: 5, peg: 6 }, [
		done({ nprs: 2 }),
		{ status: 'no_show', checkIn: { nprs: 0, peg: 0 } },
		done(),
		{ status: 'cancelled', checkIn: { nprs: 0 } },
		done(),
		done({ nprs: 6, peg: 6 })
	]);
	await clinic.answers(
		p7,
		null,
		{ nprs: 8 },
		'intake',
		courseStart.add({ hours: p7 }).toInstant().subtract({ hours: 47 })
	);
	// P13, the last visit marked arrived (still a visit). NPRS 5 -> 5: 0, no change.
	// PEG 5.0 -> 3.7: -1.3, improved.
	await clinic.course('Pat Thirteen', lowBack, { nprs: 5, peg: 5 }, [
		done(),
		done(),
		done(),
		{ status: 'arrived', checkIn: { nprs: 5, peg: 3.7 } }
	]);

	// Left out, fewer than four visits: three completed, a no-show and one still booked.
	await clinic.course('Pat Eight', lowBack, { nprs: 7, peg: 7 }, [
		done(),
		done({ nprs: 2, peg: 2 }),
		{ status: 'no_show' },
		done({ nprs: 1, peg: 1 }),
		{ status: 'booked' }
	]);
	// Left out, subacute.
	await clinic.course(
		'Pat Nine',
		{ regions: ['left-lower-back'], duration: 'subacute' },
		{ nprs: 7, peg: 7 },
		[done(), done(), done(), done(), done({ nprs: 2, peg: 2 })]
	);
	// Left out, chronic but not the lower back (upper and middle back, a buttock).
	await clinic.course(
		'Pat Ten',
		{ regions: ['upper-back', 'middle-back', 'left-buttock'], duration: 'chronic' },
		{ nprs: 7, peg: 7 },
		[done(), done(), done(), done(), done({ nprs: 2, peg: 2 })]
	);
	// Not counted at all: an intake never submitted.
	const p11 = await clinic.patient('Pat Eleven');
	await clinic.intake(p11, lowBack, { submitted: false });
	for (const week of [0, 1, 2, 3, 4]) await clinic.appointment(p11, week, 'completed');
	// Left out: the earlier intake said low back, the latest submitted one says neck.
	const p12 = await clinic.patient('Pat Twelve');
	await clinic.intake(p12, lowBack, {
		startedAt: courseStart.toInstant().subtract({ hours: 24 * 200 })
	});
	await clinic.intake(p12, { regions: ['neck'], duration: 'chronic' });
	for (const week of [0, 1, 2, 3, 4]) await clinic.appointment(p12, week, 'completed');
	// Left out: two visits in an earlier course (a year before) and two since the latest intake.
	const p14 = await clinic.patient('Pat Fourteen');
	await clinic.appointment(p14, -52, 'completed');
	await clinic.appointment(p14, -51, 'completed');
	await clinic.intake(p14, lowBack);
	await clinic.appointment(p14, 0, 'completed');
	await clinic.appointment(p14, 1, 'completed');
}

/** A patient who is included, NPRS 6 -> 4 (-2, improved) and PEG 5.0 -> 4.0 (-1.0, improved). */
async function addFiller(clinic: ClinicBuilder, number: number): Promise<void> {
	await clinic.course(`Filler Person ${number}`, lowBack, { nprs: 6, peg: 5 }, [
		done(),
		done(),
		done(),
		done({ nprs: 4, peg: 4 })
	]);
}

async function setUp(database: TestDatabase): Promise<ClinicBuilder> {
	const db = database.handle.db;
	const location = await db
		.insertInto('location')
		.values({
			slug: 'test',
			name: 'Test clinic',
			street: '1 Test Street',
			city: 'Milwaukee',
			region: 'WI',
			postal_code: '53202',
			country: 'US',
			time_zone: zone,
			phone: '+1-414-555-0100',
			directions_url: 'https://example.com',
			directions_text: 'Test'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const practitioner = await db
		.insertInto('practitioner')
		.values({
			slug: 'test-practitioner',
			name: 'Test Practitioner',
			credentials: 'L.Ac.',
			title: 'Acupuncturist',
			summary: 'Test',
			bio_markdown: 'Test',
			display_order: 1,
			active: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const service = await db
		.insertInto('service')
		.values({
			slug: 'test-service',
			name: 'Test service',
			summary: 'Test',
			duration_minutes: 45,
			buffer_before_minutes: 0,
			buffer_after_minutes: 0,
			price_cents: 1000,
			room_kind: null,
			bookable_online: 1,
			new_patients_only: 0,
			display_order: 1,
			active: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return new ClinicBuilder(db, {
		location: location.id,
		practitioner: practitioner.id,
		service: service.id
	});
}

/** Every key and every string in a JSON value, looking through objects and arrays. */
function keysAndStrings(value: unknown, keys = new Set<string>(), strings: string[] = []) {
	if (typeof value === 'string') strings.push(value);
	else if (Array.isArray(value)) for (const item of value) keysAndStrings(item, keys, strings);
	else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			keys.add(key);
			keysAndStrings(item, keys, strings);
		}
	}
	return { keys, strings };
}

describe.each(dialects)('the clinic outcome report on %s', (dialect) => {
	let database: TestDatabase;
	let clinic: ClinicBuilder;
	const db = () => database.handle.db;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		clinic = await setUp(database);
		await buildHandMadeClinic(clinic);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	it('is for the owner only', async () => {
		for (const role of ['practitioner', 'front_desk'] as const) {
			const staff = { ...owner, role };
			expect((await loadOutcomeReport(db(), staff, context)).kind, role).toBe('forbidden');
			expect((await publishOutcomeSummary(db(), { confirm: 'yes' }, staff, context)).kind).toBe(
				'forbidden'
			);
			expect((await unpublishOutcomeSummary(db(), staff, context)).kind).toBe('forbidden');
		}
	});

	it('counts the hand-made clinic as worked out by hand', async () => {
		const result = await loadOutcomeReport(db(), owner, context);
		if (result.kind !== 'ok') throw new Error('expected the report');
		// P1-P7 and P13.
		expect(result.report.included).toBe(8);
		// Everyone with a submitted intake: 13 (Pat Eleven's intake is a draft).
		expect(result.withIntake).toBe(13);
		// Not the lower back: P10, and P12 by their latest intake. Subacute: P9. Too few visits:
		// P8 (three) and P14 (two since the latest intake; the year-old course does not count).
		expect(result.exclusions).toEqual({ not_low_back: 2, not_chronic: 1, too_few_visits: 2 });
		// NPRS changes: P1 -3, P2 -1, P3 +2, P4 -1, P6 -2, P7 -2, P13 0; P5 missing.
		// Sorted -3 -2 -2 [-1] -1 0 +2: median -1.
		expect(result.report.nprs).toEqual({
			withData: 7,
			improved: 3,
			noMeaningfulChange: 2,
			worsened: 1,
			startedNearBest: 1,
			startedNearBestWorsened: 0,
			missing: 1,
			medianChange: -1
		});
		// PEG changes: P1 -2.0, P2 -0.7, P3 +1.0, P6 -0.3, P7 0, P13 -1.3; P4 and P5 missing.
		// Sorted -2.0 -1.3 [-0.7 -0.3] 0 +1.0: median -0.5.
		expect(result.report.peg).toEqual({
			withData: 6,
			improved: 2,
			noMeaningfulChange: 3,
			worsened: 1,
			startedNearBest: 0,
			startedNearBestWorsened: 0,
			missing: 2,
			medianChange: -0.5
		});
		expect(result.report.publishable).toBe(false);
		expect(result.published).toBeNull();
		expect(result.computedAtText).toBe('June 1, 2027 at 10:00 am (Milwaukee time)');
	});

	it('records each viewing in the audit log, with counts only', async () => {
		const viewed = (await listAuditEvents(db())).filter(
			(event) => event.action === 'outcomes.report_viewed'
		);
		expect(viewed.length).toBeGreaterThanOrEqual(1);
		expect(viewed[0]?.actor.id).toBe('owner-1');
		expect(viewed[0]?.patientId ?? null).toBeNull();
		expect(viewed[0]?.after).toEqual({ included: 8 });
	});

	it('refuses to publish without the confirmation', async () => {
		const result = await publishOutcomeSummary(db(), {}, owner, context);
		expect(result.kind === 'invalid' && result.errors.confirm).toMatch(/Tick the box/);
	});

	it('refuses to publish with 19 patients, and says why', async () => {
		for (let number = 1; number <= 11; number++) await addFiller(clinic, number);
		const result = await publishOutcomeSummary(db(), { confirm: 'yes' }, owner, context);
		expect(result).toEqual({
			kind: 'refused',
			message: expect.stringMatching(/has 19 patients; it can be published once at least 20/)
		});
		expect(await loadPublishedOutcomeSummary(db())).toBeNull();
		expect(await db().selectFrom('outcome_summary').select('id').execute()).toEqual([]);
	});

	it('publishes at 20 patients a snapshot with the figures worked out by hand', async () => {
		await addFiller(clinic, 12);
		const result = await publishOutcomeSummary(db(), { confirm: 'yes' }, owner, context);
		expect(result).toMatchObject({ kind: 'published', included: 20 });
		const published = await loadPublishedOutcomeSummary(db());
		// Twelve fillers add 12 NPRS changes of -2 and 12 PEG changes of -1.0, all improved.
		// NPRS, 19 with data: -3, -2 x 14, -1, -1, 0, +2; the 10th is -2.
		expect(published?.summary.nprs).toEqual({
			withData: 19,
			improved: 15,
			noMeaningfulChange: 2,
			worsened: 1,
			startedNearBest: 1,
			startedNearBestWorsened: 0,
			missing: 1,
			medianChange: -2
		});
		// PEG, 18 with data: -2.0, -1.3, -1.0 x 12, -0.7, -0.3, 0, +1.0; 9th and 10th are -1.0.
		expect(published?.summary.peg).toEqual({
			withData: 18,
			improved: 14,
			noMeaningfulChange: 3,
			worsened: 1,
			startedNearBest: 0,
			startedNearBestWorsened: 0,
			missing: 2,
			medianChange: -1
		});
		expect(published?.summary.included).toBe(20);
		expect(published?.summary.computedOn).toBe('2027-06-01');
		expect(published?.publishedOn).toBe('2027-06-01');
		expect(published?.summary.limitations[1]).toMatch(/no comparison group/);
		expect(await publishedOutcomeSummaryDate(db())).toBe('2027-06-01');
		const events = await listAuditEvents(db());
		expect(events.find((event) => event.action === 'outcomes.summary_published')?.after).toEqual({
			included: 20,
			computedOn: '2027-06-01'
		});
	});

	it('stores nothing that identifies a person: no names, emails or ids', async () => {
		const rows = await db().selectFrom('outcome_summary').selectAll().execute();
		expect(rows).toHaveLength(1);
		const json = rows[0]?.summary_json ?? '';
		const { keys, strings } = keysAndStrings(JSON.parse(json));
		expect([...keys].sort()).toEqual(
			[
				'computedOn',
				'included',
				'minimumVisits',
				'nprs',
				'peg',
				'limitations',
				'withData',
				'improved',
				'noMeaningfulChange',
				'worsened',
				'startedNearBest',
				'startedNearBestWorsened',
				'missing',
				'medianChange'
			].sort()
		);
		const published = await loadPublishedOutcomeSummary(db());
		expect(strings).toEqual(['2027-06-01', ...(published?.summary.limitations ?? [])]);
		for (const person of clinic.people) {
			expect(json).not.toContain(person.name);
			expect(json).not.toContain(person.email);
		}
		expect(json).not.toMatch(/@|patient_?id/i);
	});

	it('a second publication replaces the first; taking it down leaves nothing on the site', async () => {
		const later = { ...context, now: now.add({ hours: 24 }) };
		expect((await publishOutcomeSummary(db(), { confirm: 'yes' }, owner, later)).kind).toBe(
			'published'
		);
		expect((await loadPublishedOutcomeSummary(db()))?.publishedOn).toBe('2027-06-02');
		expect(await unpublishOutcomeSummary(db(), owner, later)).toEqual({ kind: 'unpublished' });
		expect(await loadPublishedOutcomeSummary(db())).toBeNull();
		expect(await publishedOutcomeSummaryDate(db())).toBeNull();
		expect(await unpublishOutcomeSummary(db(), owner, later)).toEqual({ kind: 'not_published' });
		// Both stay on record, withdrawn.
		const rows = await db().selectFrom('outcome_summary').select('withdrawn_at').execute();
		expect(rows).toHaveLength(2);
		expect(rows.every((row) => row.withdrawn_at !== null)).toBe(true);
		const actions = (await listAuditEvents(db())).map((event) => event.action);
		expect(actions.filter((action) => action === 'outcomes.summary_published')).toHaveLength(2);
		expect(actions.filter((action) => action === 'outcomes.summary_unpublished')).toHaveLength(1);
	});

	it('a summary counted under the earlier "2 points or 30%" rule is not shown on the website', async () => {
		const later = { ...context, now: now.add({ hours: 48 }) };
		expect((await publishOutcomeSummary(db(), { confirm: 'yes' }, owner, later)).kind).toBe(
			'published'
		);
		// Rewrite the stored snapshot as one published before ADR 0041 would be.
		const [row] = await db()
			.selectFrom('outcome_summary')
			.select(['id', 'summary_json'])
			.where('withdrawn_at', 'is', null)
			.execute();
		const old = JSON.parse(row?.summary_json ?? '{}') as Record<string, Record<string, unknown>>;
		for (const scale of ['nprs', 'peg']) {
			delete old[scale]?.startedNearBest;
			delete old[scale]?.startedNearBestWorsened;
		}
		await db()
			.updateTable('outcome_summary')
			.set({ summary_json: JSON.stringify(old) })
			.where('id', '=', row?.id ?? 0)
			.execute();
		expect(await loadPublishedOutcomeSummary(db())).toBeNull();
		expect(await publishedOutcomeSummaryDate(db())).toBeNull();
		const report = await loadOutcomeReport(db(), owner, later);
		expect(report.kind === 'ok' && report.published?.currentRule).toBe(false);
		expect(await unpublishOutcomeSummary(db(), owner, later)).toEqual({ kind: 'unpublished' });
	});
});

describe.each(dialects)('the demo clinic’s outcome report on %s', (dialect) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	it('has 24 of its 30 past back-pain patients in the report, publishable but not published', async () => {
		const result = await loadOutcomeReport(database.handle.db, owner, context);
		if (result.kind !== 'ok') throw new Error('expected the report');
		// By the seed's table: 24 included; 2 not the lower back, 2 not chronic, 2 too few visits.
		expect(result.report.included).toBe(24);
		expect(result.withIntake).toBe(30);
		expect(result.exclusions).toEqual({ not_low_back: 2, not_chronic: 2, too_few_visits: 2 });
		expect(result.report.publishable).toBe(true);
		expect(result.published).toBeNull();
	});
});
