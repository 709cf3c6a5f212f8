import { z } from 'zod';
import { wholeNumber } from '../settings/fields';

/*
 * How long the clinic keeps what it may delete (ADR 0036): its own daily backups and the
 * emails it has sent. The audit log and signed records are never purged by the application
 * (docs/operations.md, "What is kept, and for how long").
 */

export interface RetentionPolicy {
	/** Automatic daily SQLite backups kept in DATA_DIR/backups, newest first. */
	dailyBackupsKept: number;
	/** Days a sent, skipped or given-up email is kept (outbox row and `.eml` file). */
	sentEmailDays: number;
}

/** What a new clinic starts with: two weeks of backups, three months of sent email. */
export const defaultRetentionPolicy: RetentionPolicy = { dailyBackupsKept: 14, sentEmailDays: 90 };

/** The owner's form; the bounds match the database's checks (migration 0021). */
export const retentionPolicyForm = z.object({
	dailyBackupsKept: wholeNumber('The number of daily backups', 1, 365),
	sentEmailDays: wholeNumber('The days sent emails are kept', 7, 3650)
});
