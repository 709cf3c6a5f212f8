// The JSON API v1 over real HTTP against the built server: contention for one time,
// idempotency, bodies that are not what the API expects, and the OpenAPI document. Also the
// booking pages' own form actions with times outside every calendar.
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	apiBook,
	apiSlots,
	clinicToday,
	e2ePatient,
	report,
	sameInstant,
	type ApiSlot
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let followUp = 0;
let mei = 0;

interface Slot409 {
	error: string;
	alternatives: { start: string; end: string; practitionerId: number }[];
}

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	const practitioners = (await (await fetch(`${server.url}/api/v1/practitioners`)).json()) as {
		practitioners: { id: number; slug: string }[];
	};
	followUp = services.services.find((entry) => entry.slug === 'follow-up-acupuncture')?.id ?? 0;
	mei = practitioners.practitioners.find((entry) => entry.slug === 'mei-lin-okafor')?.id ?? 0;
	expect(followUp).toBeGreaterThan(0);
	expect(mei).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
	await server?.stop();
}, 30_000);

/** Mei Lin Okafor's free follow-up times from `fromDays` days ahead, for two weeks. */
async function meiSlots(fromDays: number): Promise<ApiSlot[]> {
	const today = clinicToday();
	return apiSlots(server.url, {
		service: followUp,
		practitioner: mei,
		from: today.add({ days: fromDays }).toString(),
		to: today.add({ days: fromDays + 14 }).toString()
	});
}

function bookingFor(slot: ApiSlot, patient: string, extra: Record<string, unknown> = {}) {
	return {
		serviceId: followUp,
		practitionerId: slot.practitionerId,
		start: slot.start,
		patient: e2ePatient(patient),
		newPatient: false,
		...extra
	};
}

let keyCounter = 0;
const newKey = (label: string) => `e2e-${label}-${Date.now()}-${keyCounter++}`;

describe('POST /api/v1/bookings', () => {
	it('50 concurrent requests for one time: exactly one 201, the others 409 with alternatives', async () => {
		const [slot] = await meiSlots(3);
		if (!slot) throw new Error('Mei Lin Okafor has no free follow-up time');
		const answers = await Promise.all(
			Array.from({ length: 50 }, (_, index) =>
				apiBook(server.url, bookingFor(slot, `race ${index}`), newKey(`race-${index}`))
			)
		);
		const statuses = answers.map((answer) => answer.status);
		const counts = new Map<number, number>();
		for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
		console.log(`contention: ${JSON.stringify(Object.fromEntries(counts))}`);
		expect(
			statuses.filter((status) => status >= 500),
			'server errors'
		).toEqual([]);
		expect(counts.get(201), 'bookings made').toBe(1);
		expect(counts.get(409), 'slot_taken answers').toBe(49);
		const problems: string[] = [];
		for (const answer of answers.filter((entry) => entry.status === 409)) {
			const body = answer.body as Slot409 | null;
			if (body?.error !== 'slot_taken') problems.push(`409 body: ${answer.text.slice(0, 200)}`);
			else if (!Array.isArray(body.alternatives) || body.alternatives.length === 0) {
				problems.push('a 409 without alternatives');
			} else if (body.alternatives.some((entry) => sameInstant(entry.start, slot.start))) {
				problems.push('a 409 offers the taken time as an alternative');
			}
		}
		expect(problems, report('409 problems', [...new Set(problems)])).toEqual([]);
		const after = await meiSlots(3);
		expect(after.some((entry) => sameInstant(entry.start, slot.start))).toBe(false);
	});

	it('the same key and body again answer the identical 201; a different body with it, 422', async () => {
		const [, slot] = await meiSlots(3);
		if (!slot) throw new Error('Mei Lin Okafor has no second free follow-up time');
		const key = newKey('replay');
		const body = bookingFor(slot, 'replay', { note: 'Zoë — 李 — 🙂' });
		const first = await apiBook(server.url, body, key);
		expect(first.status, first.text).toBe(201);
		const created = first.body as Record<string, unknown>;
		expect(Object.keys(created).sort()).toEqual(
			['end', 'id', 'locationId', 'manageUrl', 'practitionerId', 'start', 'status'].sort()
		);
		expect(created['status']).toBe('booked');
		expect(sameInstant(String(created['start']), slot.start)).toBe(true);
		expect(String(created['manageUrl'])).toMatch(new RegExp(`^${server.url}/manage/[^/?#]+$`));

		// A retry after a timeout, and several at once: the same answer every time.
		const again = await Promise.all(
			Array.from({ length: 5 }, () => apiBook(server.url, body, key))
		);
		for (const answer of again) {
			expect(answer.status).toBe(201);
			expect(answer.text).toBe(first.text);
		}
		expect(again[0]?.headers.get('idempotent-replayed')).toBe('true');

		const other = await apiBook(server.url, { ...body, patient: e2ePatient('someone else') }, key);
		expect(other.status, other.text).toBe(422);
		expect((other.body as { error?: string }).error).toBe('idempotency_key_reused');
		const manage = await fetch(String(created['manageUrl']));
		expect(manage.status).toBe(200);
		await manage.body?.cancel();
	});

	it('a time outside opening hours is refused as such, never as "just taken"', async () => {
		const [slot] = await meiSlots(3);
		if (!slot) throw new Error('Mei Lin Okafor has no free follow-up time');
		// Three in the morning of the same day, in the clinic's zone: nobody works then.
		const night = slot.start.replace(/T\d{2}:\d{2}/, 'T03:00');
		const answer = await apiBook(
			server.url,
			bookingFor({ ...slot, start: night }, 'night owl'),
			newKey('night')
		);
		expect(answer.status).toBe(409);
		const body = answer.body as { reason?: string; message?: string };
		expect(body.reason).toBe('outside_hours');
		expect(body.message).toBe('That time is outside our opening hours.');
		expect(body.message).not.toMatch(/taken/i);
	});

	it('bodies that are not a booking answer 422 (413 when too large), never 5xx', async () => {
		const [slot] = await meiSlots(20);
		if (!slot) throw new Error('Mei Lin Okafor has no free follow-up time three weeks ahead');
		const valid = bookingFor(slot, 'garbage');
		const cases: [string, string, string | null, number][] = [
			['no Idempotency-Key', JSON.stringify(valid), null, 422],
			['a short Idempotency-Key', JSON.stringify(valid), 'abc', 422],
			['an Idempotency-Key of 101 characters', JSON.stringify(valid), 'k'.repeat(101), 422],
			['not JSON', '{"serviceId": 2,', newKey('g'), 422],
			['an empty body', '', newKey('g'), 422],
			['JSON null', 'null', newKey('g'), 422],
			['a JSON array', '[]', newKey('g'), 422],
			['a JSON string', '"book me"', newKey('g'), 422],
			['a number', '42', newKey('g'), 422],
			['an empty object', '{}', newKey('g'), 422],
			[
				'serviceId as a string',
				JSON.stringify({ ...valid, serviceId: String(followUp) }),
				newKey('g'),
				422
			],
			['serviceId as a float', JSON.stringify({ ...valid, serviceId: 2.5 }), newKey('g'), 422],
			[
				'serviceId beyond 2^53',
				JSON.stringify({ ...valid, serviceId: 2 ** 53 + 2 }),
				newKey('g'),
				422
			],
			['serviceId 1e309', `{"serviceId":1e309,"start":"${slot.start}"}`, newKey('g'), 422],
			[
				'practitionerId "anyone"',
				JSON.stringify({ ...valid, practitionerId: 'anyone' }),
				newKey('g'),
				422
			],
			[
				'start as a number',
				JSON.stringify({ ...valid, start: Date.parse(slot.start) }),
				newKey('g'),
				422
			],
			[
				'start without offset',
				JSON.stringify({ ...valid, start: slot.start.slice(0, 19) }),
				newKey('g'),
				422
			],
			[
				'start 30 February',
				JSON.stringify({ ...valid, start: '2027-02-30T10:00:00Z' }),
				newKey('g'),
				422
			],
			['patient as a string', JSON.stringify({ ...valid, patient: 'Alex' }), newKey('g'), 422],
			['patient as an array', JSON.stringify({ ...valid, patient: [] }), newKey('g'), 422],
			['newPatient "yes"', JSON.stringify({ ...valid, newPatient: 'yes' }), newKey('g'), 422],
			['note as an object', JSON.stringify({ ...valid, note: { text: 'hi' } }), newKey('g'), 422],
			[
				'a 10,000-character name',
				JSON.stringify({ ...valid, patient: { ...valid.patient, name: 'N'.repeat(10_000) } }),
				newKey('g'),
				422
			],
			[
				'a 501-character note',
				JSON.stringify({ ...valid, note: 'n'.repeat(501) }),
				newKey('g'),
				422
			],
			[
				'a 20,000-character note (over 16 KB)',
				JSON.stringify({ ...valid, note: 'n'.repeat(20_000) }),
				newKey('g'),
				413
			],
			[
				'6,000 emoji in the note',
				JSON.stringify({ ...valid, note: '😀'.repeat(6000) }),
				newKey('g'),
				422
			],
			['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, newKey('g'), 422],
			[
				'__proto__ keys',
				'{"__proto__":{"serviceId":2},"constructor":{"prototype":{"x":1}}}',
				newKey('g'),
				422
			],
			[
				'a lone surrogate in the name',
				JSON.stringify({ ...valid, start: 'x' }).replace('Alex', 'Al\\ud800ex'),
				newKey('g'),
				422
			],
			[
				// Control characters are removed at the boundary (docs/reliability.md, the
				// stored-text rule): a start of nothing else is no time at all.
				'only control characters in the start',
				JSON.stringify({ ...valid, start: '\u0000\u0001\u001f' }),
				newKey('g'),
				422
			],
			[
				'a zero-width space in the start',
				JSON.stringify({ ...valid, start: `${slot.start}\u200b` }),
				newKey('g'),
				422
			],
			[
				'right-to-left override in the email',
				JSON.stringify({ ...valid, patient: { ...valid.patient, email: 'a\u202e@example.com' } }),
				newKey('g'),
				422
			],
			[
				'full-width digits as phone',
				JSON.stringify({
					...valid,
					patient: { ...valid.patient, phone: '（４１４）５５５－０１００' }
				}),
				newKey('g'),
				422
			],
			[
				'an email with only combining marks',
				JSON.stringify({
					...valid,
					patient: { ...valid.patient, email: '\u0301\u0301@\u0301.com' }
				}),
				newKey('g'),
				422
			]
		];
		const problems: string[] = [];
		for (const [label, body, key, expected] of cases) {
			const answer = await apiBook(server.url, body, key);
			const isJson = answer.body !== null && typeof answer.body === 'object';
			if (answer.status !== expected) {
				problems.push(
					`${label}: ${answer.status}, expected ${expected}: ${answer.text.slice(0, 160)}`
				);
			} else if (!isJson) problems.push(`${label}: the ${answer.status} body is not JSON`);
			else if (
				expected === 422 &&
				!('fields' in (answer.body as object) || 'error' in (answer.body as object))
			) {
				problems.push(`${label}: the 422 body names no field: ${answer.text.slice(0, 160)}`);
			}
		}
		// Other content types: never a server error (SvelteKit's CSRF guard may answer 403).
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
			const response = await fetch(`${server.url}/api/v1/bookings`, {
				method: 'POST',
				headers: { 'content-type': type, 'idempotency-key': newKey('ct') },
				body: 'serviceId=2'
			});
			await response.body?.cancel();
			if (response.status < 400 || response.status >= 500) {
				problems.push(`content-type ${type}: ${response.status}`);
			}
		}
		expect(problems, report('answers to bad bodies', problems)).toEqual([]);
		const after = await meiSlots(20);
		expect(
			after.some((entry) => sameInstant(entry.start, slot.start)),
			'nothing was booked'
		).toBe(true);
	});

	it('times at the edges of the calendar answer 4xx, never 5xx (API, booking and reschedule)', async () => {
		const [slot, later] = await meiSlots(25);
		if (!slot || !later) throw new Error('Mei Lin Okafor has no free follow-up times');
		const edges = [
			'+275760-09-13T00:00:00Z',
			'-271821-04-20T00:00:00Z',
			'+010000-01-01T00:00:00Z',
			'1900-01-01T00:00:00Z'
		];
		const problems: string[] = [];
		for (const start of edges) {
			const answer = await apiBook(server.url, bookingFor(slot, 'edge', { start }), newKey('edge'));
			if (answer.status !== 409 && answer.status !== 422) {
				problems.push(
					`POST /api/v1/bookings start=${start}: ${answer.status} ${answer.text.slice(0, 100)}`
				);
			}
		}
		const form = (fields: Record<string, string>) => ({
			method: 'POST',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual' as const
		});
		const booked = await apiBook(server.url, bookingFor(later, 'edge owner'), newKey('edge'));
		expect(booked.status).toBe(201);
		const manageUrl = String((booked.body as { manageUrl: string }).manageUrl);
		for (const start of edges.slice(0, 2)) {
			const date = start.slice(0, start.indexOf('T'));
			const requests: [string, string, RequestInit][] = [
				[
					`GET /book?date=${date}`,
					`/book?service=follow-up-acupuncture&practitioner=any&date=${encodeURIComponent(date)}`,
					{}
				],
				[
					`POST /book?/confirm start=${start}`,
					'/book?/confirm',
					form({
						service: 'follow-up-acupuncture',
						practitioner: 'any',
						start,
						name: 'Edge Case',
						email: 'edge@example.com',
						phone: '(414) 555-0100',
						newPatient: 'no',
						idempotencyKey: newKey('edge')
					})
				],
				[
					`POST reschedule ?/move start=${start}`,
					`${new URL(manageUrl).pathname}/reschedule?/move`,
					form({ start, practitioner: 'any' })
				]
			];
			for (const [label, path, init] of requests) {
				const response = await fetch(server.url + path, init);
				await response.body?.cancel();
				if (response.status >= 500) problems.push(`${label}: ${response.status}`);
			}
		}
		expect(problems, report('server errors for out-of-range times', problems)).toEqual([]);
	});
});

describe('GET endpoints and the OpenAPI document', () => {
	it('the reference endpoints answer JSON, and availability refuses bad queries with 4xx', async () => {
		for (const path of ['/services', '/practitioners', '/locations']) {
			const response = await fetch(`${server.url}/api/v1${path}`);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('content-type') ?? '', path).toMatch(/^application\/json/);
			await response.json();
		}
		const problems: string[] = [];
		for (const query of [
			'',
			'service=abc',
			'service=1&practitioner=x',
			'service=1&from=2026-02-30',
			'service=1&from=%F0%9F%98%80',
			'service=1&from=0001-01-01&to=9999-12-31',
			'service=1&from=-271821-04-20&to=-271821-04-20',
			'service=1&from=%2B275760-09-13&to=%2B275760-09-13',
			`service=1&from=2026-12-01&to=2026-11-01`,
			'service=999999',
			`service=1&location=${'9'.repeat(400)}`
		]) {
			const response = await fetch(`${server.url}/api/v1/availability?${query}`);
			const text = await response.text();
			if (response.status < 400 || response.status >= 500) {
				problems.push(`availability?${query}: ${response.status} ${text.slice(0, 120)}`);
			}
		}
		expect(problems, report('availability answers', problems)).toEqual([]);
	});

	it('/api/v1/openapi.json is OpenAPI 3.1.0 and documents POST /bookings', async () => {
		const response = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type') ?? '').toMatch(/json/);
		const document = JSON.parse(await response.text()) as {
			openapi?: string;
			info?: { title?: string; version?: string };
			paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
		};
		expect(document.openapi).toBe('3.1.0');
		expect(document.info?.title).toBeTruthy();
		expect(document.info?.version).toBeTruthy();
		const bookings = document.paths?.['/bookings']?.['post'];
		expect(bookings, 'POST /bookings').toBeDefined();
		expect(Object.keys(bookings?.responses ?? {})).toEqual(
			expect.arrayContaining(['201', '409', '422'])
		);
		expect(Object.keys(document.paths ?? {})).toEqual(
			expect.arrayContaining(['/services', '/practitioners', '/locations', '/availability'])
		);
	});

	it('every answer matches its documented schema (an OpenAPI validator and ajv, not our code)', async () => {
		const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Record<
			string,
			unknown
		>;
		const validator = new Validator();
		const verdict = await validator.validate(document);
		expect(verdict.errors ?? [], 'OpenAPI 3.1 document').toEqual([]);
		expect(verdict.valid).toBe(true);
		const resolved = validator.resolveRefs() as {
			paths: Record<string, Record<string, { responses: Record<string, DocumentedAnswer> }>>;
		};
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats(ajv);
		const checked: string[] = [];

		/** Checks one real answer against what the document says of its path, method and status. */
		async function expectDocumented(path: string, method: string, response: Response) {
			const label = `${method.toUpperCase()} ${path} ${response.status}`;
			const documented = resolved.paths[path]?.[method]?.responses[String(response.status)];
			expect(documented, `${label} is documented`).toBeDefined();
			const schema = documented?.content?.['application/json']?.schema;
			expect(schema, `${label} has a JSON schema`).toBeDefined();
			const body: unknown = await response.json();
			const validate = ajv.compile(schema as object);
			expect(validate(body), `${label}: ${ajv.errorsText(validate.errors)}`).toBe(true);
			for (const name of Object.keys(documented?.headers ?? {})) {
				if (response.headers.has(name)) checked.push(`${label} header ${name}`);
			}
			checked.push(label);
		}

		for (const path of ['/services', '/practitioners', '/locations']) {
			await expectDocumented(path, 'get', await fetch(`${server.url}/api/v1${path}`));
		}
		const today = clinicToday();
		for (const query of [
			`service=${followUp}&practitioner=${mei}&from=${today.add({ days: 20 })}&to=${today.add({ days: 27 })}`,
			'service=999999',
			'service=not-a-number'
		]) {
			await expectDocumented(
				'/availability',
				'get',
				await fetch(`${server.url}/api/v1/availability?${query}`)
			);
		}

		const [slot] = await meiSlots(20);
		if (!slot) throw new Error('Mei Lin Okafor has no free follow-up time');
		const key = newKey('documented');
		const post = (body: unknown, idempotencyKey: string) =>
			fetch(`${server.url}/api/v1/bookings`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
				body: JSON.stringify(body)
			});
		await expectDocumented('/bookings', 'post', await post(bookingFor(slot, 'documented'), key));
		const replay = await post(bookingFor(slot, 'documented'), key);
		expect(replay.headers.get('idempotent-replayed')).toBe('true');
		await expectDocumented('/bookings', 'post', replay);
		await expectDocumented(
			'/bookings',
			'post',
			await post(bookingFor(slot, 'second'), newKey('documented-taken'))
		);
		await expectDocumented('/bookings', 'post', await post({ serviceId: 'x' }, newKey('bad')));
		expect(checked).toEqual(
			expect.arrayContaining([
				'POST /bookings 201',
				'POST /bookings 201 header Idempotent-Replayed',
				'POST /bookings 409',
				'POST /bookings 422',
				'GET /availability 200',
				'GET /availability 404',
				'GET /availability 422',
				'GET /locations 200'
			])
		);
	});

	it('documents 429 and 503 with Retry-After wherever they can be answered', async () => {
		const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
			paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
		};
		const resolved = new Validator();
		await resolved.validate(document as unknown as Record<string, unknown>);
		const paths = (resolved.resolveRefs() as typeof document).paths;
		for (const [path, methods] of Object.entries(paths)) {
			for (const [method, operation] of Object.entries(methods)) {
				if (path === '/openapi.json') continue;
				const answer = operation.responses['503'] as DocumentedAnswer | undefined;
				expect(answer, `${method} ${path} 503`).toBeDefined();
				expect(Object.keys(answer?.headers ?? {}), `${method} ${path} 503`).toContain(
					'Retry-After'
				);
			}
		}
		const tooMany = paths['/bookings']?.['post']?.responses['429'] as DocumentedAnswer;
		expect(Object.keys(tooMany.headers ?? {})).toContain('Retry-After');
	});
});

interface DocumentedAnswer {
	headers?: Record<string, unknown>;
	content?: Record<string, { schema?: unknown }>;
}
