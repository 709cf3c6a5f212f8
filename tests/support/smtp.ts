// A real SMTP server in the test process that keeps every message it accepts, so mail tests
// go through nodemailer, the network and the SMTP dialogue as production does.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
	/** The message as it arrived, headers and MIME body. */
	raw: string;
	/** The envelope recipients (RCPT TO). */
	to: string[];
}

export interface SmtpCapture {
	readonly port: number;
	/** `smtp://127.0.0.1:<port>`, for `createMailTransport`. */
	readonly url: string;
	/** Every message accepted so far, in order of arrival (across restarts). */
	readonly messages: CapturedMail[];
	/** Stops listening: connections are then refused, as during an outage. */
	stop(): Promise<void>;
	/** Listens again on the same port. */
	restart(): Promise<void>;
}

function listen(server: SMTPServer, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => reject(error);
		server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', onError);
			resolve((server.server.address() as AddressInfo).port);
		});
	});
}

function createServer(messages: CapturedMail[]): SMTPServer {
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		closeTimeout: 200,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				messages.push({
					raw: Buffer.concat(chunks).toString('utf8'),
					to: session.envelope.rcptTo.map((recipient) => recipient.address)
				});
				callback();
			});
		}
	});
	// A client that goes away mid-dialogue must not fail the test run.
	server.on('error', () => {});
	return server;
}

/** Starts a capturing SMTP server on a free loopback port. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
	const messages: CapturedMail[] = [];
	let server: SMTPServer | null = createServer(messages);
	const port = await listen(server, 0);
	return {
		port,
		url: `smtp://127.0.0.1:${port}`,
		messages,
		stop: async () => {
			const running = server;
			server = null;
			if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
		},
		restart: async () => {
			if (server) return;
			server = createServer(messages);
			await listen(server, port);
		}
	};
}
