import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { groupedSchedule, weeklySchedule } from '$lib/domain/clinic/opening-hours';
import { displayPhone, telHref } from '$lib/domain/clinic/phone';
import type { Clinic, Location } from '$lib/domain/clinic/types';
import { renderMarkdown } from '../content/render-markdown';
import {
	findPublishedArticle,
	listArticlesForCondition,
	listPublishedArticles
} from '../db/repositories/article-repository';
import {
	findClinic,
	findOnlineBookingOpen,
	listLocations
} from '../db/repositories/clinic-repository';
import {
	findPublishedConditionPage,
	listPublishedConditions
} from '../db/repositories/condition-repository';
import { findPage, listPageSlugs } from '../db/repositories/page-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { listWebsiteTestimonials } from './public-testimonials';

/*
 * Read-only use cases of the public site. Each returns exactly what one page shows, with
 * Markdown already rendered, or null when the thing asked for does not exist.
 */

type Db = Kysely<Database>;

/** Thrown when the database holds no clinic yet (a real clinic before its owner set it up). */
export class ClinicNotSetUp extends Error {
	override name = 'ClinicNotSetUp';
}

async function clinicAndLocation(db: Db): Promise<{ clinic: Clinic; location: Location }> {
	const [clinic, locations] = await Promise.all([findClinic(db), listLocations(db)]);
	const location = locations[0];
	if (!clinic || !location) throw new ClinicNotSetUp('the clinic has not been set up yet');
	return { clinic, location };
}

/**
 * What every public page shows around its content: name, phone, address and hours, and whether
 * the owner has opened the clinic to online booking yet (ADR 0034).
 */
export async function loadSiteShell(db: Db) {
	const [{ clinic, location }, open, pages] = await Promise.all([
		clinicAndLocation(db),
		findOnlineBookingOpen(db),
		listPageSlugs(db)
	]);
	return {
		open: open === true,
		/** Which of the about and privacy pages exist, so that no footer link leads to a 404. */
		pages: { about: pages.includes('about'), privacy: pages.includes('privacy') },
		clinic,
		location,
		phone: { display: displayPhone(clinic.phone), href: telHref(clinic.phone) },
		hours: groupedSchedule(location.hours),
		week: weeklySchedule(location.hours)
	};
}

/**
 * What the "opening soon" page can say about a clinic that is still being set up: its name and
 * how to reach it, as far as the owner has entered them (nothing at all at first).
 */
export async function loadOpeningSoon(db: Db) {
	const [clinic, locations] = await Promise.all([findClinic(db), listLocations(db)]);
	const location = locations[0];
	return {
		name: clinic?.name ?? null,
		phone: clinic ? { display: displayPhone(clinic.phone), href: telHref(clinic.phone) } : null,
		email: clinic?.email ?? null,
		address: location
			? `${location.street}, ${location.city}, ${location.region} ${location.postalCode}`
			: null
	};
}

/** The home page: what the clinic treats, who works there, and the latest articles. */
export async function loadHomePage(db: Db) {
	const [conditions, practitioners, articles, services] = await Promise.all([
		listPublishedConditions(db),
		listPractitioners(db),
		listPublishedArticles(db),
		listServices(db)
	]);
	return {
		conditions: conditions.map(({ bodyMarkdown: _body, ...condition }) => condition),
		practitioners: practitioners.map(({ bioMarkdown: _bio, ...practitioner }) => practitioner),
		articles: articles.slice(0, 3),
		services
	};
}

/** Every condition the clinic treats, for the conditions index. */
export async function loadConditionList(db: Db) {
	const conditions = await listPublishedConditions(db);
	return conditions.map(({ bodyMarkdown: _body, ...condition }) => condition);
}

/**
 * One published condition page with its text, bylines, references, related articles and the
 * testimonials tagged with it; null for a draft or an unknown address (a 404, never a 500).
 */
export async function loadConditionPage(db: Db, slug: string, now: Temporal.Instant) {
	const condition = await findPublishedConditionPage(db, slug);
	if (!condition) return null;
	const [articles, testimonials] = await Promise.all([
		listArticlesForCondition(db, slug),
		listWebsiteTestimonials(db, now)
	]);
	const { bodyMarkdown, ...rest } = condition;
	return {
		condition: rest,
		html: renderMarkdown(bodyMarkdown, { citations: true }),
		articles,
		testimonials: testimonials.filter((entry) => entry.conditionSlug === condition.slug)
	};
}

/** Published articles, newest first. */
export async function loadArticleList(db: Db) {
	return listPublishedArticles(db);
}

/** One published article with rendered body and numbered references. */
export async function loadArticlePage(db: Db, slug: string) {
	const article = await findPublishedArticle(db, slug);
	if (!article) return null;
	const { bodyMarkdown, ...rest } = article;
	return { article: rest, html: renderMarkdown(bodyMarkdown, { citations: true }) };
}

/** Every service with its price and duration, and who offers it. */
export async function loadServiceList(db: Db) {
	const [services, practitioners] = await Promise.all([listServices(db), listPractitioners(db)]);
	return services.map((service) => ({
		...service,
		practitioners: practitioners
			.filter((practitioner) => practitioner.serviceIds.includes(service.id))
			.map(({ slug, name }) => ({ slug, name }))
	}));
}

/** The team, for the practitioners index. */
export async function loadPractitionerList(db: Db) {
	const practitioners = await listPractitioners(db);
	return practitioners.map(({ bioMarkdown: _bio, ...practitioner }) => practitioner);
}

/** One practitioner's profile with the services they offer and the articles they wrote. */
export async function loadPractitionerPage(db: Db, slug: string) {
	const [practitioners, services, articles] = await Promise.all([
		listPractitioners(db),
		listServices(db),
		listPublishedArticles(db)
	]);
	const practitioner = practitioners.find((entry) => entry.slug === slug);
	if (!practitioner) return null;
	const { bioMarkdown, ...rest } = practitioner;
	return {
		practitioner: rest,
		html: renderMarkdown(bioMarkdown),
		services: services.filter((service) => practitioner.serviceIds.includes(service.id)),
		articles: articles.filter((article) => article.author.slug === slug)
	};
}

/** A plain site page such as about or privacy. */
export async function loadSitePage(db: Db, slug: string) {
	const page = await findPage(db, slug);
	if (!page) return null;
	const { bodyMarkdown, ...rest } = page;
	return { page: rest, html: renderMarkdown(bodyMarkdown) };
}

/** Everything the sitemap and the article feed list. */
export async function loadSiteIndex(db: Db) {
	const [conditions, articles, practitioners] = await Promise.all([
		listPublishedConditions(db),
		listPublishedArticles(db),
		listPractitioners(db)
	]);
	return {
		conditions: conditions.map((condition) => condition.slug),
		articles,
		practitioners: practitioners.map((practitioner) => practitioner.slug)
	};
}
