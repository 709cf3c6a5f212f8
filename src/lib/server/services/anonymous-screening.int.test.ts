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
import { loadConfig } from '../config';
import { housekeepingJobs } from './housekeeping-jobs';
import { confirmBooking } from './online-booking';
import { completeBackPainCheck, findBookingGate } from './screening-before-booking';
import { hashToken } from './tokens';

const dialects = await testDialects();

/** A completed check: "yes" to the given question ids, "no" to every other. */
function answersWithYes(...yes: string[]): Record<string, string> {
	return Object.fromEntries(
		redFlagQuestions.map((question) => [question.id, yes.includes(question.id) ? 'yes' : 'no'])
	);
}

describe.each(dialects)('anonymous back pain checks on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = () => clinic.db();
	const anonymousPurge = () => {
		const job = housekeepingJobs(db(), loadConfig({})).find((entry) =>
			entry.name.startsWith('anonymous')
		);
		if (!job) throw new Error('no anonymous check purge job');
		return job;
	};

	async function check(at: typeof testNow, ...yes: string[]) {
		const result = await completeBackPainCheck(db(), answersWithYes(...yes), { now: at });
		if (!result.ok || !result.cookie) throw new Error('expected a stored check with a cookie');
		return result.cookie.token;
	}

	async function bookOnline(
		token: string | null,
		patient: string,
		now = testNow.add({ minutes: 5 })
	) {
		const slot = await firstOpenSlot(
			db(),
			{
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.mei,
				from: localDate('2027-03-08'),
				to: localDate('2027-03-20')
			},
			now
		);
		const person = testPatient(patient);
		return confirmBooking(
			db(),
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
				now,
				origin: testOrigin,
				clientAddress: '192.0.2.40',
				rateLimit: { limit: 1000, windowSeconds: 600 },
				gate: await findBookingGate(db(), token, now)
			}
		);
	}

	const anonymousRows = (tokenHash?: string) => {
		let query = db().selectFrom('anonymous_screening').selectAll();
		if (tokenHash) query = query.where('token_hash', '=', tokenHash);
		return query.execute();
	};

	it('the booking after a check moves it into the append-only screenings, once', async () => {
		const token = await check(testNow, 'fever');
		const tokenHash = hashToken(token);
		const [anonymous] = await anonymousRows(tokenHash);
		expect(anonymous?.outcome).toBe('same_day');

		const booked = await bookOnline(token, 'moved');
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		expect(await anonymousRows(tokenHash)).toEqual([]);
		const kept = await db()
			.selectFrom('red_flag_screening')
			.selectAll()
			.where('token_hash', '=', tokenHash)
			.executeTakeFirstOrThrow();
		expect(kept).toMatchObject({
			source: 'back_pain_check',
			outcome: 'same_day',
			answers_json: anonymous?.answers_json,
			shown_json: JSON.stringify(screeningMessages.same_day)
		});
		// As it was answered, not when it was moved.
		expect(new Date(kept.screened_at).toISOString()).toBe('2027-03-01T15:00:00.000Z');
		const appointment = await db()
			.selectFrom('appointment')
			.select(['screening_id', 'needs_review'])
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		expect(appointment).toEqual({ screening_id: kept.id, needs_review: 1 });

		// Now it is a clinical record: the database refuses to delete it.
		await expect(
			db().deleteFrom('red_flag_screening').where('id', '=', kept.id).execute()
		).rejects.toThrow(/append_only/);

		// A second booking from the same browser is tied to the same kept check, not a copy.
		const again = await bookOnline(token, 'moved-again');
		if (again.kind !== 'booked') throw new Error(`expected a booking, got ${again.kind}`);
		const second = await db()
			.selectFrom('appointment')
			.select('screening_id')
			.where('id', '=', again.body.id)
			.executeTakeFirstOrThrow();
		expect(second.screening_id).toBe(kept.id);
		const copies = await db()
			.selectFrom('red_flag_screening')
			.select('id')
			.where('token_hash', '=', tokenHash)
			.execute();
		expect(copies).toHaveLength(1);
	});

	it('an emergency answer closes booking for its 24 hours, then the hourly purge removes it', async () => {
		const start = testNow.add({ hours: 24 });
		const emergency = await check(start, 'saddle-numbness');
		const calm = await check(start);
		const purge = anonymousPurge();

		const nearlyADay = start.add({ hours: 23, minutes: 59 });
		await purge.run(nearlyADay);
		expect(await anonymousRows(hashToken(emergency))).toHaveLength(1);
		expect(await bookOnline(emergency, 'closed', nearlyADay)).toEqual({ kind: 'emergency' });

		const aDayOn = start.add({ hours: 24, seconds: 1 });
		expect(await purge.run(aDayOn)).toBeGreaterThanOrEqual(2);
		expect(await anonymousRows(hashToken(emergency))).toEqual([]);
		expect(await anonymousRows(hashToken(calm))).toEqual([]);
		// The purge never touches a check a booking kept.
		const kept = await db().selectFrom('red_flag_screening').select('id').execute();
		expect(kept.length).toBeGreaterThan(0);
	});

	it('at the cap a check is answered in full but not stored, and the older cookie goes', async () => {
		const at = testNow.add({ hours: 72 });
		await purgeAll(at);
		const first = await completeBackPainCheck(db(), answersWithYes(), { now: at, cap: 2 });
		await completeBackPainCheck(db(), answersWithYes(), { now: at, cap: 2 });
		expect(first.ok && first.cookie).toBeTruthy();
		const third = await completeBackPainCheck(db(), answersWithYes('fever'), {
			now: at,
			cap: 2,
			previousToken: first.ok ? first.cookie?.token : null
		});
		expect(third).toMatchObject({
			ok: true,
			screening: { outcome: 'same_day' },
			cookie: null,
			forgetPreviousCheck: true,
			bookingClosed: false
		});
		expect(await anonymousRows()).toHaveLength(2);

		// After an emergency answer the browser keeps its token whatever happens at the cap.
		await purgeAll(at);
		const emergency = await completeBackPainCheck(db(), answersWithYes('saddle-numbness'), {
			now: at,
			cap: 1
		});
		const calmer = await completeBackPainCheck(db(), answersWithYes(), {
			now: at,
			cap: 1,
			previousToken: emergency.ok ? emergency.cookie?.token : null
		});
		expect(calmer).toMatchObject({ ok: true, cookie: null, forgetPreviousCheck: false });
		expect(calmer.ok && calmer.bookingClosed).toBe(true);
	});

	/** Empties the anonymous checks as the purge would a day later. */
	async function purgeAll(at: typeof testNow) {
		await anonymousPurge().run(at.add({ hours: 48 }));
		expect(await anonymousRows()).toEqual([]);
	}
});
