// Every endpoint (+server.ts) under src/routes, the JSON API first, fuzzed from a fixed seed:
// every method, hostile query strings, hostile JSON bodies (wrong types, deep nesting, huge,
// prototype-pollution keys, control characters and unpaired surrogates in escapes), bodies of
// other types, and Idempotency-Key abuse (missing, malformed, reused with another body, sent by
// several clients at once). Required: never a 5xx; every API answer is JSON with no
// Access-Control-Allow-Origin; a non-JSON body is a JSON 415 (cross-site or not); a key
// replays exactly one booking; and afterwards only the valid bookings exist, stored clean.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startServer, type RunningServer } from '../support/server';
import { hostileShortString, hostileValue, malformedBody, nastyKeys } from './support/hostile';
import { healthy, send, type Answer } from './support/http';
import { describeProblems, scanStoredText } from './support/stored-text';

const seed = Number(process.env.FUZZ_SEED ?? 20261127);
const runs = Number(process.env.FUZZ_RUNS ?? 24);

interface Endpoint {
	pattern: string;
	methods: string[];
}

let server: RunningServer;
let endpoints: Endpoint[];
let serviceId: number;
let slots: { start: string; practitionerId: number }[];
const counts = { requests: 0, statuses: new Map<number, number>() };

/** Every +server.ts and the methods it exports. */
async function discoverEndpoints(): Promise<Endpoint[]> {
	const routes = join(projectRoot, 'src/routes');
	const found: Endpoint[] = [];
	for (const entry of readdirSync(routes, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || entry.name !== '+server.ts') continue;
		const file = join(entry.parentPath, entry.name);
		const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
		const folder = relative(routes, dirname(file)).split('\\').join('/');
		const pattern = `/${folder
			.split('/')
			.filter((segment) => !/^\(.*\)$/.test(segment))
			.join('/')}`;
		found.push({
			pattern,
			methods: Object.keys(module).filter((name) => /^[A-Z]+$/.test(name))
		});
	}
	return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const pathOf = (endpoint: Endpoint) => endpoint.pattern.replace('[file]', `${'z'.repeat(43)}.ics`);

async function call(path: string, init: Parameters<typeof send>[2] = {}): Promise<Answer> {
	const answer = await send(server.url, path, init);
	counts.requests++;
	counts.statuses.set(answer.status, (counts.statuses.get(answer.status) ?? 0) + 1);
	return answer;
}

/** Problems with an answer: a 5xx, no answer, or (under /api/) not JSON or CORS opened. */
function judge(label: string, path: string, answer: Answer, problems: string[]) {
	if (answer.status === 0) problems.push(`${label}: no answer (${answer.failure})`);
	else if (answer.status >= 500)
		problems.push(`${label}: ${answer.status} ${answer.text.slice(0, 200)}`);
	if (answer.headers.get('access-control-allow-origin')) {
		problems.push(
			`${label}: Access-Control-Allow-Origin ${answer.headers.get('access-control-allow-origin')}`
		);
	}
	// 400 for a method it does not know and 431 for headers past 16 KB come from Node's HTTP
	// parser itself, before any application code: empty bodies, not JSON.
	const fromNode = (answer.status === 400 || answer.status === 431) && answer.text === '';
	if (path.startsWith('/api/') && answer.status >= 400 && answer.status !== 405 && !fromNode) {
		const type = answer.headers.get('content-type') ?? '';
		if (!type.startsWith('application/json')) {
			problems.push(
				`${label}: a ${answer.status} that is not JSON (${type}): ${answer.text.slice(0, 100)}`
			);
		}
	}
}

const postJson = (
	body: string | Uint8Array,
	key: string | null,
	extra: Record<string, string> = {}
) => {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
	if (key !== null) headers['idempotency-key'] = key;
	return call('/api/v1/bookings', { method: 'POST', headers, body });
};

let keyCounter = 0;
const freshKey = (label: string) => `${label}-${seed}-${String(++keyCounter).padStart(6, '0')}`;

function validBooking(
	slot: { start: string; practitionerId: number },
	patient: Partial<Record<'name' | 'email' | 'phone', string>> = {},
	note: string | null = null
) {
	return {
		serviceId,
		practitionerId: slot.practitionerId,
		start: slot.start,
		patient: { name: 'Vera Valid', email: 'vera@example.com', phone: '(414) 555-0123', ...patient },
		newPatient: false,
		note
	};
}

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	endpoints = await discoverEndpoints();
	const services = JSON.parse((await call('/api/v1/services')).text) as {
		services: { id: number; slug: string }[];
	};
	serviceId = services.services.find((entry) => entry.slug === 'follow-up-acupuncture')?.id ?? 0;
	const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
	const to = new Date(Date.now() + 50 * 86_400_000).toISOString().slice(0, 10);
	const open = JSON.parse(
		(await call(`/api/v1/availability?service=${serviceId}&from=${from}&to=${to}`)).text
	) as { slots: { start: string; end: string; practitionerId: number }[] };
	// One slot per day, so bookings made here never compete for a practitioner or a room.
	const days = new Set<string>();
	slots = open.slots.filter((slot) => {
		const day = slot.start.slice(0, 10);
		if (days.has(day)) return false;
		days.add(day);
		return true;
	});
}, 90_000);

afterAll(async () => {
	const statuses = [...counts.statuses].sort(([a], [b]) => a - b);
	console.log(
		`fuzz-api: ${endpoints?.length ?? 0} endpoints, ${counts.requests} requests (seed ${seed}); statuses ${statuses.map(([s, n]) => `${s}x${n}`).join(' ')}`
	);
	await server?.stop();
}, 30_000);

describe('fuzzing the JSON API and every endpoint', () => {
	it('finds the endpoints in src/routes', () => {
		console.log(
			`endpoints: ${endpoints.map((e) => `${e.methods.join(',')} ${e.pattern}`).join('; ')}`
		);
		expect(endpoints.map((endpoint) => endpoint.pattern)).toEqual(
			expect.arrayContaining(['/api/v1/bookings', '/api/v1/availability', '/healthz'])
		);
		expect(slots.length).toBeGreaterThan(18);
	});

	it('answers every method on every endpoint without a 5xx (405 for those it lacks)', async () => {
		const problems: string[] = [];
		// X-CUSTOM is not a method Node's HTTP parser knows: it answers 400 itself.
		const methods = [
			'GET',
			'HEAD',
			'POST',
			'PUT',
			'PATCH',
			'DELETE',
			'OPTIONS',
			'PROPFIND',
			'X-CUSTOM'
		];
		for (const endpoint of endpoints) {
			const path = pathOf(endpoint);
			for (const method of methods) {
				const hasBody = !['GET', 'HEAD'].includes(method);
				const answer = await call(path, {
					method,
					headers: hasBody
						? { 'content-type': 'application/json', 'idempotency-key': freshKey('m') }
						: {},
					body: hasBody ? '{}' : null
				});
				judge(`${method} ${path}`, path, answer, problems);
				const supported =
					endpoint.methods.includes(method) ||
					(method === 'HEAD' && endpoint.methods.includes('GET'));
				const refused = answer.status === 405 || (method === 'X-CUSTOM' && answer.status === 400);
				if (!supported && method !== 'OPTIONS' && !refused) {
					problems.push(`${method} ${path}: ${answer.status}, expected 405`);
				}
				if (method === 'OPTIONS' && answer.headers.get('access-control-allow-methods')) {
					problems.push(`OPTIONS ${path} grants CORS methods`);
				}
			}
		}
		expect(problems, problems.join('\n')).toEqual([]);
	});

	it('answers hostile query strings on every GET endpoint without a 5xx', async () => {
		const problems: string[] = [];
		const names = ['service', 'practitioner', 'location', 'from', 'to'];
		const query = fc.array(
			fc.tuple(
				fc.oneof(
					{ weight: 6, arbitrary: fc.constantFrom(...names) },
					{ weight: 2, arbitrary: fc.constantFrom(...nastyKeys) },
					{ weight: 1, arbitrary: hostileShortString }
				),
				hostileValue()
			),
			{ maxLength: 8 }
		);
		for (const [index, endpoint] of endpoints.entries()) {
			if (!endpoint.methods.includes('GET')) continue;
			const numRuns = endpoint.pattern === '/api/v1/availability' ? runs * 4 : Math.ceil(runs / 2);
			for (const pairs of fc.sample(query, { seed: seed + index, numRuns })) {
				const search = pairs
					.map(([key, value]) => `${encodeAny(key)}=${encodeAny(value)}`)
					.join('&')
					.slice(0, 60_000);
				const path = `${pathOf(endpoint)}?${search}`;
				judge(`GET ${path.slice(0, 160)}`, path, await call(path), problems);
			}
		}
		// Broken percent-encoding and a query near the header limit.
		for (const raw of [
			'service=%',
			'service=%E0%A4%A',
			'service=%00&from=%ff',
			`service=1&x=${'a'.repeat(15_000)}`
		]) {
			const path = `/api/v1/availability?${raw}`;
			judge(`GET ${path.slice(0, 80)}`, path, await call(path), problems);
		}
		expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
		expect(await healthy(server.url)).toBe(true);
	});

	it('answers hostile booking bodies with 4xx JSON, never a 5xx', async () => {
		const problems: string[] = [];
		const anyValue = fc.oneof(
			{ weight: 3, arbitrary: hostileValue() },
			{ weight: 2, arbitrary: fc.anything({ maxDepth: 3 }) },
			{ weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, 1e308, true, null, [], {}) }
		);
		const bookingShape = fc.record(
			{
				serviceId: anyValue,
				practitionerId: anyValue,
				locationId: anyValue,
				start: anyValue,
				patient: fc.oneof(
					anyValue,
					fc.record({ name: anyValue, email: anyValue, phone: anyValue }, { requiredKeys: [] })
				),
				newPatient: anyValue,
				note: anyValue
			},
			{ requiredKeys: [] }
		);
		const bodies = fc.oneof(
			{ weight: 5, arbitrary: bookingShape.map((value) => JSON.stringify(value) ?? 'null') },
			{ weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
			{
				weight: 1,
				arbitrary: fc
					.integer({ min: 1, max: 200_000 })
					.map((depth) => '['.repeat(depth) + ']'.repeat(depth))
			},
			{
				weight: 1,
				arbitrary: fc.constantFrom(
					'',
					'{',
					'{"serviceId":1,"serviceId":2}',
					'{"__proto__":{"status":"cancelled"},"constructor":{"prototype":{"x":1}}}',
					'{"patient":{"name":"\\u0000\\ud800","email":"a@b.c","phone":"4145550100"}}',
					'\ufeff{}',
					'null',
					'1e999',
					'"\\ud800"',
					'x'.repeat(20_000),
					`{"note":"${'a'.repeat(600_000)}"}`,
					`{"note":"${'a'.repeat(3_000_000)}"}`
				)
			}
		);
		for (const body of fc.sample(bodies, { seed, numRuns: runs * 5 })) {
			const answer = await postJson(body, freshKey('body'));
			judge(
				`POST body ${JSON.stringify(body.slice(0, 120))}`,
				'/api/v1/bookings',
				answer,
				problems
			);
			if (answer.status === 201) problems.push(`a hostile body booked: ${body.slice(0, 200)}`);
		}
		// Raw bytes that are not UTF-8, and other content types.
		for (const shape of fc.sample(malformedBody, { seed: seed + 1, numRuns: runs })) {
			if (shape.kind !== 'raw') continue;
			const headers: Record<string, string> = { 'idempotency-key': freshKey('raw') };
			if (shape.contentType) headers['content-type'] = shape.contentType;
			const answer = await call('/api/v1/bookings', { method: 'POST', headers, body: shape.bytes });
			judge(`POST ${shape.label}`, '/api/v1/bookings', answer, problems);
			if (answer.status === 201) problems.push(`${shape.label} booked`);
		}
		expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
		expect(await healthy(server.url)).toBe(true);
	});

	it('refuses a body that is not JSON with a JSON 415, cross-site or not', async () => {
		const body = JSON.stringify(validBooking(slots[0]!));
		const problems: string[] = [];
		for (const origin of [null, server.url, 'https://evil.example']) {
			for (const type of [
				'text/plain',
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'text/plain;charset=UTF-8',
				'application/json-patch+json',
				null
			]) {
				const headers: Record<string, string> = { 'idempotency-key': freshKey('ct') };
				if (type) headers['content-type'] = type;
				if (origin) headers.origin = origin;
				const answer = await call('/api/v1/bookings', { method: 'POST', headers, body });
				const label = `${type ?? 'no type'} from ${origin ?? 'no origin'}`;
				if (answer.status !== 415)
					problems.push(`${label}: ${answer.status} ${answer.text.slice(0, 100)}`);
				else if (!/unsupported_media_type/.test(answer.text))
					problems.push(`${label}: ${answer.text}`);
			}
		}
		expect(problems, problems.join('\n')).toEqual([]);
	});

	it('holds Idempotency-Key to its rules: malformed keys, reuse, replays and a race', async () => {
		const problems: string[] = [];
		let slotIndex = 1;
		const nextSlot = () => slots[slotIndex++]!;
		// Malformed keys: refused before anything is booked.
		for (const key of [
			null,
			'',
			'short',
			' '.repeat(10),
			'k'.repeat(101),
			'with space inside',
			'caf\u00e9-caf\u00e9-key',
			'tab\there-123'
		]) {
			const answer = await postJson(JSON.stringify(validBooking(slots[0]!)), key);
			if (answer.status !== 422) problems.push(`key ${JSON.stringify(key)}: ${answer.status}`);
		}
		// The same key and body replay the same booking; another body with the key is refused.
		const key = freshKey('replay');
		const slot = nextSlot();
		const first = await postJson(JSON.stringify(validBooking(slot)), key);
		const again = await postJson(JSON.stringify(validBooking(slot)), key);
		const other = await postJson(JSON.stringify(validBooking(nextSlot())), key);
		expect(first.status, first.text).toBe(201);
		expect(again.status).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
		expect(other.status).toBe(422);
		expect(other.text).toContain('idempotency_key_reused');
		// The key differs only in case, or in surrounding spaces: another key or the same, never a 5xx.
		for (const variant of [key.toUpperCase(), ` ${key} `]) {
			judge(
				`key ${variant}`,
				'/api/v1/bookings',
				await postJson(JSON.stringify(validBooking(slot)), variant),
				problems
			);
		}
		// Six clients send the same key and body at once: one booking, the same answer for all.
		const raceKey = freshKey('race');
		const raceSlot = nextSlot();
		const raced = await Promise.all(
			Array.from({ length: 6 }, () =>
				postJson(JSON.stringify(validBooking(raceSlot, { email: 'race@example.com' })), raceKey)
			)
		);
		for (const answer of raced) judge('race', '/api/v1/bookings', answer, problems);
		const ids = new Set(
			raced.filter((a) => a.status === 201).map((a) => (JSON.parse(a.text) as { id: number }).id)
		);
		expect(ids.size, raced.map((a) => `${a.status} ${a.text.slice(0, 80)}`).join('\n')).toBe(1);
		// Six different keys for the same time at once: one booking, the others told it is taken.
		const crowdSlot = nextSlot();
		const crowd = await Promise.all(
			Array.from({ length: 6 }, (_, n) =>
				postJson(
					JSON.stringify(validBooking(crowdSlot, { email: `crowd${n}@example.com` })),
					freshKey('crowd')
				)
			)
		);
		for (const answer of crowd) judge('crowd', '/api/v1/bookings', answer, problems);
		const crowdStatuses = crowd.map((a) => `${a.status} ${a.text.slice(0, 80)}`).join('\n');
		expect(
			crowd.filter((a) => a.status === 201),
			crowdStatuses
		).toHaveLength(1);
		expect(crowd.filter((a) => a.status === 409)).toHaveLength(5);
		expect(problems, problems.join('\n')).toEqual([]);
	});

	it('books valid requests with hostile text and stores it clean', async () => {
		const problems: string[] = [];
		const names = fc.sample(
			fc
				.tuple(
					hostileShortString,
					fc.constantFrom(
						'\u0000',
						'\ud800',
						'\u202e',
						'\u001b[31m',
						'\u{1f469}\u200d\u{1f469}\u200d\u{1f467}',
						'\u0007',
						'\ufffe'
					)
				)
				.map(([text, nasty]) => `Al${nasty}ex ${text}`.slice(0, 110)),
			{ seed: seed + 2, numRuns: 8 }
		);
		let booked = 0;
		for (const [index, name] of names.entries()) {
			const slot = slots[10 + index];
			if (!slot) break;
			const body = JSON.stringify(
				validBooking(
					slot,
					{ name, email: `hostile${index}@example.com` },
					`Note ${name} \u0000\ud83d\u2028 end`
				)
			);
			const answer = await postJson(body, freshKey('hostile-text'));
			judge(`hostile text ${JSON.stringify(name)}`, '/api/v1/bookings', answer, problems);
			if (answer.status === 201) booked++;
		}
		expect(problems, problems.join('\n')).toEqual([]);
		// Names may be refused for being too short once cleaned; most are booked.
		expect(booked).toBeGreaterThan(4);
		const stored = scanStoredText(server.dataDir);
		expect(stored.problems, describeProblems(stored.problems)).toEqual([]);
		console.log(
			`fuzz-api: ${booked} bookings with hostile names; stored text: ${stored.values} values clean`
		);
	});
});

/** Percent-encodes any string byte by byte (unpaired surrogates become U+FFFD). */
function encodeAny(text: string): string {
	return [...new TextEncoder().encode(text)]
		.map((byte) =>
			/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
				? String.fromCharCode(byte)
				: `%${byte.toString(16).padStart(2, '0')}`
		)
		.join('');
}
