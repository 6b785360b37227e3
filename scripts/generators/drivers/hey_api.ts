// @hey-api/openapi-ts (its default fetch client), default options, through the docs' workflow.
import { createClient, createConfig } from "./client/client";
import {
  addSenderPoolSenders,
  createSenderPool,
  deleteSenderPool,
  fetchMessageOperation,
  fetchSenderPool,
  fetchSenderPoolOperation,
  listSenderPoolSenders,
  listSenderPools,
  listSenders,
  removeSenderPoolSender,
  sendMessages,
  updateSenderPool,
} from "./client/sdk.gen";
import type { SenderPoolList } from "./client/types.gen";
import { BASE_URL, FINAL, RECIPIENT, SID, TOKEN, WINDOW, check, step, until } from "./_steps";

const client = createClient(createConfig({ baseUrl: BASE_URL, auth: () => `${SID}:${TOKEN}` }));

// The body of a success, or an error naming the status.
function ok<T>(result: { data?: T; error?: unknown; response?: Response }): T {
  check(result.data !== undefined && !result.error, `HTTP ${result.response?.status}`);
  return result.data;
}

async function main(): Promise<void> {
  const sms = await step("list ACTIVATED senders", async () => {
    const page = ok(await listSenders({ client, query: { status: "ACTIVATED", channel: "SMS" } }));
    check(page.senders.length >= 3, "fewer than 3 ACTIVATED SMS senders");
    return page.senders.map((s) => s.id);
  });
  const accepted = await step("create a pool with tags", async () =>
    ok(
      await createSenderPool({
        client,
        body: { name: "generators", senders: [{ senderId: sms[0] }], tags: { suite: "generators" } },
      }),
    ),
  );
  const final = (operationId: string) =>
    until(async () => {
      const op = ok(await fetchSenderPoolOperation({ client, path: { operationId } }));
      return FINAL.includes(op.status) ? op : undefined;
    }, "the Operation");
  await step("wait for its Operation", () => final(accepted.operationId));
  const poolId = await step("find it by operationId", () =>
    until(async () => {
      const page = ok(await listSenderPools({ client, query: { operationId: accepted.operationId } }));
      return page.senderPools[0]?.id;
    }, "the pool in the operationId list"),
  );
  const path = { senderPoolId: poolId };
  await step("fetch", async () => {
    const pool = ok(await fetchSenderPool({ client, path }));
    check(pool.tags["suite"] === "generators", "tags not kept");
  });
  await step("PATCH", async () => {
    ok(await updateSenderPool({ client, path, body: { name: "generators-renamed" } }));
    check(ok(await fetchSenderPool({ client, path })).name === "generators-renamed", "name");
  });
  await step("add two senders", async () => {
    const body = [{ senderId: sms[1] }, { senderId: sms[2] }];
    await final(ok(await addSenderPoolSenders({ client, path, body })).operationId);
  });
  await step("list its senders by channel, status, dates", async () => {
    const query = {
      channel: "SMS" as const,
      status: "ACTIVATED" as const,
      startDate: WINDOW.start,
      endDate: WINDOW.end,
    };
    const page = ok(await listSenderPoolSenders({ client, path, query }));
    check(page.senders.length === 3, `expected 3 senders, got ${page.senders.length}`);
  });
  await step("remove one", async () => {
    ok(await removeSenderPoolSender({ client, path: { senderPoolId: poolId, senderId: sms[2] } }));
    const page = ok(await listSenderPoolSenders({ client, path }));
    check(page.senders.length === 2, `expected 2 senders, got ${page.senders.length}`);
  });
  await step("walk all pools with pageSize=1", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined = undefined;
    do {
      const page: SenderPoolList = ok(
        await listSenderPools({ client, query: { pageSize: 1, pageToken } }),
      );
      seen.push(...page.senderPools.map((p) => p.id));
      pageToken = page.pagination.next ?? undefined;
    } while (pageToken);
    check(seen.includes(poolId), "the pool was not visited");
    check(new Set(seen).size === seen.length, "a pool was visited twice");
  });
  await step("send a Message and wait for its Operation", async () => {
    const sent = ok(
      await sendMessages({
        client,
        body: {
          from: { senderPoolId: poolId },
          to: [RECIPIENT],
          content: { text: "Hello from hey-api" },
        },
      }),
    );
    const op = await until(async () => {
      const read = ok(await fetchMessageOperation({ client, path: { operationId: sent.operationId } }));
      return FINAL.includes(read.status) ? read : undefined;
    }, "the send Operation");
    check(op.stats.total === 1, "the send made no Message");
  });
  await step("delete", async () => ok(await deleteSenderPool({ client, path })));
  await step("404 after delete", async () => {
    const result = await fetchSenderPool({ client, path });
    check(result.response?.status === 404, `expected 404, got ${result.response?.status}`);
  });
  await step("401 with wrong credentials", async () => {
    const wrong = createClient(createConfig({ baseUrl: BASE_URL, auth: () => `${SID}:wrong` }));
    const result = await listSenders({ client: wrong });
    check(result.response?.status === 401, `expected 401, got ${result.response?.status}`);
  });
}

void main();
