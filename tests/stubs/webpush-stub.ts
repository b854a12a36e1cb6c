// A local push service over HTTPS: it checks the VAPID JWT, decrypts each message (aes128gcm) with the
// subscription's private key the way a browser would, and records the plaintext.
import { createECDH, randomBytes, randomUUID, type ECDH } from "node:crypto";
import { createServer } from "node:https";
import ece from "http_ece";
import { importJWK, jwtVerify, type JWTPayload } from "jose";
import { generate } from "selfsigned";
import { closeServer, FailurePlan, listen, readBody } from "./http";

export type PushSubscriptionJson = { endpoint: string; keys: { p256dh: string; auth: string } };

export type ReceivedPush = {
  subscriptionId: string;
  /** The decrypted payload as the service worker would see it. */
  payload: string;
  headers: { ttl?: string; urgency?: string; topic?: string; contentEncoding?: string };
  vapid: { publicKey: string; claims: JWTPayload };
};

async function verifyVapid(header: string | undefined, audience: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
  if (!match) throw new Error(`bad Authorization header: ${header}`);
  const [, token, publicKey] = match as unknown as [string, string, string];
  const raw = Buffer.from(publicKey, "base64url");
  const key = await importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33, 65).toString("base64url"),
    },
    "ES256",
  );
  const { payload } = await jwtVerify(token, key, { audience });
  return { publicKey, claims: payload };
}

export async function startWebPushStub() {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    // Reachable as 127.0.0.1 and as localhost, so tests can allow one name and point at the other.
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
  const received: ReceivedPush[] = [];
  const subscriptions = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  /** Subscriptions the browser dropped: the push service answers 410 Gone. */
  const gone = new Set<string>();
  const failures = new FailurePlan();
  let origin = "";
  /** Answers 302 to this location instead of accepting (a push service redirecting elsewhere). */
  let redirectTo: string | undefined;

  const server = createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
    const body = await readBody(req);
    if (redirectTo) return void res.writeHead(302, { location: redirectTo }).end();
    const id = /^\/push\/([^/]+)$/.exec(req.url ?? "")?.[1];
    const sub = id ? subscriptions.get(id) : undefined;
    if (req.method !== "POST" || !id || !sub) return void res.writeHead(404).end();
    if (gone.has(id)) return void res.writeHead(410).end("push subscription has unsubscribed or expired");
    const failure = failures.next();
    if (failure) return void res.writeHead(failure.status, failure.headers).end();
    try {
      // The JWT's audience is the origin of the endpoint it was sent to, by whichever name.
      const vapid = await verifyVapid(req.headers.authorization, `https://${req.headers.host}`);
      const payload = ece.decrypt(body, { version: "aes128gcm", privateKey: sub.ecdh, authSecret: sub.auth });
      received.push({
        subscriptionId: id,
        payload: payload.toString("utf8"),
        headers: {
          ttl: req.headers.ttl as string | undefined,
          urgency: req.headers.urgency as string | undefined,
          topic: req.headers.topic as string | undefined,
          contentEncoding: req.headers["content-encoding"],
        },
        vapid,
      });
    } catch (err) {
      return void res.writeHead(400).end((err as Error).message);
    }
    res.writeHead(201, { location: `${origin}/messages/${randomUUID()}` }).end();
  });
  const port = await listen(server);
  origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    port,
    /** The stub's self-signed certificate, for the provider's `ca` option. */
    ca: pems.cert,
    received,
    gone,
    failures,
    /** A browser's subscription: a fresh P-256 key pair and 16-byte auth secret, as PushManager makes. */
    redirect(location: string | undefined) {
      redirectTo = location;
    },
    /** `host` (default 127.0.0.1) is the name the endpoint uses for this stub. */
    createSubscription(host = "127.0.0.1"): { id: string; subscription: PushSubscriptionJson } {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      subscriptions.set(id, { ecdh, auth });
      return {
        id,
        subscription: {
          endpoint: `https://${host}:${port}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
        },
      };
    },
    close: async () => {
      await closeServer(server);
    },
  };
}
