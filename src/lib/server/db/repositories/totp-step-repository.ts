import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * Records that `userId` signed in with the TOTP code of time step `step`, if that step is later
 * than the last one recorded. Returns false when the step (or a later one) was used already:
 * the code is then refused (ASVS 5.0 6.5.1). Atomic: of two requests racing with the same
 * code, one wins.
 */
export async function claimTotpStep(
	db: Kysely<Database>,
	userId: string,
	step: number
): Promise<boolean> {
	const inserted = await db
		.insertInto('staff_totp_step')
		.values({ user_id: userId, last_step: step })
		.onConflict((conflict) => conflict.column('user_id').doNothing())
		.executeTakeFirst();
	if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
	const updated = await db
		.updateTable('staff_totp_step')
		.set({ last_step: step })
		.where('user_id', '=', userId)
		.where('last_step', '<', step)
		.executeTakeFirst();
	return Number(updated.numUpdatedRows) > 0;
}
