// openapi-typescript types + openapi-fetch, default options, through the docs' workflow.
import createClient from "openapi-fetch";
import type { components, paths } from "./client/schema";
import { BASE_URL, FINAL, RECIPIENT, SID, TOKEN, WINDOW, check, step, until } from "./_steps";

const basic = (password: string) => `Basic ${btoa(`${SID}:${password}`)}`;
const client = createClient<paths>({ baseUrl: BASE_URL, headers: { Authorization: basic(TOKEN) } });

function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  check(result.data !== undefined && !result.error, `HTTP ${result.response.status}`);
  return result.data;
}

async function main(): Promise<void> {
  const sms = await step("list ACTIVATED senders", async () => {
    const page = ok(
      await client.GET("/Senders", { params: { query: { status: "ACTIVATED", channel: "SMS" } } }),
    );
    check(page.senders.length >= 3, "fewer than 3 ACTIVATED SMS senders");
    return page.senders.map((s) => s.id);
  });
  const accepted = await step("create a pool with tags", async () =>
    ok(
      await client.POST("/SenderPools", {
        body: { name: "generators", senders: [{ senderId: sms[0] }], tags: { suite: "generators" } },
      }),
    ),
  );
  const final = (operationId: string) =>
    until(async () => {
      const op = ok(
        await client.GET("/SenderPools/Operations/{operationId}", {
          params: { path: { operationId } },
        }),
      );
      return FINAL.includes(op.status) ? op : undefined;
    }, "the Operation");
  await step("wait for its Operation", () => final(accepted.operationId));
  const poolId = await step("find it by operationId", () =>
    until(async () => {
      const page = ok(
        await client.GET("/SenderPools", {
          params: { query: { operationId: accepted.operationId } },
        }),
      );
      return page.senderPools[0]?.id;
    }, "the pool in the operationId list"),
  );
  const path = { senderPoolId: poolId };
  await step("fetch", async () => {
    const pool = ok(await client.GET("/SenderPools/{senderPoolId}", { params: { path } }));
    check(pool.tags["suite"] === "generators", "tags not kept");
  });
  await step("PATCH", async () => {
    ok(
      await client.PATCH("/SenderPools/{senderPoolId}", {
        params: { path },
        body: { name: "generators-renamed" },
      }),
    );
    const pool = ok(await client.GET("/SenderPools/{senderPoolId}", { params: { path } }));
    check(pool.name === "generators-renamed", "name not changed");
  });
  await step("add two senders", async () => {
    const added = ok(
      await client.POST("/SenderPools/{senderPoolId}/Senders", {
        params: { path },
        body: [{ senderId: sms[1] }, { senderId: sms[2] }],
      }),
    );
    await final(added.operationId);
  });
  await step("list its senders by channel, status, dates", async () => {
    const query = {
      channel: "SMS" as const,
      status: "ACTIVATED" as const,
      startDate: WINDOW.start,
      endDate: WINDOW.end,
    };
    const page = ok(
      await client.GET("/SenderPools/{senderPoolId}/Senders", { params: { path, query } }),
    );
    check(page.senders.length === 3, `expected 3 senders, got ${page.senders.length}`);
  });
  await step("remove one", async () => {
    ok(
      await client.DELETE("/SenderPools/{senderPoolId}/Senders/{senderId}", {
        params: { path: { senderPoolId: poolId, senderId: sms[2] } },
      }),
    );
    const page = ok(await client.GET("/SenderPools/{senderPoolId}/Senders", { params: { path } }));
    check(page.senders.length === 2, `expected 2 senders, got ${page.senders.length}`);
  });
  await step("walk all pools with pageSize=1", async () => {
    const seen: string[] = [];
    let pageToken: string | undefined = undefined;
    do {
      const page: components["schemas"]["SenderPoolList"] = ok(
        await client.GET("/SenderPools", { params: { query: { pageSize: 1, pageToken } } }),
      );
      seen.push(...page.senderPools.map((p) => p.id));
      pageToken = page.pagination.next ?? undefined;
    } while (pageToken);
    check(seen.includes(poolId), "the pool was not visited");
    check(new Set(seen).size === seen.length, "a pool was visited twice");
  });
  await step("send a Message and wait for its Operation", async () => {
    const sent = ok(
      await client.POST("/Messages", {
        body: {
          from: { senderPoolId: poolId },
          to: [RECIPIENT],
          content: { text: "Hello from openapi-fetch" },
        },
      }),
    );
    const op = await until(async () => {
      const read = ok(
        await client.GET("/Messages/Operations/{operationId}", {
          params: { path: { operationId: sent.operationId } },
        }),
      );
      return FINAL.includes(read.status) ? read : undefined;
    }, "the send Operation");
    check(op.stats.total === 1, "the send made no Message");
  });
  await step("delete", async () =>
    ok(await client.DELETE("/SenderPools/{senderPoolId}", { params: { path } })),
  );
  await step("404 after delete", async () => {
    const result = await client.GET("/SenderPools/{senderPoolId}", { params: { path } });
    check(result.response.status === 404, `expected 404, got ${result.response.status}`);
  });
  await step("401 with wrong credentials", async () => {
    const wrong = createClient<paths>({
      baseUrl: BASE_URL,
      headers: { Authorization: basic("wrong") },
    });
    const result = await wrong.GET("/Senders");
    check(result.response.status === 401, `expected 401, got ${result.response.status}`);
  });
}

void main();
