import { describe, expect, it } from 'vitest';
import { mayShareAnswer } from './shared-cache';

const get = (headers: Record<string, string> = {}) => ({
	method: 'GET',
	headers: new Headers(headers)
});
const ok = (headers: Record<string, string> = {}) => ({
	status: 200,
	headers: new Headers(headers)
});

describe('mayShareAnswer', () => {
	it('shares a public page and the availability answer', () => {
		expect(mayShareAnswer(get(), '/(public)/(site)', ok())).toBe(true);
		expect(mayShareAnswer(get(), '/api/v1/availability', ok({ 'cache-control': 'no-store' }))).toBe(
			true
		);
	});

	it('never shares token links, booking steps or the workspace', () => {
		for (const route of [
			'/(public)/manage/[token]',
			'/(public)/feedback/[token]',
			'/(public)/(site)/testimonials/revoke/[token]',
			'/(public)/book',
			'/admin',
			'/healthz',
			'/kiosk/[token]'
		]) {
			expect(mayShareAnswer(get(), route, ok()), route).toBe(false);
		}
		expect(mayShareAnswer(get(), null, ok())).toBe(false);
	});

	it('never shares an answer to a visitor with a cookie, a cookie set, an error or a post', () => {
		expect(mayShareAnswer(get({ cookie: 'a=b' }), '/(public)/(site)', ok())).toBe(false);
		expect(mayShareAnswer(get(), '/(public)/(site)', ok({ 'set-cookie': 'a=b' }))).toBe(false);
		expect(mayShareAnswer(get(), '/(public)/(site)', ok({ 'cache-control': 'private' }))).toBe(
			false
		);
		expect(mayShareAnswer(get(), '/(public)/(site)', { status: 404, headers: new Headers() })).toBe(
			false
		);
		expect(
			mayShareAnswer({ method: 'POST', headers: new Headers() }, '/(public)/(site)', ok())
		).toBe(false);
	});
});
