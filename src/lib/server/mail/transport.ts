import { rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { ensurePrivateFolder, privateFileMode } from '../data-dir';

/** One outgoing email, as the outbox worker hands it over. */
export interface OutgoingEmail {
	from: { name: string; address: string };
	to: string;
	subject: string;
	text: string;
	/** An HTML alternative, when the email has one. */
	html?: string;
	/** Stable per outbox message, so a receiving server can recognise a repeat. */
	messageId: string;
	calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Where email goes: an SMTP server, or a folder of `.eml` files. */
export interface MailTransport {
	readonly description: string;
	send(email: OutgoingEmail): Promise<void>;
	close(): void;
}

function toNodemailer(email: OutgoingEmail) {
	return {
		from: email.from,
		to: email.to,
		subject: email.subject,
		text: email.text,
		...(email.html === undefined ? {} : { html: email.html }),
		messageId: email.messageId,
		icalEvent: email.calendar
			? {
					method: email.calendar.method,
					filename: email.calendar.method === 'CANCEL' ? 'cancelled.ics' : 'appointment.ics',
					content: email.calendar.content
				}
			: undefined
	};
}

/**
 * SMTP when `smtpUrl` is set (`smtp://user:pass@host:port`, `smtps://` for TLS); otherwise each
 * message becomes a file under `mailDir`, written atomically (temp file, then rename) so a
 * crash never leaves half an email.
 */
export function createMailTransport(options: {
	smtpUrl: string | null;
	mailDir: string;
}): MailTransport {
	if (options.smtpUrl) {
		const transporter = nodemailer.createTransport(options.smtpUrl);
		const url = new URL(options.smtpUrl);
		return {
			description: `SMTP ${url.hostname}:${url.port || '(default port)'}`,
			async send(email) {
				await transporter.sendMail(toNodemailer(email));
			},
			close: () => transporter.close()
		};
	}
	const writer = nodemailer.createTransport({
		streamTransport: true,
		buffer: true,
		newline: 'unix'
	});
	return {
		description: `.eml files in ${options.mailDir}`,
		async send(email) {
			const info = await writer.sendMail(toNodemailer(email));
			ensurePrivateFolder(options.mailDir);
			const name = `${Date.now()}-${email.messageId.replace(/[^\w.-]/g, '_')}.eml`;
			const target = join(options.mailDir, name);
			// Emails hold patients' names and links: this user only (ADR 0036).
			try {
				writeFileSync(`${target}.tmp`, info.message as Buffer, { mode: privateFileMode });
				renameSync(`${target}.tmp`, target);
			} finally {
				rmSync(`${target}.tmp`, { force: true });
			}
		},
		close: () => writer.close()
	};
}
