import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/** The clinic, where it is, who works there, what it offers and what it publishes. */
export const clinicSite: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		await withId(db.schema.createTable('clinic'), dialect)
			.addColumn('name', 'text', required)
			.addColumn('tagline', 'text', required)
			.addColumn('phone', 'text', required)
			.addColumn('email', 'text', required)
			.addColumn('description', 'text', required)
			.addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();

		await withId(db.schema.createTable('location'), dialect)
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('name', 'text', required)
			.addColumn('street', 'text', required)
			.addColumn('city', 'text', required)
			.addColumn('region', 'text', required)
			.addColumn('postal_code', 'text', required)
			.addColumn('country', 'text', required)
			.addColumn('time_zone', 'text', required)
			.addColumn('phone', 'text', required)
			.addColumn('directions_url', 'text', required)
			.addColumn('directions_text', 'text', required)
			.execute();

		await withId(db.schema.createTable('location_hours'), dialect)
			.addColumn('location_id', 'integer', (c) =>
				c.notNull().references('location.id').onDelete('cascade')
			)
			.addColumn('weekday', 'integer', (c) => c.notNull().check(isoWeekday))
			.addColumn('opens', 'text', required)
			.addColumn('closes', 'text', required)
			.execute();

		await withId(db.schema.createTable('room'), dialect)
			.addColumn('location_id', 'integer', (c) =>
				c.notNull().references('location.id').onDelete('cascade')
			)
			.addColumn('name', 'text', required)
			.addColumn('kind', 'text', required)
			.execute();

		await withId(db.schema.createTable('practitioner'), dialect)
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('name', 'text', required)
			.addColumn('credentials', 'text', required)
			.addColumn('title', 'text', required)
			.addColumn('summary', 'text', required)
			.addColumn('bio_markdown', 'text', required)
			.addColumn('display_order', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
			.execute();

		await withId(db.schema.createTable('practitioner_hours'), dialect)
			.addColumn('practitioner_id', 'integer', (c) =>
				c.notNull().references('practitioner.id').onDelete('cascade')
			)
			.addColumn('location_id', 'integer', (c) =>
				c.notNull().references('location.id').onDelete('cascade')
			)
			.addColumn('weekday', 'integer', (c) => c.notNull().check(isoWeekday))
			.addColumn('start_time', 'text', required)
			.addColumn('end_time', 'text', required)
			.execute();

		await withId(db.schema.createTable('service'), dialect)
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('name', 'text', required)
			.addColumn('summary', 'text', required)
			.addColumn('duration_minutes', 'integer', (c) => c.notNull())
			.addColumn('buffer_before_minutes', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('buffer_after_minutes', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('price_cents', 'integer', (c) => c.notNull())
			.addColumn('room_kind', 'text')
			.addColumn('bookable_online', 'integer', (c) => c.notNull().defaultTo(1))
			.addColumn('new_patients_only', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('display_order', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
			.execute();

		await db.schema
			.createTable('practitioner_service')
			.addColumn('practitioner_id', 'integer', (c) =>
				c.notNull().references('practitioner.id').onDelete('cascade')
			)
			.addColumn('service_id', 'integer', (c) =>
				c.notNull().references('service.id').onDelete('cascade')
			)
			.addPrimaryKeyConstraint('practitioner_service_pk', ['practitioner_id', 'service_id'])
			.execute();

		await withId(db.schema.createTable('condition'), dialect)
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('name', 'text', required)
			.addColumn('summary', 'text', required)
			.addColumn('body_markdown', 'text', required)
			.addColumn('service_id', 'integer', (c) => c.references('service.id').onDelete('set null'))
			.addColumn('display_order', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();

		await withId(db.schema.createTable('article'), dialect)
			.addColumn('slug', 'text', (c) => c.notNull().unique())
			.addColumn('title', 'text', required)
			.addColumn('description', 'text', required)
			.addColumn('body_markdown', 'text', required)
			.addColumn('author_id', 'integer', (c) => c.notNull().references('practitioner.id'))
			.addColumn('reviewer_id', 'integer', (c) => c.references('practitioner.id'))
			.addColumn('service_id', 'integer', (c) => c.references('service.id').onDelete('set null'))
			.addColumn('published_on', 'text')
			.addColumn('last_reviewed_on', 'text', required)
			.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
			.execute();

		await withId(db.schema.createTable('article_reference'), dialect)
			.addColumn('article_id', 'integer', (c) =>
				c.notNull().references('article.id').onDelete('cascade')
			)
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('citation', 'text', required)
			.addColumn('url', 'text')
			.addUniqueConstraint('article_reference_position', ['article_id', 'position'])
			.execute();

		await db.schema
			.createTable('article_condition')
			.addColumn('article_id', 'integer', (c) =>
				c.notNull().references('article.id').onDelete('cascade')
			)
			.addColumn('condition_id', 'integer', (c) =>
				c.notNull().references('condition.id').onDelete('cascade')
			)
			.addPrimaryKeyConstraint('article_condition_pk', ['article_id', 'condition_id'])
			.execute();

		await db.schema
			.createTable('page')
			.addColumn('slug', 'text', (c) => c.primaryKey().notNull())
			.addColumn('title', 'text', required)
			.addColumn('description', 'text', required)
			.addColumn('body_markdown', 'text', required)
			.execute();

		await withId(db.schema.createTable('testimonial'), dialect)
			.addColumn('display_name', 'text', required)
			.addColumn('rating', 'integer', (c) => c.notNull())
			.addColumn('body', 'text', required)
			.addColumn('condition_id', 'integer', (c) =>
				c.references('condition.id').onDelete('set null')
			)
			.addColumn('given_on', 'text', required)
			.addColumn('source', 'text', required)
			.addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
	}
};

const required = (column: ColumnDefinitionBuilder) => column.notNull();
// ISO weekdays, as Temporal numbers them: 1 is Monday, 7 is Sunday.
const isoWeekday = sql`weekday between 1 and 7`;
