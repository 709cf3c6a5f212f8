import { describe, expect, it } from 'vitest';
import { defaultRetentionPolicy, retentionPolicyForm } from './retention-policy';

describe('the retention policy form', () => {
	it('accepts the defaults', () => {
		const parsed = retentionPolicyForm.safeParse({ dailyBackupsKept: '14', sentEmailDays: '90' });
		expect(parsed.success && parsed.data).toEqual(defaultRetentionPolicy);
	});

	it('refuses keeping no backup at all, and a week less of email', () => {
		const parsed = retentionPolicyForm.safeParse({ dailyBackupsKept: '0', sentEmailDays: '6' });
		expect(parsed.success).toBe(false);
		const messages = parsed.error?.issues.map((issue) => issue.message);
		expect(messages).toEqual([
			'The number of daily backups must be at least 1.',
			'The days sent emails are kept must be at least 7.'
		]);
	});
});
