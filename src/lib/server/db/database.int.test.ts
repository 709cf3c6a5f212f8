import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	createTestDatabase,
	schemaShapes,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import {
	loadArticlePage,
	loadSiteShell,
	loadConditionPage,
	ClinicNotSetUp
} from '../services/public-site';
import { migrateToLatest } from './migrate';
import { findClinic, listLocations } from './repositories/clinic-repository';
import { listPractitioners } from './repositories/practitioner-repository';
import { listServices } from './repositories/service-repository';
import { findPublishedArticle, listPublishedArticles } from './repositories/article-repository';
import { seedDemoClinicIfEmpty } from './seed/seed';

const dialects = await testDialects();

describe('schema', () => {
	it('is the same on every dialect', async () => {
		const shapes = await schemaShapes(dialects);
		expect(shapes).toHaveLength(dialects.length);
		expect(Object.keys(shapes[0] ?? {})).toContain('clinic');
		for (const shape of shapes.slice(1)) expect(shape).toEqual(shapes[0]);
	});
});

describe.each(dialects)('demo clinic on %s', (dialect) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	it('has no clinic before seeding, and the public site says so instead of crashing', async () => {
		expect(await findClinic(database.handle.db)).toBeNull();
		await expect(loadSiteShell(database.handle.db)).rejects.toBeInstanceOf(ClinicNotSetUp);
	});

	it('seeds the demo clinic once, and a second run changes nothing', async () => {
		expect(await seedDemoClinicIfEmpty(database.handle.db)).toBe(true);
		expect(await seedDemoClinicIfEmpty(database.handle.db)).toBe(false);
		const clinics = await database.handle.db.selectFrom('clinic').select('id').execute();
		expect(clinics).toHaveLength(1);
	});

	it('migrating again is a no-op', async () => {
		await migrateToLatest(database.handle);
		expect(await findClinic(database.handle.db)).not.toBeNull();
	});

	it('describes a Milwaukee clinic in America/Chicago open Monday to Saturday', async () => {
		const clinic = await findClinic(database.handle.db);
		expect(clinic?.isDemo).toBe(true);
		expect(clinic?.phone).toMatch(/555-01\d\d$/);
		const [location] = await listLocations(database.handle.db);
		expect(location?.timeZone).toBe('America/Chicago');
		expect(location?.city).toBe('Milwaukee');
		const openDays = new Set(location?.hours.map((hours) => hours.weekday));
		expect([...openDays].sort()).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('has practitioners who offer services, and the four demo services with prices', async () => {
		const [practitioners, services] = await Promise.all([
			listPractitioners(database.handle.db),
			listServices(database.handle.db)
		]);
		expect(practitioners.length).toBeGreaterThanOrEqual(2);
		expect(practitioners.every((practitioner) => practitioner.serviceIds.length > 0)).toBe(true);
		expect(services.map((service) => service.slug)).toEqual([
			'initial-acupuncture',
			'follow-up-acupuncture',
			'therapeutic-massage',
			'herbal-consultation'
		]);
		expect(services.every((service) => service.priceCents > 0 && service.durationMinutes > 0)).toBe(
			true
		);
	});

	it('publishes articles with an author, a different reviewer and numbered references', async () => {
		const articles = await listPublishedArticles(database.handle.db);
		expect(articles.length).toBeGreaterThanOrEqual(4);
		for (const summary of articles) {
			const article = await findPublishedArticle(database.handle.db, summary.slug);
			expect(article?.references.length).toBeGreaterThan(0);
			expect(article?.references.map((reference) => reference.position)).toEqual(
				article?.references.map((_, index) => index + 1)
			);
			expect(article?.reviewer?.slug).not.toBe(article?.author.slug);
		}
	});

	it('renders the back pain article with citation links and finds no unknown article', async () => {
		const page = await loadArticlePage(database.handle.db, 'can-acupuncture-help-back-pain');
		expect(page?.html).toContain('href="#ref-1"');
		expect(page?.article.conditionSlugs).toContain('back-pain');
		expect(await loadArticlePage(database.handle.db, 'no-such-article')).toBeNull();
		expect(
			await loadConditionPage(database.handle.db, 'no-such-condition', Temporal.Now.instant())
		).toBeNull();
	});

	it('answers a ping while open', async () => {
		expect(await database.handle.ping()).toBe(true);
	});
});

describe.each(dialects)('seeding on %s', (dialect) => {
	it('leaves nothing behind when it fails half way', async () => {
		const database = await createTestDatabase(dialect);
		try {
			// A location with the demo slug makes the seed's own location insert fail.
			await database.handle.db
				.insertInto('location')
				.values({
					slug: 'milwaukee',
					name: 'x',
					street: 'x',
					city: 'x',
					region: 'x',
					postal_code: 'x',
					country: 'US',
					time_zone: 'America/Chicago',
					phone: 'x',
					directions_url: 'x',
					directions_text: 'x'
				})
				.execute();
			await expect(seedDemoClinicIfEmpty(database.handle.db)).rejects.toThrow();
			expect(await database.handle.db.selectFrom('clinic').selectAll().execute()).toEqual([]);
			expect(await database.handle.db.selectFrom('service').selectAll().execute()).toEqual([]);
		} finally {
			await database.dispose();
		}
	});

	it('stops answering pings once closed', async () => {
		const database = await createTestDatabase(dialect);
		await database.dispose();
		expect(await database.handle.ping()).toBe(false);
	});
});
