import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testNow,
	testOrigin,
	testPatient,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { queuePatientFeedbackInvitation } from '../../../../tests/support/feedback';
import { memoryTransport } from '../../../../tests/support/outbox';
import { createStaffAuthService } from '../auth/service';
import type { DialectName } from '../db/connection';
import { backupDatabase } from '../db/backup';
import { compactAfterEmailedLinks, convertStoredLinks } from '../db/migrations/0016-emailed-links';
import { findManageLinkByTokenHash } from '../db/repositories/appointment-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from '../services/audit';
import {
	cancelByToken,
	loadManagedAppointment,
	rescheduleByToken
} from '../services/manage-appointment';
import {
	authorisePublication,
	giveFeedback,
	loadFeedbackPage,
	loadPublishPage,
	loadRevokePage
} from '../services/patient-feedback';
import { inviteStaff } from '../services/staff-accounts';
import { moveByStaff } from '../services/staff-move';
import { startKiosk } from '../services/kiosk-mode';
import { issuePractitionerFeed, loadPractitionerFeed } from '../services/practitioner-feed';
import { hashToken } from '../services/tokens';
import { deliverDueMessages } from './outbox-worker';
import type { MailTransport, OutgoingEmail } from './transport';

/*
 * Nothing readable at rest (issue 12, ADR 0031): queued emails hold link intents, the worker
 * mints each link as it sends, and only hashes stay. After queuing every kind of email with a
 * link, and again after sending them, every text value in every table (and, on SQLite, every
 * file of the data folder and a backup) is searched for the tokens that went out.
 */

const dialects = await testDialects();
const anyLink =
	/\/(?:manage|feedback|testimonials\/revoke|admin\/setup)\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
const linkInText =
	/https:\/\/clinic\.example\/(manage|feedback|testimonials\/revoke|admin\/setup)\/([A-Za-z0-9_-]{43})/g;

/** Every text value of every table, as `table.column: value`. */
async function everyText(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
	const tables =
		dialect === 'sqlite'
			? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
			: await sql<{
					name: string;
				}>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
					db
				);
	const values: string[] = [];
	for (const { name } of tables.rows) {
		const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
		for (const row of rows.rows) {
			for (const [column, value] of Object.entries(row)) {
				if (typeof value === 'string') values.push(`${name}.${column}: ${value}`);
				else if (Buffer.isBuffer(value))
					values.push(`${name}.${column}: ${value.toString('latin1')}`);
			}
		}
	}
	return values;
}

/** The files of a folder and its subfolders, as text (a token is plain ASCII in any of them). */
function filesAsText(folder: string): { file: string; text: string }[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		return statSync(path).isDirectory()
			? filesAsText(path)
			: [{ file: path, text: readFileSync(path).toString('latin1') }];
	});
}

/** The links in what went out: text and calendar file (unfolded). */
function linksIn(emails: OutgoingEmail[]): { kind: string; token: string; url: string }[] {
	return emails.flatMap((email) =>
		[email.text, email.html ?? '', (email.calendar?.content ?? '').replace(/\r?\n[ \t]/g, '')]
			.flatMap((part) => [...part.matchAll(linkInText)])
			.map((match) => ({ kind: match[1]!, token: match[2]!, url: match[0] }))
	);
}

function refusing(): MailTransport & { sent: OutgoingEmail[] } {
	const sent: OutgoingEmail[] = [];
	return {
		description: 'refuses every message',
		sent,
		async send(email) {
			sent.push(email);
			throw new Error('550 5.1.1 mailbox unavailable (test)');
		},
		close() {}
	};
}

describe.each(dialects)('links at rest on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = () => clinic.db();
	const context = (now: Temporal.Instant = testNow) => ({
		now,
		origin: testOrigin,
		request: { ip: '203.0.113.7', requestId: 'links-at-rest' }
	});
	const deliver = (transport: MailTransport, now: Temporal.Instant) =>
		deliverDueMessages(db(), dialect, transport, { now: () => now, uidDomain: 'clinic.example' });
	const meiSlot = async (date: string, index: number) => {
		const slot = (
			await openSlots(db(), {
				serviceId: clinic.ids.service.initial,
				practitionerId: clinic.ids.mei,
				from: localDate(date),
				to: localDate(date)
			})
		)[index];
		if (!slot) throw new Error(`no open slot #${index} on ${date}`);
		return slot;
	};
	const auth = () =>
		createStaffAuthService({
			db: db(),
			dialect,
			secret: 'links-at-rest-test-secret-0123456789abcdef012345',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});

	/** Fails with the place when a token (or, with `anyLinkAtAll`, any link) is stored. */
	async function expectNothingStored(tokens: string[], options: { anyLinkAtAll?: boolean } = {}) {
		const texts = await everyText(db(), dialect);
		expect(texts.length).toBeGreaterThan(100);
		for (const text of texts) {
			for (const token of tokens) expect(text.includes(token), text).toBe(false);
			if (options.anyLinkAtAll) expect(anyLink.test(text), text).toBe(false);
		}
		if (dialect !== 'sqlite') return;
		// The database file, its WAL, and a backup made as `npm run clinic -- backup` does.
		const [main] = (await sql<{ file: string }>`pragma database_list`.execute(db())).rows;
		const dataDir = dirname(main?.file ?? '');
		await backupDatabase(dataDir, testNow);
		const files = filesAsText(dataDir);
		expect(files.some((entry) => entry.file.includes('backups'))).toBe(true);
		for (const { file, text } of files) {
			for (const token of tokens) expect(text.includes(token), file).toBe(false);
		}
	}

	it('keeps no delivered link anywhere: queued, retried, sent, after a staff move', async () => {
		const service = auth();
		const ownerId = await service.createStaffMember({
			email: 'owner-rest@clinic.example',
			name: 'Olive Owner',
			role: 'owner'
		});
		const owner: StaffActor = { userId: ownerId, name: 'Olive Owner', role: 'owner' };

		// Every kind of email with a link: confirmation and reminder (manage, health form and
		// check-in links), a patient's move, a cancellation, a feedback invitation, a staff
		// invitation; the permission's revoke link follows below.
		const a = await bookOrFail(
			db(),
			inputFor(await meiSlot('2027-03-03', 0), clinic.ids.service.initial, 'rest-a')
		);
		const b = await bookOrFail(
			db(),
			inputFor(await meiSlot('2027-03-03', 0), clinic.ids.service.initial, 'rest-b')
		);
		const c = await bookOrFail(
			db(),
			inputFor(await meiSlot('2027-03-03', 0), clinic.ids.service.initial, 'rest-c')
		);
		const aTarget = await meiSlot('2027-03-10', 0);
		expect(
			await rescheduleByToken(
				db(),
				tokenOf(a.body.manageUrl),
				{ start: aTarget.start, practitionerId: clinic.ids.mei },
				context()
			)
		).toMatchObject({ kind: 'moved' });
		expect(await cancelByToken(db(), tokenOf(c.body.manageUrl), context())).toEqual({
			kind: 'cancelled'
		});
		await queuePatientFeedbackInvitation(db(), clinic.ids, 'rest-f');
		expect(
			await inviteStaff(
				db(),
				service,
				{ name: 'Sam Setup', email: 'sam-rest@clinic.example', role: 'front_desk' },
				owner,
				context()
			)
		).toEqual({ kind: 'invited' });
		const kinds = await db()
			.selectFrom('outbox_message')
			.select('kind')
			.where('status', '=', 'pending')
			.execute();
		expect(new Set(kinds.map((row) => row.kind))).toEqual(
			new Set([
				'confirmation',
				'reminder',
				'reschedule',
				'cancellation',
				'feedback_invitation',
				'staff_invite'
			])
		);
		// Queued: no link with a token anywhere (the booking links are stored as hashes too).
		await expectNothingStored([], { anyLinkAtAll: true });

		// The mail server refuses the first attempt; the retry mints new, working links.
		const refused = refusing();
		const first = await deliver(refused, testNow);
		expect(first.failed).toBe(7);
		expect(first.sent).toBe(0);
		const retry = memoryTransport();
		const retried = await deliver(retry, testNow.add({ minutes: 1 }));
		expect(retried).toEqual({ sent: first.failed, skipped: 0, failed: 0 });
		const refusedLinks = linksIn(refused.sent);
		const sentLinks = linksIn(retry.sent);
		expect(new Set(sentLinks.map((link) => link.kind))).toEqual(
			new Set(['manage', 'feedback', 'admin/setup'])
		);
		for (const link of sentLinks) {
			expect(refusedLinks.map((old) => old.token)).not.toContain(link.token);
		}

		// Each delivered link works, and a manage link says it came by email, to whom.
		for (const link of sentLinks.filter((entry) => entry.kind === 'manage')) {
			const found = await findManageLinkByTokenHash(db(), hashToken(link.token));
			expect(found?.via).toBe('email');
			expect(await loadManagedAppointment(db(), link.token, testNow)).not.toBeNull();
		}
		const feedbackToken = sentLinks.find((link) => link.kind === 'feedback')?.token ?? '';
		expect((await loadFeedbackPage(db(), feedbackToken, testNow)).kind).toBe('form');
		const setupToken = sentLinks.find((link) => link.kind === 'admin/setup')?.token ?? '';
		expect(await service.describeSetupToken(setupToken)).toBe('staff');

		// A staff move: the links emailed for the old time stop working; the new email's works.
		const bEmailed = linksIn(
			retry.sent.filter((email) => email.to === testPatient('rest-b').email)
		).filter((link) => link.kind === 'manage');
		expect(bEmailed.length).toBeGreaterThan(0);
		const bTarget = await meiSlot('2027-03-24', 0);
		const practitioner = await db()
			.selectFrom('practitioner')
			.select('slug')
			.where('id', '=', clinic.ids.mei)
			.executeTakeFirstOrThrow();
		const desk: StaffActor = { userId: 'desk-rest', name: 'Dana Desk', role: 'front_desk' };
		expect(
			await moveByStaff(
				db(),
				b.body.id,
				{ start: bTarget.start.toString(), practitioner: practitioner.slug },
				desk,
				context()
			)
		).toMatchObject({ kind: 'moved' });
		for (const link of bEmailed) {
			expect(await loadManagedAppointment(db(), link.token, testNow)).toBeNull();
		}
		expect(await loadManagedAppointment(db(), tokenOf(b.body.manageUrl), testNow)).toBeNull();
		const afterMove = memoryTransport();
		expect(await deliver(afterMove, testNow.add({ minutes: 2 }))).toMatchObject({ sent: 1 });
		const [moveLink] = linksIn(afterMove.sent).filter((link) => link.kind === 'manage');
		expect((await loadManagedAppointment(db(), moveLink?.token ?? '', testNow))?.id).toBe(
			b.body.id
		);

		// The permission to publish: its confirmation carries the revoke link.
		expect(
			await giveFeedback(
				db(),
				feedbackToken,
				{ rating: '5', words: 'Calm, kind and clear.' },
				context()
			)
		).toMatchObject({ kind: 'saved' });
		const publish = await loadPublishPage(db(), feedbackToken, testNow);
		if (publish.kind !== 'form') throw new Error(`expected the publish form, got ${publish.kind}`);
		expect(
			await authorisePublication(
				db(),
				feedbackToken,
				{
					naming: 'initials',
					connection: 'none',
					'connection-description': '',
					'signature-name': 'Test Patient rest-f',
					agree: 'yes',
					document: String(publish.document.id)
				},
				context()
			)
		).toMatchObject({ kind: 'authorised' });
		await expectNothingStored(
			[...refusedLinks, ...sentLinks, ...linksIn(afterMove.sent)].map((l) => l.token)
		);
		const permission = memoryTransport();
		await deliver(permission, testNow.add({ minutes: 3 }));
		const [revoke] = linksIn(permission.sent).filter((link) => link.kind === 'testimonials/revoke');
		expect((await loadRevokePage(db(), revoke?.token ?? '')).kind).toBe('in_effect');

		// The reminders: the current versions' go out with working links, the stale one is skipped.
		const reminders = memoryTransport();
		const late = await deliver(reminders, bTarget.start.subtract({ hours: 1 }));
		expect(late).toMatchObject({ sent: 2, failed: 0 });
		expect(late.skipped).toBeGreaterThanOrEqual(1);
		const reminderLinks = linksIn(reminders.sent);
		expect(reminders.sent.every((email) => /\/check-in\n/.test(email.text))).toBe(true);
		for (const link of reminderLinks) {
			expect(await loadManagedAppointment(db(), link.token, testNow)).not.toBeNull();
		}

		// Links handed out without email: the front desk's kiosk and a practitioner's feed.
		const kiosk = await startKiosk(db(), a.body.id, desk, {
			now: aTarget.start.subtract({ hours: 1 })
		});
		if (kiosk.kind !== 'started') throw new Error(`kiosk mode did not start: ${kiosk.kind}`);
		const feedUrl = await issuePractitionerFeed(db(), practitioner.slug, context());
		const feedToken = /\/calendar\/([\w-]{43})\.ics$/.exec(feedUrl ?? '')?.[1] ?? '';
		expect(await loadPractitionerFeed(db(), feedToken, context())).not.toBeNull();

		// Setup links printed for the operator: the first owner's, and `create-owner`'s.
		const ownerSetup = await service.createOwnerSetupToken();
		const printedSetup = await service.createSetupToken(ownerId);
		expect(await service.describeSetupToken(printedSetup)).toBe('staff');

		// Everything is sent: not one delivered token anywhere, nor any link at all.
		const delivered = [refused, retry, afterMove, permission, reminders].flatMap((t) =>
			linksIn(t.sent)
		);
		expect(delivered.length).toBeGreaterThan(15);
		await expectNothingStored(
			[...delivered.map((link) => link.token), kiosk.token, feedToken, ownerSetup, printedSetup],
			{
				anyLinkAtAll: true
			}
		);
		// What is stored instead: the hashes.
		const hashes = await db().selectFrom('emailed_link').select('token_hash').execute();
		const retired = new Set(bEmailed.map((link) => link.token));
		const live = sentLinks.filter((link) => link.kind === 'manage' && !retired.has(link.token));
		expect(live.length).toBeGreaterThan(0);
		expect(hashes.map((row) => row.token_hash)).toEqual(
			expect.arrayContaining(live.map((link) => hashToken(link.token)))
		);
	});

	it('migration 0016 turns links in emails queued before it into intents', async () => {
		const service = auth();
		// Rows as the code before migration 0016 wrote them: the links in clear.
		const booked = await bookOrFail(
			db(),
			inputFor(await meiSlot('2027-03-17', 0), clinic.ids.service.initial, 'legacy')
		);
		const oldManage = tokenOf(booked.body.manageUrl);
		const oldSetup = 'L'.repeat(43);
		const userId = await service.createStaffMember({
			email: 'legacy-setup@clinic.example',
			name: 'Lee Legacy',
			role: 'front_desk'
		});
		await db()
			.insertInto('staff_verification')
			.values({
				id: 'legacy-verification',
				identifier: `reset-password:${oldSetup}`,
				value: userId,
				expires_at: testNow.add({ hours: 72 }).toString(),
				created_at: testNow.toString(),
				updated_at: testNow.toString()
			})
			.execute();
		const calendar = [
			'BEGIN:VCALENDAR',
			'BEGIN:VEVENT',
			`DESCRIPTION:To change or cancel: ${booked.body.manageUrl}`.replace(/(.{75})/g, '$1\r\n '),
			`URL:${booked.body.manageUrl}`,
			'END:VEVENT',
			'END:VCALENDAR',
			''
		].join('\r\n');
		await db()
			.updateTable('outbox_message')
			.set({
				payload_json: JSON.stringify({
					subject: 'Your appointment is booked',
					text: `Health form: ${booked.body.manageUrl}/intake\nManage: ${booked.body.manageUrl}`,
					calendar: { method: 'REQUEST', content: calendar }
				})
			})
			.where('appointment_id', '=', booked.body.id)
			.where('kind', '=', 'confirmation')
			.execute();
		await db()
			.insertInto('outbox_message')
			.values({
				kind: 'staff_invite',
				appointment_id: null,
				appointment_sequence: null,
				dedupe_key: `staff_invite:${userId}:${oldSetup.slice(0, 12)}`,
				recipient: 'legacy-setup@clinic.example',
				payload_json: JSON.stringify({
					subject: 'Your staff account',
					text: `Choose your password:\n  https://clinic.example/admin/setup/${oldSetup}\n`
				}),
				due_at: testNow.toString(),
				next_attempt_at: testNow.toString(),
				status: 'pending',
				created_at: testNow.toString()
			})
			.execute();
		// Given up before the migration, with its link kept for staff.
		await db()
			.updateTable('outbox_message')
			.set({
				status: 'failed',
				payload_json: JSON.stringify({
					subject: 'Reminder',
					text: `Manage: ${booked.body.manageUrl}`
				})
			})
			.where('appointment_id', '=', booked.body.id)
			.where('kind', '=', 'reminder')
			.execute();
		expect((await everyText(db(), dialect)).some((text) => text.includes(oldManage))).toBe(true);

		// What migration 0016 does to them (and, on SQLite, right after it at start-up).
		await convertStoredLinks(db());
		if (dialect === 'sqlite') await compactAfterEmailedLinks(db());

		await expectNothingStored([oldManage, oldSetup], { anyLinkAtAll: true });
		const reminder = await db()
			.selectFrom('outbox_message')
			.select('payload_json')
			.where('appointment_id', '=', booked.body.id)
			.where('kind', '=', 'reminder')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(reminder.payload_json)).toEqual({ subject: 'Reminder', text: '' });
		// The old setup link still opens its account (found by hash), as does the old booking link.
		expect(await service.describeSetupToken(oldSetup)).toBe('staff');
		expect(createHash('sha256').update(`reset-password:${oldSetup}`).digest('base64url')).toBe(
			(
				await db()
					.selectFrom('staff_verification')
					.select('identifier')
					.where('id', '=', 'legacy-verification')
					.executeTakeFirstOrThrow()
			).identifier
		);

		// Sent after the migration, each email carries new links that work.
		const sent = memoryTransport();
		await deliver(sent, testNow.add({ minutes: 5 }));
		const confirmation = sent.sent.find((email) => email.to === testPatient('legacy').email);
		const invitation = sent.sent.find((email) => email.to === 'legacy-setup@clinic.example');
		if (!confirmation || !invitation) throw new Error('the converted emails were not sent');
		const links = linksIn([confirmation]);
		expect(links).toHaveLength(4);
		expect(new Set(links.map((link) => link.token)).size).toBe(1);
		expect(links[0]?.token).not.toBe(oldManage);
		expect(confirmation.text).toContain(`${links[0]?.url}/intake\n`);
		const found = await findManageLinkByTokenHash(db(), hashToken(links[0]?.token ?? ''));
		expect(found).toMatchObject({ via: 'email', appointment: { id: booked.body.id } });
		const [setup] = linksIn([invitation]);
		expect(setup?.token).not.toBe(oldSetup);
		expect(await service.describeSetupToken(setup?.token ?? '')).toBe('staff');
	});
});
