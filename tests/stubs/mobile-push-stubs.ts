// Local stand-ins for Google's OAuth2 token endpoint with FCM HTTP v1, and for APNs over HTTP/2 with
// TLS: they verify the real credentials (the service account's JWT-bearer assertion, the Bearer
// token, the ES256 provider token), check the real request format, and answer as the services do,
// errors included.
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createSecureServer, constants, type ServerHttp2Stream, type IncomingHttpHeaders } from "node:http2";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { generate } from "selfsigned";
import { closeServer, FailurePlan, listen, readBody, sendJson } from "./http";

type Json = Record<string, unknown>;

export type FcmReceived = {
  token: string;
  notification: Json;
  data: Record<string, string>;
  project: string;
};

const fcmError = (status: number, statusText: string, message: string, details: Json[] = []) => ({
  error: { code: status, message, status: statusText, details },
});

/** A Google service account key file with a fresh RSA key, and FCM answering for its project. */
export async function startFcmStub() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const project = "herald-test-1234";
  const serviceAccount = {
    type: "service_account",
    project_id: project,
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: `herald@${project}.iam.gserviceaccount.com`,
    client_id: "100000000000000000001",
    token_uri: "https://oauth2.googleapis.com/token",
  };
  const state = {
    /** Access tokens handed out, and when each expires (ms). */
    tokens: new Map<string, number>(),
    tokenRequests: 0,
    /** Assertions' claims, as verified. */
    assertions: [] as JWTPayload[],
    /** Tokens FCM answers 404 UNREGISTERED for (the app was uninstalled). */
    unregistered: new Set<string>(),
    received: [] as FcmReceived[],
    /** Programmed answers for the next messages:send calls. */
    failures: new FailurePlan(),
    verifyKey: publicKey as KeyObject,
    /** Google's time when it checks an assertion's iat and exp (a test that moves Herald's clock moves this). */
    now: () => new Date(),
  };
  let origin = "";

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    const url = new URL(req.url ?? "/", origin);
    if (req.method === "POST" && url.pathname === "/token") {
      state.tokenRequests++;
      const form = new URLSearchParams(raw);
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return sendJson(res, 400, {
          error: "unsupported_grant_type",
          error_description: "Invalid grant_type",
        });
      try {
        const assertion = form.get("assertion") ?? "";
        if (decodeProtectedHeader(assertion).kid !== serviceAccount.private_key_id) throw new Error("kid");
        const { payload } = await jwtVerify(assertion, state.verifyKey, {
          algorithms: ["RS256"],
          issuer: serviceAccount.client_email,
          audience: `${origin}/token`,
          maxTokenAge: "1h",
          currentDate: state.now(),
        });
        if (
          !String(payload.scope ?? "")
            .split(" ")
            .includes("https://www.googleapis.com/auth/firebase.messaging")
        )
          throw new Error("scope");
        state.assertions.push(payload);
      } catch {
        return sendJson(res, 400, { error: "invalid_grant", error_description: "Invalid JWT Signature." });
      }
      const token = `ya29.${randomUUID()}`;
      state.tokens.set(token, Date.now() + 3599_000);
      return sendJson(res, 200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
    }
    const send = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(url.pathname);
    if (req.method !== "POST" || !send) return sendJson(res, 404, fcmError(404, "NOT_FOUND", "Not found"));
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!auth || !state.tokens.has(auth))
      return sendJson(
        res,
        401,
        fcmError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
      );
    if (send[1] !== project)
      return sendJson(res, 403, fcmError(403, "PERMISSION_DENIED", "Permission denied on the project."));
    const failure = state.failures.next();
    if (failure) return sendJson(res, failure.status, failure.body ?? {}, failure.headers);
    let message: { token?: unknown; notification?: Json; data?: Record<string, unknown> } | undefined;
    try {
      message = (JSON.parse(raw) as { message?: typeof message }).message;
    } catch {
      // answered below
    }
    const invalid = (what: string, field?: string) =>
      sendJson(
        res,
        400,
        fcmError(400, "INVALID_ARGUMENT", what, [
          { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "INVALID_ARGUMENT" },
          ...(field
            ? [
                {
                  "@type": "type.googleapis.com/google.rpc.BadRequest",
                  fieldViolations: [{ field, description: what }],
                },
              ]
            : []),
        ]),
      );
    if (!message || typeof message.token !== "string") return invalid("Invalid value at 'message'");
    if (!/^[\w-]+:[\w-]+$/.test(message.token))
      return invalid("The registration token is not a valid FCM registration token", "message.token");
    const n = message.notification;
    if (!n || typeof n.title !== "string" || typeof n.body !== "string")
      return invalid("Invalid value at 'message.notification'");
    // FCM refuses any data value that is not a string.
    for (const [k, v] of Object.entries(message.data ?? {}))
      if (typeof v !== "string") return invalid(`Invalid value at 'message.data[${k}].value'`);
    if (state.unregistered.has(message.token))
      return sendJson(
        res,
        404,
        fcmError(404, "NOT_FOUND", "Requested entity was not found.", [
          { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "UNREGISTERED" },
        ]),
      );
    state.received.push({
      token: message.token,
      notification: n,
      data: (message.data ?? {}) as Record<string, string>,
      project: send[1]!,
    });
    return sendJson(res, 200, { name: `projects/${project}/messages/0:${Date.now()}%${randomUUID()}` });
  });
  const port = await listen(server);
  origin = `http://127.0.0.1:${port}`;
  return {
    state,
    origin,
    tokenUrl: `${origin}/token`,
    serviceAccount,
    serviceAccountJson: JSON.stringify(serviceAccount),
    /** A registration token in FCM's shape. */
    deviceToken: () =>
      `${randomUUID().replaceAll("-", "").slice(0, 22)}:APA91b${Buffer.from(randomUUID().repeat(4)).toString("base64url")}`,
    close: () => closeServer(server),
  };
}

export type ApnsReceived = {
  token: string;
  headers: { topic?: string; pushType?: string; priority?: string; expiration?: string; id?: string };
  payload: { aps?: { alert?: { title?: string; body?: string } } } & Json;
  /** The provider token (JWT) the request carried. */
  jwt: string;
};

/** APNs over HTTP/2 with TLS (a self-signed certificate, written for APNS_CA_FILE), and a team's .p8 key. */
export async function startApnsStub() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const keyId = "ABC123DEFG";
  const teamId = "DEF123GHIJ";
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "herald-apns-"));
  const caFile = path.join(dir, "apns-ca.pem");
  writeFileSync(caFile, pems.cert);
  const state = {
    topics: new Set(["com.example.herald"]),
    /** Tokens APNs answers 410 Unregistered for (the app was removed from the device). */
    unregistered: new Set<string>(),
    received: [] as ApnsReceived[],
    /** Every provider token seen, valid or not. */
    jwts: [] as string[],
    failures: new FailurePlan(),
  };
  const reply = (
    stream: ServerHttp2Stream,
    status: number,
    body?: Json,
    headers: Record<string, string> = {},
  ) => {
    stream.respond({
      [constants.HTTP2_HEADER_STATUS]: status,
      "content-type": "application/json",
      ...headers,
    });
    stream.end(body ? JSON.stringify(body) : undefined);
  };

  async function handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, raw: string) {
    const token = /^\/3\/device\/([^/?]+)$/.exec(String(headers[":path"]))?.[1];
    if (headers[":method"] !== "POST") return reply(stream, 405, { reason: "MethodNotAllowed" });
    if (!token) return reply(stream, 404, { reason: "BadPath" });
    const jwt = /^bearer (.+)$/.exec(String(headers.authorization ?? ""))?.[1];
    if (!jwt) return reply(stream, 403, { reason: "MissingProviderToken" });
    state.jwts.push(jwt);
    try {
      if (decodeProtectedHeader(jwt).kid !== keyId) throw new Error("kid");
      await jwtVerify(jwt, publicKey, { algorithms: ["ES256"], issuer: teamId, maxTokenAge: "1h" });
    } catch {
      return reply(stream, 403, { reason: "InvalidProviderToken" });
    }
    const failure = state.failures.next();
    if (failure) return reply(stream, failure.status, failure.body as Json | undefined, failure.headers);
    const topic = headers["apns-topic"] as string | undefined;
    if (!topic) return reply(stream, 400, { reason: "MissingTopic" });
    if (!state.topics.has(topic)) return reply(stream, 400, { reason: "TopicDisallowed" });
    if (headers["apns-push-type"] !== "alert") return reply(stream, 400, { reason: "InvalidPushType" });
    if (!["5", "10", undefined].includes(headers["apns-priority"] as string | undefined))
      return reply(stream, 400, { reason: "BadPriority" });
    if (!/^[0-9a-f]{64}$/i.test(token)) return reply(stream, 400, { reason: "BadDeviceToken" });
    let payload: ApnsReceived["payload"];
    try {
      payload = JSON.parse(raw) as ApnsReceived["payload"];
    } catch {
      return reply(stream, 400, { reason: "PayloadEmpty" });
    }
    if (!payload.aps?.alert) return reply(stream, 400, { reason: "PayloadEmpty" });
    if (state.unregistered.has(token))
      return reply(stream, 410, { reason: "Unregistered", timestamp: Date.now() });
    const id = (headers["apns-id"] as string | undefined) ?? randomUUID().toUpperCase();
    state.received.push({
      token,
      headers: {
        topic,
        pushType: headers["apns-push-type"] as string,
        priority: headers["apns-priority"] as string | undefined,
        expiration: headers["apns-expiration"] as string | undefined,
        id: headers["apns-id"] as string | undefined,
      },
      payload,
      jwt,
    });
    return reply(stream, 200, undefined, { "apns-id": id });
  }

  const server = createSecureServer({ key: pems.private, cert: pems.cert });
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      void handle(stream, headers, Buffer.concat(chunks).toString("utf8")).catch(() => {
        if (!stream.headersSent) reply(stream, 500, { reason: "InternalServerError" });
      });
    });
  });
  const sessions = new Set<import("node:http2").ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  const port = await listen(server);
  return {
    state,
    origin: `https://127.0.0.1:${port}`,
    caFile,
    ca: pems.cert,
    keyId,
    teamId,
    p8: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    /** How many HTTP/2 connections are open now. */
    connections: () => sessions.size,
    deviceToken: () => randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""),
    close: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
