import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { ArticleFormValues } from '$lib/domain/content/article-form';
import { testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import {
	findArticleForEditor,
	findPublishedArticle,
	listArticlesForEditor,
	listPublishedArticles
} from '../db/repositories/article-repository';
import { listAuditEvents } from '../db/repositories/audit-repository';
import {
	loadArticleEditor,
	loadArticleList,
	previewArticle,
	saveArticle,
	unpublishArticle
} from './article-editor';
import type { StaffActor } from './audit';
import { loadSiteIndex } from './public-site';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const practitioner: StaffActor = { userId: 'pr-1', name: 'Pat Practitioner', role: 'practitioner' };
const desk: StaffActor = { userId: 'fd-1', name: 'Frankie Desk', role: 'front_desk' };
const context = { now: testNow };
// testNow is 2027-03-01 in Milwaukee.
const today = '2027-03-01';

/** The fields a browser sends for these form values, as the editor names them. */
function posted(values: Partial<ArticleFormValues>): Record<string, string> {
	const fields: Record<string, string> = {
		title: values.title ?? '',
		slug: values.slug ?? '',
		description: values.description ?? '',
		body: values.body ?? '',
		authorId: values.authorId ?? '',
		reviewerId: values.reviewerId ?? '',
		lastReviewedOn: values.lastReviewedOn ?? '',
		serviceId: values.serviceId ?? ''
	};
	for (const id of values.conditionIds ?? []) fields[`condition-${id}`] = 'on';
	// The form always sends a few blank rows too.
	[...(values.references ?? []), { citation: '', url: '' }].forEach((row, index) => {
		fields[`reference-${index + 1}-citation`] = row.citation;
		fields[`reference-${index + 1}-url`] = row.url;
	});
	return fields;
}

const actions = async (db: Parameters<typeof listAuditEvents>[0], prefix = 'content.') =>
	(await listAuditEvents(db)).filter((event) => event.action.startsWith(prefix));

describe.each(dialects)('the article editor on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const draft = () => ({
		title: 'Dry needling and acupuncture: what is the difference?',
		slug: 'dry-needling-and-acupuncture',
		description:
			'How dry needling and acupuncture differ in training, aims and evidence, honestly.',
		body: 'Both use fine needles [1].\n\n## Safety\n\nMinor bruising is common [2].',
		authorId: String(clinic.ids.mei),
		reviewerId: '',
		lastReviewedOn: '',
		serviceId: String(clinic.ids.service.followUp),
		conditionIds: [] as string[],
		references: [] as { citation: string; url: string }[]
	});
	const references = [
		{
			citation:
				'Dunning J, et al. Dry needling: a literature review. J Man Manip Ther. 2014;22(3).',
			url: 'https://doi.org/10.1179/2042618613Y.0000000067'
		},
		{ citation: 'Bäumler P, et al. Acupuncture-related adverse events. BMJ Open. 2021.', url: '' }
	];
	let articleId = '';

	it('saves a new draft without reviewer, date or references, and keeps it off the website', async () => {
		const saved = await saveArticle(clinic.db(), owner, null, posted(draft()), 'save', context);
		expect(saved).toMatchObject({ kind: 'saved', event: 'saved' });
		articleId = String(saved.kind === 'saved' ? saved.id : '');
		const stored = await findArticleForEditor(clinic.db(), Number(articleId));
		expect(stored).toMatchObject({
			status: 'draft',
			publishedOn: null,
			lastReviewedOn: null,
			reviewerId: null,
			serviceId: clinic.ids.service.followUp,
			references: []
		});
		expect(await findPublishedArticle(clinic.db(), 'dry-needling-and-acupuncture')).toBeNull();
		const list = await loadArticleList(clinic.db(), owner);
		expect(list.kind === 'ok' && list.articles[0]).toMatchObject({
			slug: 'dry-needling-and-acupuncture',
			status: 'draft',
			lastReviewedOn: null,
			authorName: 'Mei Lin Okafor'
		});
		const [event] = await actions(clinic.db());
		expect(event).toMatchObject({
			action: 'content.article_saved',
			actor: { type: 'staff', id: 'owner-1', label: 'Olive Owner' },
			subject: { type: 'article', id: articleId },
			before: undefined
		});
		expect(event?.after).toMatchObject({
			status: 'draft',
			slug: 'dry-needling-and-acupuncture',
			bodyLength: draft().body.length,
			bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/)
		});
	});

	it('refuses an address another article has, or one that is not lowercase-kebab', async () => {
		const taken = await saveArticle(
			clinic.db(),
			owner,
			null,
			posted({ ...draft(), slug: 'can-acupuncture-help-back-pain' }),
			'save',
			context
		);
		expect(taken.kind === 'invalid' && taken.errors).toEqual({
			slug: 'Another article already has the address /articles/can-acupuncture-help-back-pain. Choose another.'
		});
		const wrong = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted({ ...draft(), slug: 'Dry Needling' }),
			'save',
			context
		);
		expect(wrong.kind === 'invalid' && Object.keys(wrong.errors)).toEqual(['slug']);
		// Its own address is not "taken".
		expect(
			await saveArticle(clinic.db(), owner, articleId, posted(draft()), 'save', context)
		).toMatchObject({ kind: 'saved' });
	});

	it('refuses to publish with the list of what is missing, and changes nothing', async () => {
		const before = await actions(clinic.db());
		const refused = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted({ ...draft(), reviewerId: String(clinic.ids.mei) }),
			'publish',
			context
		);
		expect(refused.kind).toBe('invalid');
		const errors = refused.kind === 'invalid' ? refused.errors : {};
		expect(Object.keys(errors)).toEqual(['body', 'reviewerId', 'lastReviewedOn', 'references']);
		expect(errors.reviewerId).toMatch(/someone other than the author/);
		expect(errors.references).toMatch(/at least one reference/);
		expect(errors.body).toMatch(/cites \[1\], \[2\]/);
		expect((await findArticleForEditor(clinic.db(), Number(articleId)))?.status).toBe('draft');
		expect(await actions(clinic.db())).toHaveLength(before.length);

		const badAddress = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted({
				...draft(),
				references: [{ citation: references[0]!.citation, url: 'javascript:alert(1)' }]
			}),
			'save',
			context
		);
		expect(badAddress.kind === 'invalid' && badAddress.errors).toEqual({
			'reference-1-url': 'Give a web address starting with https:// or http://, or leave it empty.'
		});
	});

	it('previews the unsaved text with the public renderer, storing nothing', async () => {
		const count = (await actions(clinic.db())).length;
		const preview = await previewArticle(
			clinic.db(),
			owner,
			posted({
				...draft(),
				body: draft().body + '\n\n<script>alert(1)</script> [x](javascript:alert(1))',
				references
			}),
			context
		);
		if (preview.kind !== 'ok') throw new Error('expected a preview');
		expect(preview.preview.html).toContain('<h2 id="preview-safety">Safety</h2>');
		expect(preview.preview.html).toContain('<a href="#preview-ref-1">1</a>');
		expect(preview.preview.html).toContain('&lt;script&gt;');
		expect(preview.preview.html).not.toContain('href="javascript:');
		expect(preview.preview.references[0]?.url).toBe(references[0]!.url);
		expect(preview.missing).toHaveLength(2);
		expect((await findArticleForEditor(clinic.db(), Number(articleId)))?.references).toEqual([]);
		expect(await actions(clinic.db())).toHaveLength(count);
	});

	it('publishes a complete article, which then shows on the website, sitemap and feed', async () => {
		const complete = {
			...draft(),
			reviewerId: String(clinic.ids.daniel),
			lastReviewedOn: '2027-02-26',
			conditionIds: [] as string[],
			references
		};
		const published = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted(complete),
			'publish',
			context
		);
		expect(published).toMatchObject({ kind: 'saved', event: 'published' });
		const stored = await findArticleForEditor(clinic.db(), Number(articleId));
		expect(stored).toMatchObject({ status: 'published', publishedOn: today });
		const page = await findPublishedArticle(clinic.db(), 'dry-needling-and-acupuncture');
		expect(page?.references).toEqual([
			{ position: 1, citation: references[0]!.citation, url: references[0]!.url },
			{ position: 2, citation: references[1]!.citation, url: null }
		]);
		expect(page?.reviewer?.name).toBe('Daniel Brandt');
		const index = await loadSiteIndex(clinic.db());
		expect(index.articles.map((article) => article.slug)).toContain('dry-needling-and-acupuncture');
		const event = (await actions(clinic.db())).find(
			(entry) => entry.action === 'content.article_published'
		);
		expect(event?.before).toMatchObject({ status: 'draft', publishedOn: null });
		expect(event?.after).toMatchObject({
			status: 'published',
			publishedOn: today,
			reviewerId: clinic.ids.daniel,
			references: [
				{ citation: references[0]!.citation, url: references[0]!.url },
				{ citation: references[1]!.citation, url: null }
			]
		});

		// Saving a published article keeps it published, and keeps it complete.
		const edited = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted({ ...complete, title: 'Dry needling or acupuncture?' }),
			'save',
			context
		);
		expect(edited).toMatchObject({ kind: 'saved', event: 'saved' });
		expect((await findPublishedArticle(clinic.db(), complete.slug))?.title).toBe(
			'Dry needling or acupuncture?'
		);
		const stripped = await saveArticle(
			clinic.db(),
			owner,
			articleId,
			posted({ ...complete, references: [], body: 'No citations.' }),
			'save',
			context
		);
		expect(stripped.kind === 'invalid' && Object.keys(stripped.errors)).toEqual(['references']);
		expect((await findPublishedArticle(clinic.db(), complete.slug))?.references).toHaveLength(2);
	});

	it('unpublishes: gone from the website, sitemap and feed, first publication date kept', async () => {
		expect(await unpublishArticle(clinic.db(), owner, articleId, context)).toEqual({
			kind: 'unpublished',
			id: Number(articleId)
		});
		expect(await findPublishedArticle(clinic.db(), 'dry-needling-and-acupuncture')).toBeNull();
		expect((await listPublishedArticles(clinic.db())).map((article) => article.slug)).not.toContain(
			'dry-needling-and-acupuncture'
		);
		expect(
			(await loadSiteIndex(clinic.db())).articles.map((article) => article.slug)
		).not.toContain('dry-needling-and-acupuncture');
		const event = (await actions(clinic.db())).find(
			(entry) => entry.action === 'content.article_unpublished'
		);
		expect(event?.before).toMatchObject({ status: 'published' });
		expect(event?.after).toMatchObject({ status: 'draft', publishedOn: today });
		// Unpublishing a draft changes nothing and records nothing.
		const count = (await actions(clinic.db())).length;
		await unpublishArticle(clinic.db(), owner, articleId, context);
		expect(await actions(clinic.db())).toHaveLength(count);

		const later = { now: Temporal.Instant.from('2027-03-10T15:00:00Z') };
		const editor = await loadArticleEditor(clinic.db(), owner, articleId);
		if (editor.kind !== 'ok') throw new Error('expected the editor');
		expect(editor.missing).toEqual([]);
		await saveArticle(clinic.db(), owner, articleId, posted(editor.values), 'publish', later);
		expect((await findArticleForEditor(clinic.db(), Number(articleId)))?.publishedOn).toBe(today);
	});

	it('opens and saves every demo article unchanged', async () => {
		for (const entry of await listArticlesForEditor(clinic.db())) {
			const editor = await loadArticleEditor(clinic.db(), owner, String(entry.id));
			if (editor.kind !== 'ok') throw new Error(`cannot open ${entry.slug}`);
			const saved = await saveArticle(
				clinic.db(),
				owner,
				String(entry.id),
				posted(editor.values),
				'save',
				context
			);
			expect(saved, entry.slug).toMatchObject({ kind: 'saved' });
			expect(await findArticleForEditor(clinic.db(), entry.id)).toMatchObject({
				status: entry.status,
				publishedOn: entry.publishedOn
			});
		}
	});

	it('answers not found for an article that does not exist', async () => {
		for (const id of ['999999', '0', 'abc', '1.5']) {
			expect(await loadArticleEditor(clinic.db(), owner, id)).toEqual({ kind: 'not_found' });
			expect(await saveArticle(clinic.db(), owner, id, posted(draft()), 'save', context)).toEqual({
				kind: 'not_found'
			});
			expect(await unpublishArticle(clinic.db(), owner, id, context)).toEqual({
				kind: 'not_found'
			});
		}
	});

	it.each([practitioner, desk])('refuses $role everything, and writes nothing', async (staff) => {
		const count = (await actions(clinic.db(), '')).length;
		const articles = await listArticlesForEditor(clinic.db());
		const forbidden = { kind: 'forbidden' };
		expect(await loadArticleList(clinic.db(), staff)).toEqual(forbidden);
		expect(await loadArticleEditor(clinic.db(), staff, null)).toEqual(forbidden);
		expect(await loadArticleEditor(clinic.db(), staff, articleId)).toEqual(forbidden);
		expect(await previewArticle(clinic.db(), staff, posted(draft()), context)).toEqual(forbidden);
		expect(
			await saveArticle(
				clinic.db(),
				staff,
				null,
				posted({ ...draft(), slug: 'x' }),
				'save',
				context
			)
		).toEqual(forbidden);
		expect(
			await saveArticle(clinic.db(), staff, articleId, posted(draft()), 'publish', context)
		).toEqual(forbidden);
		expect(await unpublishArticle(clinic.db(), staff, '1', context)).toEqual(forbidden);
		expect(await listArticlesForEditor(clinic.db())).toEqual(articles);
		expect(await actions(clinic.db(), '')).toHaveLength(count);
	});
});
