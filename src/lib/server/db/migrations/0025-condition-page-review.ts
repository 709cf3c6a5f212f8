import type { Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * Condition pages get what articles have (issue 14 item 17, issue 13): a draft or published
 * state, an author, a reviewer, a review date and a numbered references list. The rows that
 * exist already are the demo clinic's (a real clinic had none before this), and they were on
 * the public site, so they stay published.
 */
export const conditionPageReview: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		await db.schema
			.alterTable('condition')
			.addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
			.execute();
		await db.schema
			.alterTable('condition')
			.addColumn('author_id', 'integer', (c) => c.references('practitioner.id'))
			.execute();
		await db.schema
			.alterTable('condition')
			.addColumn('reviewer_id', 'integer', (c) => c.references('practitioner.id'))
			.execute();
		await db.schema.alterTable('condition').addColumn('last_reviewed_on', 'text').execute();
		await db.schema.alterTable('condition').addColumn('published_on', 'text').execute();

		await withId(db.schema.createTable('condition_reference'), dialect)
			.addColumn('condition_id', 'integer', (c) =>
				c.notNull().references('condition.id').onDelete('cascade')
			)
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('citation', 'text', (c) => c.notNull())
			.addColumn('url', 'text')
			.addUniqueConstraint('condition_reference_position', ['condition_id', 'position'])
			.execute();
	}
};
