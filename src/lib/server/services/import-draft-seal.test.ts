import { describe, expect, it } from 'vitest';
import { openDraft, readDraftToken, sealDraft } from './import-draft-seal';

describe('import draft sealing', () => {
	it('opens with the key from the token, and holds no readable text', () => {
		const draft = sealDraft({ rows: [['Ann Lee', 'ann@example.org']] });
		expect(draft.sealed).not.toContain('ann@example.org');
		expect(Buffer.from(draft.sealed.split('.')[1] ?? '', 'base64').toString()).not.toContain('Ann');
		const token = readDraftToken(draft.token);
		expect(token?.id).toBe(draft.id);
		expect(openDraft(draft.sealed, draft.id, token!.key)).toEqual({
			rows: [['Ann Lee', 'ann@example.org']]
		});
	});

	it('refuses another draft’s key, another id and altered text', () => {
		const one = sealDraft({ a: 1 });
		const two = sealDraft({ a: 2 });
		const keyOfTwo = readDraftToken(two.token)!.key;
		const keyOfOne = readDraftToken(one.token)!.key;
		expect(openDraft(one.sealed, one.id, keyOfTwo)).toBeNull();
		expect(openDraft(one.sealed, two.id, keyOfOne)).toBeNull();
		const [iv, body, tag] = one.sealed.split('.');
		const altered = Buffer.from(body ?? '', 'base64');
		altered[0] = (altered[0] ?? 0) ^ 1;
		expect(openDraft([iv, altered.toString('base64'), tag].join('.'), one.id, keyOfOne)).toBeNull();
	});

	it('reads only well-formed tokens', () => {
		expect(readDraftToken('')).toBeNull();
		expect(readDraftToken('abc.def')).toBeNull();
		expect(readDraftToken(`${'a'.repeat(22)}.${'b'.repeat(43)}`)).not.toBeNull();
	});
});
