import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import {
	formPostBuckets,
	purgeExpiredRateLimitEvents,
	rateLimitRetentionSeconds,
	takeRateLimit,
	withinFormRateLimit
} from './rate-limit';

const dialects = await testDialects();
const now = Temporal.Instant.from('2027-03-01T15:00:00Z');
const token = 'T'.repeat(43);

describe.each(dialects)('rate limits on %s', (dialect) => {
	let database: TestDatabase;
	const db = () => database.handle.db;
	const events = async (bucketLike = '%') =>
		Number(
			(
				await db()
					.selectFrom('rate_limit_event')
					.select((eb) => eb.fn.countAll<number>().as('count'))
					.where('bucket', 'like', bucketLike)
					.executeTakeFirstOrThrow()
			).count
		);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	it('lets the limit through, then refuses without writing anything', async () => {
		const rule = { limit: 3, windowSeconds: 600, now };
		const answers = [];
		for (let n = 0; n < 10; n++) answers.push(await takeRateLimit(db(), ['flood'], rule));
		expect(answers).toEqual([true, true, true, false, false, false, false, false, false, false]);
		// Seven refused requests added no row: a flood cannot grow the table past the limit.
		expect(await events('flood')).toBe(3);
		// Once the window has passed, the next request is let through again.
		const later = { ...rule, now: now.add({ seconds: 601 }) };
		expect(await takeRateLimit(db(), ['flood'], later)).toBe(true);
	});

	it('counts a form post per address and per link; either limit refuses it', async () => {
		const rule = { limit: 2, windowSeconds: 600, now };
		const form = '/manage/[token]/intake/[step]';
		const post = (clientAddress: string, link: string | null = token) =>
			withinFormRateLimit(db(), { form, clientAddress, token: link }, rule);
		expect(await post('192.0.2.1')).toBe(true);
		expect(await post('192.0.2.2')).toBe(true);
		// The link has had its two posts, from whichever address.
		expect(await post('192.0.2.3')).toBe(false);
		// The same address through no link (another form's count is its own, too).
		expect(await post('192.0.2.1', null)).toBe(true);
		expect(await post('192.0.2.1', null)).toBe(false);
		expect(
			await withinFormRateLimit(
				db(),
				{ form: '/back-pain-check', clientAddress: '192.0.2.1' },
				rule
			)
		).toBe(true);
		// The refused post to 192.0.2.3 left nothing, not even its address's count.
		expect(await events(`form:${form}:address:192.0.2.3`)).toBe(0);
		// A link opens a patient's page: only a hash of it is stored.
		const stored = await db().selectFrom('rate_limit_event').select('bucket').execute();
		expect(stored.some((row) => row.bucket.includes(token))).toBe(false);
		expect(formPostBuckets({ form, clientAddress: '192.0.2.1', token })).toHaveLength(2);
	});

	it('keeps events for the longest configured window, at least an hour', async () => {
		expect(rateLimitRetentionSeconds([{ limit: 10, windowSeconds: 600 }])).toBe(3600);
		const long = { limit: 3, windowSeconds: 86_400 };
		expect(rateLimitRetentionSeconds([{ limit: 10, windowSeconds: 600 }, long])).toBe(86_400);
		await takeRateLimit(db(), ['long-window'], { ...long, now });
		// Two hours on, the purge must keep what a day-long window still counts.
		await purgeExpiredRateLimitEvents(db(), now.add({ hours: 2 }), [long]);
		expect(await events('long-window')).toBe(1);
		// A day and a second on, nothing counts it any more.
		await purgeExpiredRateLimitEvents(db(), now.add({ hours: 24, seconds: 1 }), [long]);
		expect(await events('long-window')).toBe(0);
	});
});
