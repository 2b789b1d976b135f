import { describe, expect, it } from "vitest";
import { parseWebhookBody, renderWebhookTemplate, type WebhookRequest } from "./webhook-template.js";

const request = (body: unknown, extra: Partial<WebhookRequest> = {}): WebhookRequest => ({
  body,
  headers: { "content-type": "application/json", "x-github-event": "push" },
  query: { source: "ci" },
  method: "POST",
  raw_body: JSON.stringify(body),
  ...extra,
});

describe("renderWebhookTemplate", () => {
  it("fills an object template, keeping the JSON type of sole placeholders", () => {
    const template = {
      event: "order.{{ body.kind }}",
      resource: {
        "steward.resource.id": "order.{{ body.order.id }}",
        "steward.resource.name": "{{ body.customer.name }}",
      },
      payload: {
        order: "{{ body.order }}",
        total: "{{ body.order.total }}",
        via: "{{ headers.x-github-event }}",
      },
    };
    const rendered = renderWebhookTemplate(
      template,
      request({ kind: "created", order: { id: 7, total: 12.5 }, customer: { name: "Ada" } }),
    );
    expect(rendered).toEqual({
      ok: true,
      value: {
        event: "order.created",
        resource: { "steward.resource.id": "order.7", "steward.resource.name": "Ada" },
        payload: { order: { id: 7, total: 12.5 }, total: 12.5, via: "push" },
      },
    });
  });

  it("reads query, method and raw_body", () => {
    const rendered = renderWebhookTemplate(
      {
        event: "{{ method }}.{{ query.source }}",
        resource: { "steward.resource.id": "x" },
        payload: { raw: "{{ raw_body }}" },
      },
      request("plain text", { raw_body: "plain text" }),
    );
    expect(rendered).toMatchObject({ ok: true, value: { event: "POST.ci", payload: { raw: "plain text" } } });
  });

  it("drops keys whose sole placeholder has no value", () => {
    const rendered = renderWebhookTemplate(
      { event: "e", resource: { "steward.resource.id": "x" }, payload: { missing: "{{ body.nope }}" } },
      request({}),
    );
    expect(rendered).toEqual({
      ok: true,
      value: { event: "e", resource: { "steward.resource.id": "x" }, payload: {} },
    });
  });

  it("fills a JSON-text template whose placeholders stand where values go", () => {
    const text =
      '{"event": "n", "resource": {"steward.resource.id": "x"}, "payload": {"n": {{ body.n }}, "q": {{ body.q }}, "gone": {{ body.none }}}}';
    const rendered = renderWebhookTemplate(text, request({ n: 3, q: 'say "hi"' }));
    expect(rendered).toEqual({
      ok: true,
      value: {
        event: "n",
        resource: { "steward.resource.id": "x" },
        payload: { n: 3, q: 'say "hi"', gone: null },
      },
    });
  });

  it("fills a JSON-text template that is JSON already as an object (quotes in values are safe)", () => {
    const text = '{"event": "e", "resource": {"steward.resource.id": "{{ body.id }}"}}';
    expect(renderWebhookTemplate(text, request({ id: 'a"b' }))).toEqual({
      ok: true,
      value: { event: "e", resource: { "steward.resource.id": 'a"b' } },
    });
  });

  it("says why when the result is not a JSON object", () => {
    expect(renderWebhookTemplate("{{ body }}", request([1, 2]))).toEqual({
      ok: false,
      reason: "the template did not produce a JSON object",
    });
    const broken = renderWebhookTemplate('{"event": {{ body.a }} {{ body.b }}}', request({ a: 1, b: 2 }));
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.reason).toMatch(/not valid JSON/);
  });
});

describe("parseWebhookBody", () => {
  it("reads JSON, forms and text by content type", () => {
    expect(parseWebhookBody("application/json; charset=utf-8", '{"a": 1}')).toEqual({ a: 1 });
    expect(parseWebhookBody("application/x-www-form-urlencoded", "a=1&b=two+words")).toEqual({
      a: "1",
      b: "two words",
    });
    expect(parseWebhookBody("text/plain", "hello")).toBe("hello");
    expect(parseWebhookBody("application/json", "not json")).toBe("not json");
    expect(parseWebhookBody(undefined, '{"a": 1}')).toEqual({ a: 1 });
    expect(parseWebhookBody("application/json", "")).toBeNull();
  });
});
