// The docs' workflow, step by step, shared by the TypeScript drivers: each step prints one JSON
// line ({step, ok, detail}); the first failure ends the run (later steps depend on it).
declare const process: {
  env: Record<string, string | undefined>;
  exit(code: number): never;
};

export const BASE_URL = process.env.COMMS_BASE_URL ?? "";
export const SID = process.env.COMMS_SID ?? "";
export const TOKEN = process.env.COMMS_TOKEN ?? "";
export const STEPS = [
  "list ACTIVATED senders",
  "create a pool with tags",
  "wait for its Operation",
  "find it by operationId",
  "fetch",
  "PATCH",
  "add two senders",
  "list its senders by channel, status, dates",
  "remove one",
  "walk all pools with pageSize=1",
  "send a Message and wait for its Operation",
  "delete",
  "404 after delete",
  "401 with wrong credentials",
] as const;

export function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(what);
}

export async function step<T>(name: (typeof STEPS)[number], run: () => Promise<T>): Promise<T> {
  try {
    const value = await run();
    console.log(JSON.stringify({ step: name, ok: true }));
    return value;
  } catch (error) {
    console.log(JSON.stringify({ step: name, ok: false, detail: String(error).slice(0, 300) }));
    process.exit(1);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Poll until `done` returns a value (an Operation is final, a list is non-empty).
export async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

export const FINAL = ["COMPLETED", "CANCELED"];
export const WINDOW = { start: "2020-01-01T00:00:00Z", end: "2099-01-01T00:00:00Z" };
export const RECIPIENT = { address: "+12025550100", channel: "PHONE" };
