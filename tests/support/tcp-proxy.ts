// A TCP proxy on 127.0.0.1 between the application and a server (PostgreSQL in the fault
// tests), so that a test can take that server away and bring it back without touching it:
// `cut()` stops listening and drops every open connection, as a stopped PostgreSQL does
// (new connections are refused, open ones end), and `restore()` listens again on the same port.
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpProxy {
	/** The proxy's port on 127.0.0.1. */
	readonly port: number;
	/** Connections accepted since the proxy started (across cuts). */
	readonly accepted: number;
	/** Whether the proxy is listening now. */
	readonly up: boolean;
	/** Stops listening and destroys every open connection, both sides. */
	cut(): Promise<void>;
	/** Listens again on the same port. */
	restore(): Promise<void>;
	/** Cuts for good. */
	close(): Promise<void>;
}

/** Starts forwarding a free loopback port to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
	const sockets = new Set<Socket>();
	let accepted = 0;
	let server: Server | null = null;
	let port = 0;

	const track = (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		// A peer going away is expected here; the other side is closed with it.
		socket.on('error', () => {});
	};

	const listen = (onPort: number) =>
		new Promise<number>((resolve, reject) => {
			const next = createServer({ noDelay: true }, (client) => {
				accepted++;
				const upstream = connect({ host: target.host, port: target.port, noDelay: true });
				track(client);
				track(upstream);
				client.pipe(upstream);
				upstream.pipe(client);
				client.once('close', () => upstream.destroy());
				upstream.once('close', () => client.destroy());
			});
			next.once('error', reject);
			next.listen(onPort, '127.0.0.1', () => {
				next.off('error', reject);
				server = next;
				resolve((next.address() as AddressInfo).port);
			});
		});

	const cut = async () => {
		const running = server;
		server = null;
		const closed = running ? new Promise<void>((done) => running.close(() => done())) : null;
		for (const socket of sockets) socket.destroy();
		sockets.clear();
		await closed;
	};

	port = await listen(0);
	return {
		get port() {
			return port;
		},
		get accepted() {
			return accepted;
		},
		get up() {
			return server !== null;
		},
		cut,
		async restore() {
			if (server) return;
			// The port was ours a moment ago; retry briefly in case the kernel is slow to free it.
			for (let attempt = 1; ; attempt++) {
				try {
					await listen(port);
					return;
				} catch (error) {
					if (attempt >= 20) throw error;
					await new Promise((done) => setTimeout(done, 100));
				}
			}
		},
		close: cut
	};
}
