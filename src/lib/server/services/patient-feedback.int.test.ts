import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { testNow, testOrigin, testPatient, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { invitePatientForFeedback, tokenFromEmail } from '../../../../tests/support/feedback';
import { incentiveWording } from '$lib/domain/testimonials/invitation-email';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { sendNewestEmail } from '../../../../tests/support/outbox';
import {
	authorizationElementHeadings,
	authorizationElements,
	defaultAuthorizationDocument
} from '$lib/domain/testimonials/authorization-document';
import {
	findCurrentAuthorizationDocument,
	insertAuthorizationDocument,
	insertModeration
} from '../db/repositories/testimonial-publication-repository';
import { toDbInstant } from '../db/instant';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import {
	authorisePublication,
	giveFeedback,
	loadFeedbackPage,
	loadPublishPage,
	loadRevokePage,
	revokeByLink
} from './patient-feedback';
import { listWebsiteTestimonials } from './public-testimonials';
import { hashAuthorizationText, publishAuthorizationText } from './testimonial-authorization-text';

const dialects = await testDialects();

/** A staff decision to publish, straight through the repository (the staff side has its own tests). */
const publish = (db: Kysely<Database>, feedbackId: number) =>
	insertModeration(db, {
		feedbackId,
		decision: 'publish',
		reason: null,
		note: null,
		connectionKind: null,
		connectionText: null,
		decidedById: 'test-staff',
		decidedByName: 'Test staff',
		decidedAt: testNow
	});

const critical = {
	rating: '1',
	words: 'The front desk was kind, but my shoulder is no better after three visits.',
	condition: 'back-pain'
};
const signing = (name: string, over: Record<string, string> = {}) => ({
	naming: 'first_name_last_initial',
	connection: 'none',
	'connection-description': '',
	'signature-name': name,
	agree: 'yes',
	...over
});

describe.each(dialects)('patient feedback on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const context = (now: Temporal.Instant = testNow) => ({
		now,
		origin: testOrigin,
		request: { ip: '203.0.113.9', requestId: 'test' }
	});

	async function documentId(token: string) {
		const page = await loadPublishPage(clinic.db(), token, testNow);
		if (page.kind !== 'form') throw new Error(`expected the publish form, got ${page.kind}`);
		return String(page.document.id);
	}

	it('goes from invitation to published testimonial, and off again when revoked', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'whole-path');
		expect(await loadFeedbackPage(db, token, testNow)).toMatchObject({ kind: 'form' });

		const saved = await giveFeedback(db, token, critical, context());
		expect(saved.kind).toBe('saved');
		const given = await loadFeedbackPage(db, token, testNow);
		expect(given).toMatchObject({
			kind: 'given',
			feedback: { rating: 1, words: critical.words, conditionName: 'Back pain' },
			publication: { state: 'not_authorised' }
		});

		// The clinic hears of it at once, in an email that names nobody and quotes nothing.
		const notice = await db
			.selectFrom('outbox_message')
			.select(['recipient', 'payload_json'])
			.where('kind', '=', 'feedback_received')
			.execute();
		expect(notice).toHaveLength(1);
		expect(notice[0]?.payload_json).not.toContain('whole-path');
		expect(notice[0]?.payload_json).not.toContain('shoulder');

		const document = await documentId(token);
		const signed = await authorisePublication(
			db,
			token,
			{ ...signing(testPatient('whole-path').name), document },
			context()
		);
		expect(signed).toEqual({ kind: 'authorised', displayName: 'Test W.' });
		// Not on the website until staff decide.
		expect((await listWebsiteTestimonials(db, testNow)).map((entry) => entry.words)).not.toContain(
			critical.words
		);

		const feedbackId = saved.kind === 'saved' ? saved.feedbackId : 0;
		await publish(db, feedbackId);
		const shown = await listWebsiteTestimonials(db, testNow);
		expect(shown.find((entry) => entry.words === critical.words)).toMatchObject({
			displayName: 'Test W.',
			rating: 1,
			ratingText: '1 out of 5 stars',
			conditionName: 'Back pain',
			conditionSlug: 'back-pain',
			givenOn: '2027-03-01',
			disclosure: null,
			origin: 'invited',
			marker: null
		});

		const revokeToken = await tokenFromEmail(
			db,
			'testimonial_authorization',
			'whole-path',
			/\/testimonials\/revoke\/([A-Za-z0-9_-]{43})/
		);
		expect(await loadRevokePage(db, revokeToken)).toMatchObject({
			kind: 'in_effect',
			displayName: 'Test W.',
			expiresOn: 'February 28, 2030'
		});
		expect(await revokeByLink(db, revokeToken, context(testNow.add({ hours: 1 })))).toEqual({
			kind: 'revoked'
		});
		expect(
			(await listWebsiteTestimonials(db, testNow.add({ hours: 1 }))).map((entry) => entry.words)
		).not.toContain(critical.words);
		expect(await revokeByLink(db, revokeToken, context())).toEqual({ kind: 'already_revoked' });
		expect(await loadRevokePage(db, revokeToken)).toMatchObject({ kind: 'revoked' });
		expect(await loadFeedbackPage(db, token, testNow)).toMatchObject({
			publication: { state: 'revoked' }
		});

		const actions = (await listAuditEvents(db, {})).map((event) => event.action);
		for (const action of ['feedback.received', 'testimonial.authorized', 'testimonial.revoked']) {
			expect(actions).toContain(action);
		}
	});

	it('stores the signature with the version, the exact text hash, the time and the address', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'hash');
		await giveFeedback(
			db,
			token,
			{ rating: '4', words: 'Helpful and honest about what to expect.' },
			context()
		);
		const document = await documentId(token);
		await authorisePublication(
			db,
			token,
			{ ...signing('  test   patient HASH ', { naming: 'initials' }), document },
			context()
		);
		const row = await db
			.selectFrom('testimonial_authorization as a')
			.innerJoin('testimonial_authorization_document as d', 'd.id', 'a.document_id')
			.select([
				'a.text_hash',
				'd.text_hash as document_hash',
				'a.typed_name',
				'a.display_name',
				'a.ip',
				'a.expires_on',
				'a.id'
			])
			.orderBy('a.id', 'desc')
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			typed_name: 'test   patient HASH',
			display_name: 'T. H.',
			ip: '203.0.113.9',
			expires_on: '2030-02-28'
		});
		expect(row.text_hash).toBe(row.document_hash);
		expect(row.text_hash).toMatch(/^[0-9a-f]{64}$/);
		const email = await db
			.selectFrom('outbox_message')
			.select('payload_json')
			.where('kind', '=', 'testimonial_authorization')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(email.payload_json).not.toMatch(incentiveWording);
		// The email carries the revoke link, minted when it is sent; only its hash is stored.
		const revokeToken = await tokenFromEmail(
			db,
			'testimonial_authorization',
			'hash',
			/\/testimonials\/revoke\/([A-Za-z0-9_-]{43})/
		);
		const stored = await db
			.selectFrom('emailed_link')
			.select(['subject_id', 'purpose'])
			.where('token_hash', '=', createHash('sha256').update(revokeToken).digest('hex'))
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ subject_id: row.id, purpose: 'testimonial_revoke' });
	});

	it('reports every mistake at once and keeps what was typed, writing nothing', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'mistakes');
		const result = await giveFeedback(
			db,
			token,
			{ rating: '9', words: 'short', condition: 'not-a-condition' },
			context()
		);
		expect(result).toMatchObject({
			kind: 'invalid',
			errors: {
				rating: expect.stringMatching(/1 to 5/),
				words: expect.stringMatching(/at least/),
				condition: expect.stringMatching(/from the list/)
			},
			values: { words: 'short' }
		});
		expect(await loadFeedbackPage(db, token, testNow)).toMatchObject({ kind: 'form' });

		await giveFeedback(
			db,
			token,
			{ rating: '3', words: 'It was fine, nothing special.' },
			context()
		);
		const document = await documentId(token);
		const unsigned = await authorisePublication(
			db,
			token,
			{ document, 'signature-name': 'Someone Else' },
			context()
		);
		expect(unsigned).toMatchObject({ kind: 'invalid' });
		if (unsigned.kind === 'invalid') {
			expect(Object.keys(unsigned.errors).sort()).toEqual([
				'agree',
				'connection',
				'naming',
				'signature-name'
			]);
		}
		expect(await loadPublishPage(db, token, testNow)).toMatchObject({ kind: 'form' });
	});

	it('takes feedback once per link, and one permission per feedback', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'twice');
		const words = { rating: '5', words: 'Very good, and the booking was quick.' };
		const [first, second] = await Promise.all([
			giveFeedback(db, token, words, context()),
			giveFeedback(db, token, words, context())
		]);
		expect([first.kind, second.kind].sort()).toEqual(['already_given', 'saved']);
		const document = await documentId(token);
		const fields = { ...signing(testPatient('twice').name), document };
		const signatures = await Promise.all([
			authorisePublication(db, token, fields, context()),
			authorisePublication(db, token, fields, context())
		]);
		expect(signatures.map((result) => result.kind).sort()).toEqual([
			'already_decided',
			'authorised'
		]);
		const count = await db
			.selectFrom('testimonial_authorization as a')
			.innerJoin('feedback as f', 'f.id', 'a.feedback_id')
			.innerJoin('patient as p', 'p.id', 'f.patient_id')
			.select((eb) => eb.fn.countAll<number | string>().as('n'))
			.where('p.email', '=', testPatient('twice').email)
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});

	it('refuses a signature on a text the clinic changed since the page was opened', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'changed');
		await giveFeedback(
			db,
			token,
			{ rating: '4', words: 'Good care, clear explanations.' },
			context()
		);
		const document = await documentId(token);
		const result = await authorisePublication(
			db,
			token,
			{ ...signing(testPatient('changed').name), document: String(Number(document) + 1) },
			context()
		);
		expect(result).toEqual({ kind: 'changed' });
	});

	describe('the signature, its copy and a personal representative (45 CFR 164.508)', () => {
		/** What a patient's (or representative's) signing writes, for the patient `key`. */
		async function writtenFor(db: Kysely<Database>, key: string) {
			const email = testPatient(key).email;
			const count = async (query: Promise<{ n: number | string } | undefined>) =>
				Number((await query)?.n ?? 0);
			return {
				authorizations: await count(
					db
						.selectFrom('testimonial_authorization as a')
						.innerJoin('patient as p', 'p.id', 'a.patient_id')
						.select((eb) => eb.fn.countAll<number | string>().as('n'))
						.where('p.email', '=', email)
						.executeTakeFirst()
				),
				emails: await count(
					db
						.selectFrom('outbox_message')
						.select((eb) => eb.fn.countAll<number | string>().as('n'))
						.where('kind', '=', 'testimonial_authorization')
						.where('recipient', '=', email)
						.executeTakeFirst()
				),
				audit: (
					await listAuditEvents(db, {
						patientId: (
							await db
								.selectFrom('patient')
								.select('id')
								.where('email', '=', email)
								.executeTakeFirstOrThrow()
						).id
					})
				).filter((event) => event.action === 'testimonial.authorized').length
			};
		}

		it('refuses a representative who gives no authority, with a clear message, and writes nothing', async () => {
			const db = clinic.db();
			const token = await invitePatientForFeedback(db, clinic.ids, 'no-authority');
			await giveFeedback(db, token, critical, context());
			const document = await documentId(token);
			for (const authority of [undefined, '  ']) {
				const result = await authorisePublication(
					db,
					token,
					{
						...signing('Mary Guardian', { signer: 'representative' }),
						...(authority === undefined ? {} : { 'representative-authority': authority }),
						document
					},
					context()
				);
				expect(result).toEqual({
					kind: 'invalid',
					errors: {
						'representative-authority': expect.stringMatching(
							/^Please say what gives you the authority to sign for the patient, for example parent/
						)
					},
					values: expect.objectContaining({
						signer: 'representative',
						'signature-name': 'Mary Guardian'
					})
				});
			}
			expect(await writtenFor(db, 'no-authority')).toEqual({
				authorizations: 0,
				emails: 0,
				audit: 0
			});
			expect(await loadPublishPage(db, token, testNow)).toMatchObject({ kind: 'form' });
		});

		it('keeps a representative’s name and authority with the signature, and in the patient’s copy', async () => {
			const db = clinic.db();
			const token = await invitePatientForFeedback(db, clinic.ids, 'minor');
			await giveFeedback(db, token, critical, context());
			const document = await documentId(token);
			const signed = await authorisePublication(
				db,
				token,
				{
					...signing('Mary Guardian', { signer: 'representative', naming: 'initials' }),
					'representative-authority': 'Mother of the patient, who is 16',
					document
				},
				context()
			);
			expect(signed).toEqual({ kind: 'authorised', displayName: 'T. M.' });
			const row = await db
				.selectFrom('testimonial_authorization')
				.select(['typed_name', 'representative_authority'])
				.orderBy('id', 'desc')
				.executeTakeFirstOrThrow();
			expect(row).toEqual({
				typed_name: 'Mary Guardian',
				representative_authority: 'Mother of the patient, who is 16'
			});
			expect(await writtenFor(db, 'minor')).toEqual({ authorizations: 1, emails: 1, audit: 1 });
			const copy = await sendNewestEmail(
				db,
				{ kind: 'testimonial_authorization', recipient: testPatient('minor').email },
				testNow
			);
			expect(copy.text).toContain(
				'by a personal representative for the patient, typing the name "Mary Guardian"'
			);
			expect(copy.text).toContain(
				'Authority to act for the patient, as stated: Mother of the patient, who is 16'
			);
			// The database itself refuses a representative's signature with an empty authority.
			const stored = await db
				.selectFrom('testimonial_authorization')
				.selectAll()
				.orderBy('id', 'desc')
				.executeTakeFirstOrThrow();
			const { id: _id, ...copied } = stored;
			await expect(
				db
					.insertInto('testimonial_authorization')
					.values({
						...copied,
						signed_at: toDbInstant(testNow),
						revoke_token_hash: 'another-hash',
						representative_authority: '   '
					})
					.execute()
				// The check is met before the one-per-feedback index: the message names it.
			).rejects.toThrow(/check constraint/i);
			// The stored signature refuses to be changed or removed: it is append-only.
			await expect(
				db
					.updateTable('testimonial_authorization')
					.set({ typed_name: 'Someone else' })
					.where('typed_name', '=', 'Mary Guardian')
					.execute()
			).rejects.toThrow();
		});

		it('emails the patient the full text they signed, what it allows and the signature (164.508(c)(4))', async () => {
			const db = clinic.db();
			const token = await invitePatientForFeedback(db, clinic.ids, 'copy');
			await giveFeedback(db, token, critical, context());
			const document = await documentId(token);
			await authorisePublication(
				db,
				token,
				{ ...signing('  test patient COPY '), signer: 'patient', document },
				context()
			);
			const version = await findCurrentAuthorizationDocument(db);
			if (!version) throw new Error('expected the signed version');
			const copy = await sendNewestEmail(
				db,
				{ kind: 'testimonial_authorization', recipient: testPatient('copy').email },
				testNow
			);
			expect(copy.text).toContain(`${version.title} (version ${version.version})`);
			for (const element of authorizationElements) {
				expect(version[element].trim()).not.toBe('');
				expect(copy.text).toContain(authorizationElementHeadings[element].toUpperCase());
				expect(copy.text).toContain(version[element]);
			}
			expect(copy.text).toMatch(/no longer protected by the federal health privacy rules/);
			expect(copy.text).toContain(`Your words, as you wrote them: "${critical.words}"`);
			expect(copy.text).toContain('Rating: 1 out of 5');
			expect(copy.text).toContain('About: Back pain');
			expect(copy.text).toContain('Given on: March 1, 2027');
			expect(copy.text).toContain('Shown with the name: "Test C."');
			expect(copy.text).toContain('Connection shown beside the words: none');
			expect(copy.text).toContain('Signed on March 1, 2027 by typing the name "test patient COPY"');
			expect(copy.text).toContain('Ends on: February 28, 2030');
			expect(copy.text).toContain(`(SHA-256): ${version.textHash}`);
			expect(copy.text).toMatch(/\/testimonials\/revoke\/[A-Za-z0-9_-]{43}/);
			expect(copy.text).not.toMatch(incentiveWording);
		});

		it('never offers a version missing an element: the complete default takes its place', async () => {
			const db = clinic.db();
			const token = await invitePatientForFeedback(db, clinic.ids, 'old-text');
			await giveFeedback(db, token, critical, context());
			const before = await documentId(token);
			const current = await findCurrentAuthorizationDocument(db);
			if (!current) throw new Error('expected a version');

			// A complete-looking text without the redisclosure statement cannot be published.
			const incomplete = { ...defaultAuthorizationDocument('Test', current.version + 1) };
			incomplete.redisclosure = '';
			const refused = await publishAuthorizationText(db, incomplete, {
				now: testNow,
				author: 'test',
				actor: { type: 'system', label: 'test' },
				source: 'test'
			});
			expect(refused).toEqual({
				kind: 'incomplete',
				problems: [
					{
						element: 'redisclosure',
						message: expect.stringMatching(/copy and pass them on .*164\.508\(c\)\(2\)\(iii\)/)
					}
				]
			});
			expect((await findCurrentAuthorizationDocument(db))?.id).toBe(current.id);

			// One written before the element existed (straight through the repository, as the
			// first default was): the page then offers the complete default as the next version.
			const legacy = { ...incomplete, signatureStatement: 'Type your name to sign.' };
			await insertAuthorizationDocument(db, {
				...legacy,
				textHash: hashAuthorizationText(legacy),
				createdAt: testNow,
				createdByName: 'before issue 14'
			});
			const page = await loadPublishPage(db, token, testNow);
			if (page.kind !== 'form') throw new Error(`expected the form, got ${page.kind}`);
			expect(page.document.version).toBe(current.version + 2);
			expect(page.document.sections.map((section) => section.heading)).toContain(
				'Once published, your words are public'
			);
			// A page opened on an older version signs nothing.
			expect(
				await authorisePublication(
					db,
					token,
					{ ...signing(testPatient('old-text').name), document: before },
					context()
				)
			).toEqual({ kind: 'changed' });
			expect(await writtenFor(db, 'old-text')).toMatchObject({ authorizations: 0, emails: 0 });
		});
	});

	it('shows nothing on an expired or unknown link', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'late');
		const late = testNow.add({ hours: 24 * 31 });
		expect(await loadFeedbackPage(db, token, late)).toEqual({ kind: 'expired' });
		expect(
			await giveFeedback(
				db,
				token,
				{ rating: '4', words: 'Too late to tell you this.' },
				context(late)
			)
		).toEqual({ kind: 'expired' });
		expect(await loadFeedbackPage(db, 'x'.repeat(43), testNow)).toEqual({ kind: 'not_found' });
		expect(await loadFeedbackPage(db, 'short', testNow)).toEqual({ kind: 'not_found' });
		expect(await loadRevokePage(db, 'y'.repeat(43))).toEqual({ kind: 'not_found' });
		expect(await revokeByLink(db, 'y'.repeat(43), context())).toEqual({ kind: 'not_found' });
	});

	it('shows a declared connection with the testimonial', async () => {
		const db = clinic.db();
		const token = await invitePatientForFeedback(db, clinic.ids, 'family');
		const saved = await giveFeedback(
			db,
			token,
			{ rating: '5', words: 'My sister works here; I came for my neck and it helped.' },
			context()
		);
		const document = await documentId(token);
		await authorisePublication(
			db,
			token,
			{
				...signing(testPatient('family').name, { connection: 'staff_family', naming: 'anonymous' }),
				document
			},
			context()
		);
		await publish(db, saved.kind === 'saved' ? saved.feedbackId : 0);
		const shown = (await listWebsiteTestimonials(db, testNow)).find((entry) =>
			entry.words.startsWith('My sister')
		);
		expect(shown).toMatchObject({
			displayName: 'Anonymous patient',
			disclosure: 'Written by a family member of one of our staff.',
			conditionName: null
		});
	});
});
