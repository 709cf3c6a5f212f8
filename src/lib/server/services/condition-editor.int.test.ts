import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesDemoClinic } from '$lib/domain/content/shipped-content';
import { useDemoClinic } from '../../../../tests/support/booking';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import {
	findConditionForEditor,
	listConditionsForEditor,
	listPublishedConditions
} from '../db/repositories/condition-repository';
import { listAllPractitioners } from '../db/repositories/practitioner-repository';
import { demoConditions } from '../db/seed/content-files';
import type { StaffActor } from './audit';
import { addPractitioner } from './clinic-setup';
import { updateClinicProfile } from './clinic-profile-settings';
import {
	addShippedConditionDrafts,
	loadConditionEditor,
	loadConditionPageList,
	saveConditionPage,
	unpublishConditionPage
} from './condition-editor';
import { loadConditionPage, loadHomePage, loadSiteIndex } from './public-site';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Rae Owner', role: 'owner' };
const practitioner: StaffActor = { userId: 'pr-1', name: 'Pat Practitioner', role: 'practitioner' };
const desk: StaffActor = { userId: 'fd-1', name: 'Frankie Desk', role: 'front_desk' };
// 2027-03-01 in Madison (Chicago time, the default zone).
const context = { now: Temporal.Instant.from('2027-03-01T15:00:00Z') };

/** The fields a browser sends for a condition page, from what the editor shows. */
function posted(values: {
	name: string;
	summary: string;
	body: string;
	authorId: string;
	reviewerId: string;
	lastReviewedOn: string;
	references: { citation: string; url: string }[];
}): Record<string, string> {
	const fields: Record<string, string> = {
		name: values.name,
		summary: values.summary,
		body: values.body,
		authorId: values.authorId,
		reviewerId: values.reviewerId,
		lastReviewedOn: values.lastReviewedOn
	};
	// The form always sends a few blank rows too.
	[...values.references, { citation: '', url: '' }].forEach((row, index) => {
		fields[`reference-${index + 1}-citation`] = row.citation;
		fields[`reference-${index + 1}-url`] = row.url;
	});
	return fields;
}

describe.each(dialects)('condition pages of a real clinic on %s', (dialect) => {
	let database: TestDatabase;
	const db = () => database.handle.db;
	let dana = 0;
	let sam = 0;
	let backPain = '';
	// The owner submits the back pain page's editor with these values.
	const ownerSubmits = (values: Parameters<typeof posted>[0], intent: 'save' | 'publish') =>
		saveConditionPage(db(), owner, backPain, posted(values), intent, context);

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		await updateClinicProfile(
			db(),
			{
				name: 'Lakeside Acupuncture',
				tagline: 'Acupuncture by the lake',
				phone: '(608) 555-0100',
				email: 'hello@lakeside.example',
				description: 'A small acupuncture clinic in Madison treating back pain and headaches.'
			},
			owner,
			context
		);
		for (const name of ['Dana Lee', 'Sam Ortiz']) {
			await addPractitioner(
				db(),
				{
					name,
					credentials: 'L.Ac.',
					title: 'Acupuncturist',
					summary: 'Treats back and neck pain.',
					bioMarkdown: `${name} has practised acupuncture in Madison since 2015.`,
					licenceNumber: `WI-${name.length}`
				},
				owner,
				context
			);
		}
		const practitioners = await listAllPractitioners(db());
		dana = practitioners.find((entry) => entry.name === 'Dana Lee')?.id ?? 0;
		sam = practitioners.find((entry) => entry.name === 'Sam Ortiz')?.id ?? 0;
	});
	afterAll(async () => {
		await database.dispose();
	});

	it('offers the shipped pages, and only the owner may add them', async () => {
		expect(await loadConditionPageList(db(), owner)).toMatchObject({
			kind: 'ok',
			conditions: [],
			shipped: demoConditions().map((condition) => condition.meta.name)
		});
		expect(await loadConditionPageList(db(), practitioner)).toEqual({ kind: 'forbidden' });
		expect(await addShippedConditionDrafts(db(), desk, context)).toEqual({ kind: 'forbidden' });
		expect(await listConditionsForEditor(db())).toEqual([]);
	});

	it('adds them as drafts with the clinic’s own name, no byline, and nothing public', async () => {
		expect(await addShippedConditionDrafts(db(), owner, context)).toEqual({
			kind: 'added',
			count: demoConditions().length
		});
		const drafts = await listConditionsForEditor(db());
		expect(drafts.map((draft) => draft.slug)).toEqual(
			demoConditions().map((condition) => condition.meta.slug)
		);
		for (const draft of drafts) {
			expect(draft).toMatchObject({
				status: 'draft',
				authorName: null,
				reviewerName: null,
				lastReviewedOn: null,
				publishedOn: null
			});
			const page = await findConditionForEditor(db(), draft.id);
			const text = `${page?.name} ${page?.summary} ${page?.bodyMarkdown}`;
			expect(namesDemoClinic(text)).toBe(false);
			// No demo practitioner is named either.
			expect(text).not.toMatch(/Okafor|Brandt|Jimenez|Jiménez/);
			expect(page?.references.length).toBeGreaterThan(0);
		}
		const backPainPage = await findConditionForEditor(db(), drafts[0]?.id ?? 0);
		expect(backPainPage?.bodyMarkdown).toContain('Lakeside Acupuncture');
		backPain = String(drafts[0]?.id);

		// Drafts are nowhere on the public site: not listed, not in the sitemap, and a 404.
		expect(await listPublishedConditions(db())).toEqual([]);
		expect((await loadHomePage(db())).conditions).toEqual([]);
		expect((await loadSiteIndex(db())).conditions).toEqual([]);
		expect(await loadConditionPage(db(), 'back-pain', context.now)).toBeNull();
		// Offered once: nothing is left to add.
		expect(await loadConditionPageList(db(), owner)).toMatchObject({ shipped: [] });
		const audit = (await listAuditEvents(db())).filter(
			(event) => event.action === 'content.condition_shipped_draft_added'
		);
		expect(audit.length).toBe(demoConditions().length);
	});

	it('lists what a draft lacks, and refuses to publish it without author, reviewer and date', async () => {
		const editor = await loadConditionEditor(db(), owner, backPain);
		if (editor.kind !== 'ok') throw new Error(editor.kind);
		expect(editor.missing.join(' ')).toMatch(/needs an author/);
		expect(editor.missing.join(' ')).toMatch(/needs a reviewer/);
		expect(editor.missing.join(' ')).toMatch(/date it was last reviewed/);

		const refused = await ownerSubmits(editor.values, 'publish');
		expect(refused).toMatchObject({ kind: 'invalid' });
		if (refused.kind !== 'invalid') throw new Error(refused.kind);
		expect(refused.errors.authorId).toMatch(/needs an author/);
		expect(refused.errors.reviewerId).toMatch(/needs a reviewer/);
		expect(refused.errors.lastReviewedOn).toMatch(/needs the date/);
		// The form comes back as it was sent.
		expect(refused.values.body).toBe(editor.values.body);

		const sameReviewer = await ownerSubmits(
			{
				...editor.values,
				authorId: String(dana),
				reviewerId: String(dana),
				lastReviewedOn: '2027-02-20'
			},
			'publish'
		);
		expect(sameReviewer).toMatchObject({
			kind: 'invalid',
			errors: { reviewerId: 'The reviewer must be someone other than the author.' }
		});
		const future = await ownerSubmits(
			{
				...editor.values,
				authorId: String(dana),
				reviewerId: String(sam),
				lastReviewedOn: '2027-03-02'
			},
			'publish'
		);
		expect(future).toMatchObject({
			kind: 'invalid',
			errors: { lastReviewedOn: 'The review date cannot be in the future.' }
		});
		const stranger = await ownerSubmits({ ...editor.values, authorId: '999999' }, 'save');
		expect(stranger).toMatchObject({ kind: 'invalid', errors: { authorId: /from the list/ } });
		// Nothing was written by any refusal.
		expect(await findConditionForEditor(db(), Number(backPain))).toMatchObject({
			status: 'draft',
			authorId: null
		});
		expect(await listPublishedConditions(db())).toEqual([]);
	});

	it('saves a draft with only an author, still off the website', async () => {
		const editor = await loadConditionEditor(db(), owner, backPain);
		if (editor.kind !== 'ok') throw new Error(editor.kind);
		const saved = await ownerSubmits({ ...editor.values, authorId: String(dana) }, 'save');
		expect(saved).toEqual({ kind: 'saved', id: Number(backPain), event: 'saved' });
		expect(await findConditionForEditor(db(), Number(backPain))).toMatchObject({
			status: 'draft',
			authorId: dana
		});
		expect(await loadConditionPage(db(), 'back-pain', context.now)).toBeNull();
	});

	it('publishes it once the byline is complete: public, listed, with bylines and references', async () => {
		const editor = await loadConditionEditor(db(), owner, backPain);
		if (editor.kind !== 'ok') throw new Error(editor.kind);
		const published = await ownerSubmits(
			{ ...editor.values, reviewerId: String(sam), lastReviewedOn: '2027-02-20' },
			'publish'
		);
		expect(published).toEqual({ kind: 'saved', id: Number(backPain), event: 'published' });
		const page = await loadConditionPage(db(), 'back-pain', context.now);
		expect(page?.condition).toMatchObject({
			name: 'Back pain',
			author: { name: 'Dana Lee', credentials: 'L.Ac.' },
			reviewer: { name: 'Sam Ortiz' },
			lastReviewedOn: '2027-02-20',
			publishedOn: '2027-03-01'
		});
		expect(page?.condition.references[0]).toMatchObject({ position: 1 });
		expect(page?.condition.references.map((reference) => reference.citation).join(' ')).toMatch(
			/Vickers AJ/
		);
		// The page's booking link goes to the booking page without a demo service.
		expect(page?.condition.serviceSlug).toBeNull();
		expect((await loadSiteIndex(db())).conditions).toEqual(['back-pain']);
		expect((await loadHomePage(db())).conditions.map((entry) => entry.slug)).toEqual(['back-pain']);
		// The other drafts stay drafts.
		expect(await loadConditionPage(db(), 'headaches', context.now)).toBeNull();

		const events = (await listAuditEvents(db())).filter(
			(event) => event.action === 'content.condition_published'
		);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			subject: { type: 'condition', id: backPain },
			after: { status: 'published', authorId: dana, reviewerId: sam }
		});
	});

	it('keeps a published page complete: a save that drops the reviewer is refused', async () => {
		const editor = await loadConditionEditor(db(), owner, backPain);
		if (editor.kind !== 'ok') throw new Error(editor.kind);
		expect(editor.missing).toEqual([]);
		const refused = await ownerSubmits(
			{ ...editor.values, reviewerId: '', references: [] },
			'save'
		);
		expect(refused).toMatchObject({
			kind: 'invalid',
			errors: { reviewerId: /needs a reviewer/, references: /at least one reference/ }
		});
		expect(await loadConditionPage(db(), 'back-pain', context.now)).not.toBeNull();
	});

	it('unpublishes it: gone from the website, the text and first date kept, audited', async () => {
		expect(await unpublishConditionPage(db(), practitioner, backPain, context)).toEqual({
			kind: 'forbidden'
		});
		expect(await unpublishConditionPage(db(), owner, 'nope', context)).toEqual({
			kind: 'not_found'
		});
		expect(await unpublishConditionPage(db(), owner, backPain, context)).toEqual({
			kind: 'unpublished',
			id: Number(backPain)
		});
		expect(await loadConditionPage(db(), 'back-pain', context.now)).toBeNull();
		expect((await loadSiteIndex(db())).conditions).toEqual([]);
		expect(await findConditionForEditor(db(), Number(backPain))).toMatchObject({
			status: 'draft',
			publishedOn: '2027-03-01',
			reviewerId: sam
		});
		const actions = (await listAuditEvents(db())).map((event) => event.action);
		expect(actions).toContain('content.condition_unpublished');
	});

	it('answers an unknown or malformed page as not found', async () => {
		expect(await loadConditionEditor(db(), owner, '999999')).toEqual({ kind: 'not_found' });
		expect(await loadConditionEditor(db(), owner, '1; drop')).toEqual({ kind: 'not_found' });
		expect(await saveConditionPage(db(), owner, '0', {}, 'save', context)).toEqual({
			kind: 'not_found'
		});
		expect(await loadConditionEditor(db(), desk, backPain)).toEqual({ kind: 'forbidden' });
	});
});

describe.each(dialects)('condition pages of the demo clinic on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('keeps every shipped page published with its demo byline and references', async () => {
		const published = await listPublishedConditions(clinic.db());
		expect(published.map((condition) => condition.slug)).toEqual(
			demoConditions().map((condition) => condition.meta.slug)
		);
		const page = await loadConditionPage(clinic.db(), 'headaches', context.now);
		expect(page?.condition).toMatchObject({
			author: { name: 'Daniel Brandt' },
			reviewer: { name: 'Mei Lin Okafor' },
			lastReviewedOn: '2026-11-16'
		});
		expect(page?.condition.references.map((reference) => reference.url)).toContain(
			'https://doi.org/10.1002/14651858.CD007587.pub2'
		);
		expect(page?.condition.serviceSlug).toBe('initial-acupuncture');
	});

	it('offers no shipped drafts to the demo clinic', async () => {
		expect(await loadConditionPageList(clinic.db(), owner)).toMatchObject({ shipped: [] });
		expect(await addShippedConditionDrafts(clinic.db(), owner, context)).toEqual({
			kind: 'not_found'
		});
	});
});
