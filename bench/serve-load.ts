// The load generator of bench/serve.ts, run as its own process so that it does not share an
// event loop with the webhook: sends admission reviews at a fixed rate (open loop: a slow answer
// does not slow the sending) and prints the latencies as JSON.
//
// - The first second of requests at the same rate is a warm-up that is not counted: it opens the
//   keep-alive connections and lets this process's code be compiled, so that the figures describe
//   the server in its steady state rather than this process's start.
// - Requests go over keep-alive TLS connections with HTTP/1.1 written and read directly (one
//   request at a time per connection, a new connection when every open one is busy), as the API
//   server's client keeps its connections to a webhook. Node's https client costs this process
//   about as much per request as the webhook's review, and its pauses were measured as latency.
// - `--floor` answers instead of measuring: a minimal HTTPS server that allows every review
//   without reading it, so that the benchmark can print what this generator and the machine
//   cost without any webhook (the floor under every figure).
// - `--probe SECONDS` measures the machine instead: it wakes every 5 ms, as a webhook at 200/s
//   does, does a fixed slice of arithmetic and times it. On the shared two-vCPU machines a slice
//   sometimes takes ten times as long: the virtual CPU was slowed or taken away mid-slice. A
//   request being served at such a moment takes as much longer, whatever the server does.
import https from "node:https";
import tls from "node:tls";
import { readFileSync } from "node:fs";

if (process.argv[2] === "--probe") {
  await probe(Number(process.argv[3] ?? 10));
} else if (process.argv[2] === "--floor") {
  const [certFile, keyFile] = process.argv.slice(3);
  const server = https.createServer({ cert: readFileSync(certFile as string), key: readFileSync(keyFile as string) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const uid = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: { uid: string } }).request.uid;
      const body = JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid, allowed: true } });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
} else {
  await generate();
}

interface Connection {
  readonly socket: tls.TLSSocket;
  busy: boolean;
  received: Buffer;
  done: ((status: number) => void) | undefined;
}

async function generate(): Promise<void> {
  const [port, caFile, reviewsFile, rateText, countText, warmUpText] = process.argv.slice(2);
  const rate = Number(rateText);
  const count = Number(countText);
  const warmUp = Number(warmUpText ?? rate);
  const ca = readFileSync(caFile as string, "utf8");
  const requests = (JSON.parse(readFileSync(reviewsFile as string, "utf8")) as string[]).map((body) =>
    Buffer.from(`POST /validate HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  );

  const open: Connection[] = [];
  let latencies: number[] = [];
  let errors = 0;
  let statuses = new Map<number, number>();

  /** A complete response at the start of `data`: its status and length, or undefined when more must come. */
  function response(data: Buffer): { status: number; length: number } | undefined {
    const end = data.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const head = data.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    const match = /\r\ncontent-length: *(\d+)/i.exec(head);
    const length = end + 4 + (match !== null ? Number(match[1]) : 0);
    return data.length >= length ? { status, length } : undefined;
  }

  function connect(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port: Number(port), ca }, () => resolve(connection));
      // Busy from the start: it is opened for the request that asked for it.
      const connection: Connection = { socket, busy: true, received: Buffer.alloc(0), done: undefined };
      socket.setNoDelay(true);
      socket.on("data", (chunk: Buffer) => {
        connection.received = connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
        const complete = response(connection.received);
        if (complete === undefined) return;
        connection.received = connection.received.subarray(complete.length);
        const done = connection.done;
        connection.done = undefined;
        connection.busy = false;
        done?.(complete.status);
      });
      const fail = (error: Error) => {
        const index = open.indexOf(connection);
        if (index >= 0) open.splice(index, 1);
        const done = connection.done;
        connection.done = undefined;
        if (done !== undefined) done(0);
        else reject(error);
      };
      socket.on("error", fail);
      socket.on("close", () => fail(new Error("closed")));
      open.push(connection);
    });
  }

  async function send(i: number): Promise<void> {
    const t0 = performance.now();
    let connection = open.find((c) => !c.busy && c.socket.writable);
    try {
      if (connection === undefined) {
        connection = await connect();
      }
    } catch {
      errors += 1;
      return;
    }
    const chosen = connection;
    chosen.busy = true;
    const status = await new Promise<number>((resolve) => {
      chosen.done = resolve;
      chosen.socket.write(requests[i % requests.length] as Buffer);
    });
    latencies.push(performance.now() - t0);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status !== 200) errors += 1;
  }

  /** Sends `n` requests at the rate, starting with review `first`; resolves when all are answered. */
  async function run(first: number, n: number): Promise<number> {
    const started = performance.now();
    const pending: Array<Promise<void>> = [];
    const interval = 1000 / rate;
    for (let i = 0; i < n; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      // Timers fire to the millisecond; in between, yield to I/O so that answers are read
      // (and their connections free again) between two sends rather than after a burst.
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      else await new Promise((r) => setImmediate(r));
      pending.push(send(first + i));
    }
    await Promise.all(pending);
    return (performance.now() - started) / 1000;
  }

  await run(0, warmUp);
  latencies = [];
  errors = 0;
  statuses = new Map();
  const seconds = await run(warmUp, count);
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  process.stdout.write(JSON.stringify({ rate, count, seconds, throughput: count / seconds, p50: pick(0.5), p99: pick(0.99), p999: pick(0.999), max: latencies[latencies.length - 1], errors, statuses: Object.fromEntries(statuses), connections: open.length }));
  for (const c of open) c.socket.destroy();
}

/** Times a fixed slice of work every 5 ms for `seconds`; prints how many slices took over 5× the median. */
async function probe(seconds: number): Promise<void> {
  const slices: number[] = [];
  let state = 1;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let k = 0; k < 100_000; k++) state = (Math.imul(state, 1103515245) + 12345) | 0;
    slices.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  const sorted = [...slices].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const slow = slices.filter((d) => d > 5 * median);
  process.stdout.write(JSON.stringify({ slices: slices.length, median, slow: slow.length, slowMs: slow.reduce((a, d) => a + d, 0), max: sorted[sorted.length - 1], state: state & 1 }));
}
