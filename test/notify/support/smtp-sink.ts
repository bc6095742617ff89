/**
 * A real SMTP server on loopback (npm smtp-server) that keeps what it receives. It can be stopped
 * and started on the same port (an outage), made to refuse mail with a temporary error, and told
 * to run a hook as each message is accepted (the SIGKILL test kills the dispatcher from there).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  raw: Buffer;
  envelopeTo: string[];
  /** MAIL FROM: which sender (instance) handed it over, when senders use different addresses. */
  envelopeFrom: string | null;
  /** The X-Safercal-Delivery header: which outbox row this email came from. */
  deliveryId: string | null;
}

export class SmtpSink {
  readonly received: Received[] = [];
  /** When set, every MAIL FROM is refused with this reply (e.g. 451 for a temporary failure). */
  refuse: { code: number; message: string } | null = null;
  onAccepted: ((r: Received) => void) | null = null;
  /** Mail to this address is refused for good (550 mailbox unavailable). */
  refuseRecipient: string | null = null;
  private server: SMTPServer | null = null;
  port = 0;
  /** Emails accepted, including those not kept. */
  accepted = 0;

  /** `keep: false` only counts (a benchmark sink for 10,000 emails); `delayMs` waits that long before acknowledging each email. */
  constructor(private readonly opts: { keep?: boolean; delayMs?: number } = {}) {}

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        if (!this.refuse) return callback();
        const error = new Error(this.refuse.message) as Error & { responseCode: number };
        error.responseCode = this.refuse.code;
        callback(error);
      },
      onRcptTo: (address, _session, callback) => {
        if (address.address !== this.refuseRecipient) return callback();
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('utf8');
          const r: Received = {
            raw,
            envelopeTo: session.envelope.rcptTo.map((a) => a.address),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            deliveryId: /^X-Safercal-Delivery:\s*(\S+)/im.exec(head)?.[1] ?? null,
          };
          this.accepted++;
          if (this.opts.keep !== false) this.received.push(r);
          this.onAccepted?.(r);
          // A slower server keeps several senders' transactions open at once (the multi-instance kill test).
          if (this.opts.delayMs) setTimeout(callback, this.opts.delayMs);
          else callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => {});
    this.server = server;
    this.port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    // Close open (pooled) client connections too, as a crashed mail server would.
    const connections = (server as unknown as { connections: Set<{ close(): void }> }).connections;
    for (const c of connections ?? []) c.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  parse(r: Received): Promise<ParsedMail> {
    return simpleParser(r.raw);
  }

  async parsedFor(address: string): Promise<ParsedMail[]> {
    return Promise.all(this.received.filter((r) => r.envelopeTo.includes(address)).map((r) => this.parse(r)));
  }

  /** How many times each delivery id arrived. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.received) if (r.deliveryId) out.set(r.deliveryId, (out.get(r.deliveryId) ?? 0) + 1);
    return out;
  }
}
