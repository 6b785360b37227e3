// openapi-generator typescript-fetch, default options, through the docs' workflow.
import {
  Configuration,
  MessagesApi,
  ResponseError,
  SenderPoolsApi,
  SendersApi,
} from "./client";
import { BASE_URL, FINAL, RECIPIENT, SID, TOKEN, WINDOW, check, step, until } from "./_steps";

const config = new Configuration({ basePath: BASE_URL, username: SID, password: TOKEN });
const senders = new SendersApi(config);
const pools = new SenderPoolsApi(config);
const messages = new MessagesApi(config);

async function status(call: () => Promise<unknown>): Promise<number> {
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof ResponseError) return error.response.status;
    throw error;
  }
}

async function main(): Promise<void> {
  const sms = await step("list ACTIVATED senders", async () => {
    const page = await senders.listSenders({ status: "ACTIVATED", channel: "SMS" });
    check(page.senders.length >= 3, "fewer than 3 ACTIVATED SMS senders");
    check(page.senders.every((s) => s.status === "ACTIVATED"), "a sender is not ACTIVATED");
    return page.senders.map((s) => s.id);
  });
  const accepted = await step("create a pool with tags", () =>
    pools.createSenderPool({
      createSenderPoolRequest: {
        name: "generators",
        senders: [{ senderId: sms[0] }],
        tags: { suite: "generators" },
      },
    }),
  );
  await step("wait for its Operation", () =>
    until(async () => {
      const op = await pools.fetchSenderPoolOperation({ operationId: accepted.operationId });
      return FINAL.includes(op.status) ? op : undefined;
    }, "the create Operation"),
  );
  const poolId = await step("find it by operationId", () =>
    until(async () => {
      const page = await pools.listSenderPools({ operationId: accepted.operationId });
      return page.senderPools[0]?.id;
    }, "the pool in the operationId list"),
  );
  await step("fetch", async () => {
    const pool = await pools.fetchSenderPool({ senderPoolId: poolId });
    check(pool.tags["suite"] === "generators", "tags not kept");
  });
  await step("PATCH", async () => {
    await pools.updateSenderPool({
      senderPoolId: poolId,
      updateSenderPoolRequest: { name: "generators-renamed" },
    });
    check((await pools.fetchSenderPool({ senderPoolId: poolId })).name === "generators-renamed", "name");
  });
  await step("add two senders", async () => {
    const added = await pools.addSenderPoolSenders({
      senderPoolId: poolId,
      senderReference: [{ senderId: sms[1] }, { senderId: sms[2] }],
    });
    await until(async () => {
      const op = await pools.fetchSenderPoolOperation({ operationId: added.operationId });
      return FINAL.includes(op.status) ? op : undefined;
    }, "the add Operation");
  });
  await step("list its senders by channel, status, dates", async () => {
    const page = await pools.listSenderPoolSenders({
      senderPoolId: poolId,
      channel: "SMS",
      status: "ACTIVATED",
      startDate: new Date(WINDOW.start),
      endDate: new Date(WINDOW.end),
    });
    check(page.senders.length === 3, `expected 3 senders, got ${page.senders.length}`);
  });
  await step("remove one", async () => {
    await pools.removeSenderPoolSender({ senderPoolId: poolId, senderId: sms[2] });
    const page = await pools.listSenderPoolSenders({ senderPoolId: poolId });
    check(page.senders.length === 2, `expected 2 senders, got ${page.senders.length}`);
  });
  await step("walk all pools with pageSize=1", async () => {
    const seen: string[] = [];
    let token: string | undefined = undefined;
    do {
      const page = await pools.listSenderPools({ pageSize: 1, pageToken: token });
      seen.push(...page.senderPools.map((p) => p.id));
      token = page.pagination.next ?? undefined;
    } while (token);
    check(seen.includes(poolId), "the pool was not visited");
    check(new Set(seen).size === seen.length, "a pool was visited twice");
  });
  await step("send a Message and wait for its Operation", async () => {
    const sent = await messages.sendMessages({
      sendMessagesRequest: {
        from: { senderPoolId: poolId },
        to: [RECIPIENT],
        content: { text: "Hello from typescript-fetch" },
      },
    });
    const op = await until(async () => {
      const read = await messages.fetchMessageOperation({ operationId: sent.operationId });
      return FINAL.includes(read.status) ? read : undefined;
    }, "the send Operation");
    check(op.stats.total === 1, "the send made no Message");
  });
  await step("delete", () => pools.deleteSenderPool({ senderPoolId: poolId }));
  await step("404 after delete", async () => {
    const code = await status(() => pools.fetchSenderPool({ senderPoolId: poolId }));
    check(code === 404, `expected 404, got ${code}`);
  });
  await step("401 with wrong credentials", async () => {
    const wrong = new SendersApi(
      new Configuration({ basePath: BASE_URL, username: SID, password: "wrong" }),
    );
    const code = await status(() => wrong.listSenders());
    check(code === 401, `expected 401, got ${code}`);
  });
}

void main();
