import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { consentTextToHash } from '$lib/domain/consent/canonical-text';
import { defaultConsentDocument } from '$lib/domain/consent/consent-document';
import { listAuditEvents } from '../db/repositories/audit-repository';
import type { StaffActor } from './audit';
import { loadDayCalendar, loadWeekCalendar } from './staff-calendar';
import {
	consentVisitForm,
	defaultConsentAuthor,
	loadConsentMissing,
	loadConsentPage,
	loadConsentSettings,
	loadConsentStatus,
	loadSignedConsentByToken,
	loadSignedConsentForStaff,
	publishConsentText,
	signConsentByToken
} from './consent';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const practitioner: StaffActor = { userId: 'pr-1', name: 'Pat Practitioner', role: 'practitioner' };
const desk: StaffActor = { userId: 'fd-1', name: 'Frankie Desk', role: 'front_desk' };
const request = { ip: '203.0.113.7', requestId: 'req-consent' };
const context = { now: testNow, request };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const demo = defaultConsentDocument('Harbor Lantern Acupuncture');

describe.each(dialects)('consent to treatment on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = clinic.db;

	const count = async (table: 'consent_document' | 'consent_signature') =>
		Number(
			(
				await db()
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number | string>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const documents = () =>
		db().selectFrom('consent_document').selectAll().orderBy('version').execute();
	const signatures = () => db().selectFrom('consent_signature').selectAll().orderBy('id').execute();
	const auditActions = async () => (await listAuditEvents(db())).map((event) => event.action);

	let patient = { token: '', appointmentId: 0, patientId: 0 };
	const signForm = (fields: Record<string, string>) =>
		signConsentByToken(db(), patient.token, fields, context);
	const currentDocumentId = async () => String((await documents()).at(-1)?.id);

	it('creates version 1 from the default text the first time a patient needs it, once', async () => {
		const slot = await firstOpenSlot(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const booked = await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, 'ann'));
		const row = await db()
			.selectFrom('appointment')
			.select(['id', 'patient_id'])
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		patient = {
			token: tokenOf(booked.body.manageUrl),
			appointmentId: row.id,
			patientId: row.patient_id
		};
		expect(await count('consent_document')).toBe(0);
		expect((await consentVisitForm(db(), patient.appointmentId)).done).toBe(false);

		const [first, second] = await Promise.all([
			loadConsentPage(db(), patient.token, testNow),
			loadConsentPage(db(), patient.token, testNow)
		]);
		expect(first?.document.version).toBe(1);
		expect(second?.document.id).toBe(first?.document.id);
		expect(first?.patientName).toBe('Test Patient ann');
		expect(first?.state).toBe('not_signed');
		expect(first?.document.html).toContain('Harbor Lantern Acupuncture');
		const [version] = await documents();
		expect(await count('consent_document')).toBe(1);
		expect(version?.created_by_name).toBe(defaultConsentAuthor);
		expect(version?.text_hash).toBe(sha256(consentTextToHash(demo)));
		expect(await auditActions()).toContain('consent.version_published');
	});

	it('refuses a wrong name or a missing tick with field errors, storing nothing', async () => {
		const document = await currentDocumentId();
		const wrong = await signForm({ document, 'signature-name': 'Anne Patient', agree: 'yes' });
		expect(wrong).toMatchObject({
			kind: 'invalid',
			errors: { 'signature-name': expect.stringMatching(/does not match/) },
			values: { 'signature-name': 'Anne Patient', agree: 'yes' }
		});
		const unticked = await signForm({ document, 'signature-name': 'Test Patient ann' });
		expect(unticked).toMatchObject({
			kind: 'invalid',
			errors: { agree: expect.stringMatching(/tick the box/) }
		});
		expect(unticked.kind === 'invalid' && Object.keys(unticked.errors)).toEqual(['agree']);
		expect(await count('consent_signature')).toBe(0);
		expect(await auditActions()).not.toContain('consent.signed');
	});

	it('refuses a signature on a version the patient was not shown', async () => {
		expect(
			await signForm({ document: '999999', 'signature-name': 'Test Patient ann', agree: 'yes' })
		).toEqual({ kind: 'changed' });
		expect(await count('consent_signature')).toBe(0);
	});

	it('stores a matching signature with the version, the exact hash, the name as typed, the time and the address', async () => {
		const document = await currentDocumentId();
		const result = await signForm({
			document,
			'signature-name': ' test  PATIENT ann ',
			agree: 'yes'
		});
		expect(result).toMatchObject({ kind: 'signed', version: 1 });
		const [version] = await documents();
		const [signature] = await signatures();
		expect(signature).toMatchObject({
			patient_id: patient.patientId,
			appointment_id: patient.appointmentId,
			document_id: version?.id,
			text_hash: version?.text_hash,
			typed_name: 'test  PATIENT ann',
			ip: '203.0.113.7'
		});
		expect(new Date(signature?.signed_at ?? '').toISOString()).toBe(
			new Date(testNow.epochMilliseconds).toISOString()
		);
		expect(signature?.text_hash).toBe(sha256(consentTextToHash(demo)));
		const events = await listAuditEvents(db(), { patientId: patient.patientId });
		expect(events.find((event) => event.action === 'consent.signed')).toMatchObject({
			actor: { type: 'patient' },
			ip: '203.0.113.7',
			after: { version: 1, textHash: version?.text_hash }
		});

		// A second press of the button stores nothing new.
		expect(
			await signForm({ document, 'signature-name': 'Test Patient ann', agree: 'yes' })
		).toEqual({ kind: 'already_signed' });
		expect(await count('consent_signature')).toBe(1);

		const page = await loadConsentPage(db(), patient.token, testNow);
		expect(page?.state).toBe('signed');
		expect(page?.signed).toEqual({ version: 1, date: 'March 1, 2027' });
		expect(await consentVisitForm(db(), patient.appointmentId)).toMatchObject({
			path: 'consent',
			done: true,
			status: 'Signed on March 1, 2027 (version 1).'
		});
		const printed = await loadSignedConsentByToken(db(), patient.token, context);
		expect(printed).toMatchObject({
			kind: 'ok',
			form: {
				version: 1,
				typedName: 'test  PATIENT ann',
				textHash: version?.text_hash,
				verified: true
			}
		});
		expect(printed?.kind === 'ok' && printed.form.signedAt).toBe(
			'Monday, March 1, 2027, 9:00 am CST'
		);
	});

	it('the database refuses to change or delete a signature or a published version', async () => {
		await expect(
			db().updateTable('consent_signature').set({ typed_name: 'Someone Else' }).execute()
		).rejects.toThrow(/append_only/);
		await expect(db().deleteFrom('consent_signature').execute()).rejects.toThrow(/append_only/);
		await expect(
			db().updateTable('consent_document').set({ body_markdown: 'No side effects.' }).execute()
		).rejects.toThrow(/append_only/);
		await expect(db().deleteFrom('consent_document').execute()).rejects.toThrow(/append_only/);
		expect((await signatures())[0]?.typed_name).toBe('test  PATIENT ann');
		expect(await count('consent_document')).toBe(1);
	});

	it('only the owner may open the editor or publish', async () => {
		for (const staff of [practitioner, desk]) {
			expect((await loadConsentSettings(db(), staff)).kind).toBe('forbidden');
			expect(
				await publishConsentText(
					db(),
					staff,
					{ title: demo.title, bodyMarkdown: `${demo.bodyMarkdown}\nMore.` },
					context
				)
			).toEqual({ kind: 'forbidden' });
		}
		expect(await count('consent_document')).toBe(1);
	});

	it('refuses texts that claim "no side effects" or leave out the risks, writing nothing', async () => {
		const before = await auditActions();
		const claims = await publishConsentText(
			db(),
			owner,
			{
				title: demo.title,
				bodyMarkdown: `${demo.bodyMarkdown}\nAcupuncture has no side effects and cures back pain.`
			},
			context
		);
		expect(claims.kind).toBe('blocked');
		expect(claims.kind === 'blocked' && claims.review.blocking).toEqual([
			expect.stringMatching(/no side effects/),
			'Remove claims of a cure.'
		]);
		const noRisks = await publishConsentText(
			db(),
			owner,
			{
				title: demo.title,
				bodyMarkdown: demo.bodyMarkdown.replace(
					/## Risks[\s\S]*?## What we need/,
					'## What we need'
				)
			},
			context
		);
		// The risks section holds the two figures, bruising and burns.
		expect(noRisks.kind === 'blocked' && noRisks.review.blocking).toHaveLength(4);
		const tooShort = await publishConsentText(
			db(),
			owner,
			{ title: demo.title, bodyMarkdown: 'Sign here.' },
			context
		);
		expect(tooShort).toMatchObject({
			kind: 'invalid',
			errors: { bodyMarkdown: expect.any(String) }
		});
		expect(
			await publishConsentText(
				db(),
				owner,
				{ title: demo.title, bodyMarkdown: demo.bodyMarkdown.replaceAll('\n', '\r\n') },
				context
			)
		).toMatchObject({ kind: 'refused', message: expect.stringMatching(/version 1 already/) });
		expect(await count('consent_document')).toBe(1);
		expect(await auditActions()).toEqual(before);
	});

	it('publishes a new version with its hash; the old signature becomes an older version', async () => {
		const body = `${demo.bodyMarkdown}\nWe now also offer gua sha; you may refuse it.\r\n`;
		const result = await publishConsentText(
			db(),
			owner,
			{ title: demo.title, bodyMarkdown: body },
			context
		);
		expect(result).toEqual({ kind: 'published', version: 2 });
		const [first, second] = await documents();
		expect(second?.created_by_name).toBe('Olive Owner');
		expect(second?.body_markdown).not.toContain('\r');
		expect(second?.text_hash).toBe(
			sha256(consentTextToHash({ version: 2, title: demo.title, bodyMarkdown: body.trim() }))
		);
		expect(first?.text_hash).toBe(sha256(consentTextToHash(demo)));
		const published = (await listAuditEvents(db())).find(
			(event) => event.action === 'consent.version_published' && event.actor.type === 'staff'
		);
		expect(published).toMatchObject({
			actor: { id: 'owner-1' },
			after: { version: 2, textHash: second?.text_hash }
		});

		const settings = await loadConsentSettings(db(), owner);
		expect(settings.kind === 'ok' && settings.versions.map((entry) => entry.version)).toEqual([
			2, 1
		]);
		expect(settings.kind === 'ok' && settings.values.bodyMarkdown).toBe(second?.body_markdown);

		for (const staff of [owner, practitioner, desk]) {
			expect(await loadConsentStatus(db(), patient.patientId, staff)).toMatchObject({
				state: 'older_version',
				text: 'signed an older version (version 1, March 1, 2027); version 2 is not signed yet'
			});
		}
		expect(await consentVisitForm(db(), patient.appointmentId)).toMatchObject({
			done: false,
			status: expect.stringMatching(/sign the new version before your next visit/)
		});
		expect((await loadConsentPage(db(), patient.token, testNow))?.state).toBe('older_version');

		const signed = await signForm({
			document: String(second?.id),
			'signature-name': 'Test Patient ann',
			agree: 'yes'
		});
		expect(signed).toMatchObject({ kind: 'signed', version: 2 });
		expect((await signatures()).map((row) => row.text_hash)).toEqual([
			first?.text_hash,
			second?.text_hash
		]);
		expect((await loadConsentStatus(db(), patient.patientId, desk))?.state).toBe('signed');
	});

	it('shows staff the exact form signed, for every role, and records each view', async () => {
		const [firstSignature] = await signatures();
		const id = firstSignature?.id ?? 0;
		for (const staff of [owner, practitioner, desk]) {
			const view = await loadSignedConsentForStaff(db(), patient.patientId, id, staff, context);
			expect(view).toMatchObject({
				kind: 'ok',
				patient: { name: 'Test Patient ann' },
				form: { version: 1, typedName: 'test  PATIENT ann', verified: true },
				ip: '203.0.113.7'
			});
			// Version 1's text, not the current one.
			expect(view.kind === 'ok' && view.form.html).not.toContain('gua sha');
		}
		expect(
			(await loadSignedConsentForStaff(db(), patient.patientId + 1000, id, desk, context)).kind
		).toBe('not_found');
		const views = (await listAuditEvents(db(), { patientId: patient.patientId })).filter(
			(event) => event.action === 'consent.view'
		);
		expect(
			views
				.filter((event) => event.actor.type === 'staff')
				.map((event) => event.actor.label)
				.sort()
		).toEqual(['Frankie Desk', 'Olive Owner', 'Pat Practitioner']);
		// Issue 12: the signed form shown through the manage link earlier is recorded too, as
		// seen by "manage link" from the address that asked.
		const linkViews = views.filter((event) => event.actor.type !== 'staff');
		expect(linkViews.length).toBeGreaterThan(0);
		for (const event of linkViews) {
			expect(event.actor).toMatchObject({ type: 'patient', label: 'manage link' });
		}
		expect(linkViews.some((event) => event.ip === request.ip)).toBe(true);
	});

	it('the day calendar flags a missing consent, reading the whole day at once', async () => {
		const row = await db()
			.selectFrom('appointment')
			.select('starts_at')
			.where('id', '=', patient.appointmentId)
			.executeTakeFirstOrThrow();
		const date = new Date(row.starts_at).toISOString().slice(0, 10);
		const blocks = async () => {
			const day = await loadDayCalendar(db(), { date }, desk, context);
			if (day.kind !== 'ok') throw new Error('no calendar');
			return day.rows.flatMap((entry) =>
				entry.cells.flatMap((cell) => (cell.kind === 'entry' ? cell.entries : []))
			);
		};
		expect((await blocks()).find((block) => block.id === patient.appointmentId)).toMatchObject({
			consentMissing: false
		});
		const stranger = patient.patientId + 1000;
		expect([...(await loadConsentMissing(db(), [patient.patientId, stranger], desk))]).toEqual([
			stranger
		]);
		await publishConsentText(
			db(),
			owner,
			{ title: demo.title, bodyMarkdown: `${demo.bodyMarkdown}\nVersion three.` },
			context
		);
		expect((await blocks()).find((block) => block.id === patient.appointmentId)).toMatchObject({
			consentMissing: true
		});
		// The week view reads the same flags.
		const week = await loadWeekCalendar(db(), { date, practitioner: null }, desk, context);
		const weekBlocks = week.kind === 'ok' ? week.days.flatMap((day) => day.appointments) : [];
		expect(weekBlocks.find((block) => block.id === patient.appointmentId)).toMatchObject({
			consentMissing: true
		});
	});
});
