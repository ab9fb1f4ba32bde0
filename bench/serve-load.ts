// The load generator of bench/serve.ts, run as its own process so that it does not share an
// event loop with the webhook: sends admission reviews at a fixed rate (open loop: a slow answer
// does not slow the sending) and prints the latencies as JSON.
import https from "node:https";
import { readFileSync } from "node:fs";

const [port, caFile, reviewsFile, rateText, countText] = process.argv.slice(2);
const rate = Number(rateText);
const count = Number(countText);
const ca = readFileSync(caFile as string, "utf8");
const reviews = JSON.parse(readFileSync(reviewsFile as string, "utf8")) as string[];
const agent = new https.Agent({ keepAlive: true, maxSockets: 256, ca });

const latencies: number[] = [];
let errors = 0;
let statuses = new Map<number, number>();
const started = performance.now();

function send(i: number): Promise<void> {
  const body = reviews[i % reviews.length] as string;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = https.request({ host: "127.0.0.1", port: Number(port), path: "/validate", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => {
        latencies.push(performance.now() - t0);
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        if (res.statusCode !== 200) errors += 1;
        resolve();
      });
    });
    req.on("error", () => {
      errors += 1;
      resolve();
    });
    req.end(body);
  });
}

const pending: Array<Promise<void>> = [];
const interval = 1000 / rate;
for (let i = 0; i < count; i++) {
  const due = started + i * interval;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(send(i));
}
await Promise.all(pending);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
process.stdout.write(JSON.stringify({ rate, count, seconds, throughput: count / seconds, p50: pick(0.5), p99: pick(0.99), p999: pick(0.999), max: latencies[latencies.length - 1], errors, statuses: Object.fromEntries(statuses) }));
agent.destroy();
