import type { Generated } from 'kysely';

/*
 * The tables as Kysely sees them. Both dialects store the same shapes: booleans as 0/1
 * integers, calendar dates as 'YYYY-MM-DD' text and wall-clock times as 'HH:MM' text, so that
 * repositories map rows to domain types the same way whichever database answers.
 */

export interface ClinicTable {
	id: Generated<number>;
	name: string;
	tagline: string;
	phone: string;
	email: string;
	description: string;
	is_demo: number;
}

export interface LocationTable {
	id: Generated<number>;
	slug: string;
	name: string;
	street: string;
	city: string;
	region: string;
	postal_code: string;
	country: string;
	time_zone: string;
	phone: string;
	directions_url: string;
	directions_text: string;
}

export interface LocationHoursTable {
	id: Generated<number>;
	location_id: number;
	weekday: number;
	opens: string;
	closes: string;
}

export interface RoomTable {
	id: Generated<number>;
	location_id: number;
	name: string;
	kind: string;
}

export interface PractitionerTable {
	id: Generated<number>;
	slug: string;
	name: string;
	credentials: string;
	title: string;
	summary: string;
	bio_markdown: string;
	display_order: number;
	active: number;
}

export interface PractitionerHoursTable {
	id: Generated<number>;
	practitioner_id: number;
	location_id: number;
	weekday: number;
	start_time: string;
	end_time: string;
}

export interface ServiceTable {
	id: Generated<number>;
	slug: string;
	name: string;
	summary: string;
	duration_minutes: number;
	buffer_before_minutes: number;
	buffer_after_minutes: number;
	price_cents: number;
	room_kind: string | null;
	bookable_online: number;
	new_patients_only: number;
	display_order: number;
	active: number;
}

export interface PractitionerServiceTable {
	practitioner_id: number;
	service_id: number;
}

export interface ConditionTable {
	id: Generated<number>;
	slug: string;
	name: string;
	summary: string;
	body_markdown: string;
	service_id: number | null;
	display_order: number;
}

export interface ArticleTable {
	id: Generated<number>;
	slug: string;
	title: string;
	description: string;
	body_markdown: string;
	author_id: number;
	reviewer_id: number | null;
	service_id: number | null;
	published_on: string | null;
	last_reviewed_on: string;
	status: string;
}

export interface ArticleReferenceTable {
	id: Generated<number>;
	article_id: number;
	position: number;
	citation: string;
	url: string | null;
}

export interface ArticleConditionTable {
	article_id: number;
	condition_id: number;
}

export interface PageTable {
	slug: string;
	title: string;
	description: string;
	body_markdown: string;
}

export interface TestimonialTable {
	id: Generated<number>;
	display_name: string;
	rating: number;
	body: string;
	condition_id: number | null;
	given_on: string;
	source: string;
	published: number;
}

/** Every table of the application. */
export interface Database {
	clinic: ClinicTable;
	location: LocationTable;
	location_hours: LocationHoursTable;
	room: RoomTable;
	practitioner: PractitionerTable;
	practitioner_hours: PractitionerHoursTable;
	service: ServiceTable;
	practitioner_service: PractitionerServiceTable;
	condition: ConditionTable;
	article: ArticleTable;
	article_reference: ArticleReferenceTable;
	article_condition: ArticleConditionTable;
	page: PageTable;
	testimonial: TestimonialTable;
}
